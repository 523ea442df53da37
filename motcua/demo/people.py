"""The demo's people: one account for every staff role, and two citizens.

Passwords are public on purpose (printed at start); the loader refuses to run with
DEBUG off so they never reach a production installation.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.agencies.models import Role

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 - demo accounts only, refused when DEBUG is off


@dataclass(frozen=True)
class DemoStaff:
    username: str
    full_name: str
    role: Role
    agency: str  # e-identifier
    centre: str | None = None  # centre code, for desk work


@dataclass(frozen=True)
class DemoCitizen:
    username: str
    full_name: str
    id_number: str
    phone: str
    email: str
    address: str


CENTRE_AGENCY = "H42.30"
PROVINCE_COMMITTEE = "H42"

STAFF = [
    DemoStaff("tiepnhan", "Lê Thị Hồng", Role.DESK_OFFICER, CENTRE_AGENCY, "H42.30"),
    DemoStaff("tiepnhan2", "Phan Văn Đức", Role.DESK_OFFICER, CENTRE_AGENCY, "H42.30.01"),
    DemoStaff("chuyenvien", "Nguyễn Thị Mai", Role.HANDLING_OFFICIAL, "H42.01"),
    DemoStaff("truongphong", "Trần Quốc Huy", Role.HEAD_OF_DIVISION, "H42.01"),
    DemoStaff("lanhdao", "Võ Đình Thắng", Role.LEADER, "H42.01"),
    DemoStaff("vanthu", "Đặng Thu Trang", Role.CLERK, "H42.01"),
    DemoStaff("chuyenvienxd", "Hoàng Minh Tuấn", Role.HANDLING_OFFICIAL, "H42.05"),
    DemoStaff("lanhdaoxd", "Bùi Văn Khánh", Role.LEADER, "H42.05"),
    DemoStaff("giamsat", "Ngô Thị Lan", Role.CENTRE_SUPERVISOR, CENTRE_AGENCY, "H42.30"),
    DemoStaff("giamsattinh", "Phạm Văn Long", Role.PROVINCE_SUPERVISOR, PROVINCE_COMMITTEE),
    DemoStaff("quantri", "Đỗ Hải Nam", Role.ADMINISTRATOR, PROVINCE_COMMITTEE),
]

CITIZENS = [
    DemoCitizen(
        "congdan1",
        "Nguyễn Văn An",
        "042095001234",
        "0912345678",
        "an.nguyen@example.vn",
        "Số 12 đường Phan Đình Phùng, Phường Thành Sen, Hà Tĩnh",
    ),
    DemoCitizen(
        "congdan2",
        "Trần Thị Bình",
        "042198007654",
        "0987654321",
        "binh.tran@example.vn",
        "Thôn Trung Tiến, Xã Thạch Hà, Hà Tĩnh",
    ),
]
