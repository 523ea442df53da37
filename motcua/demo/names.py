"""Deterministic Vietnamese names for the demo's generated staff and applicants."""

from __future__ import annotations

import random

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Hà",
]
MIDDLE_MALE = ["Văn", "Đình", "Quốc", "Minh", "Hữu", "Đức", "Công", "Xuân"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Mai", "Phương"]
GIVEN_MALE = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hiếu",
    "Lộc",
    "Trung",
]
GIVEN_FEMALE = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
]
STREETS = [
    "Phan Đình Phùng",
    "Trần Phú",
    "Nguyễn Du",
    "Hà Huy Tập",
    "Lê Duẩn",
    "Xuân Diệu",
    "Nguyễn Công Trứ",
    "Hàm Nghi",
    "Võ Liêm Sơn",
    "Mai Thúc Loan",
]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def citizen_id(rng: random.Random, province_code: str) -> str:
    """A 12-digit personal identifier: province of birth, century/sex digit, year, serial."""
    century_sex = rng.choice("0123")
    year = rng.randint(50, 99) if century_sex in "01" else rng.randint(0, 6)
    return f"0{province_code}{century_sex}{year:02d}{rng.randint(0, 999999):06d}"


MOBILE_PREFIXES = ["91", "98", "97", "88", "86", "35", "39", "70"]


def phone(rng: random.Random) -> str:
    return f"0{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9999999):07d}"


def address(rng: random.Random, commune: str) -> str:
    return f"Số {rng.randint(1, 180)} đường {rng.choice(STREETS)}, {commune}, Hà Tĩnh"
