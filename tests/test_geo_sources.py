"""Reading the 2025 reorganisation from the vietnamadminunits data files (no database)."""

from collections import Counter
from datetime import date

import pytest

from motcua.geo.sources import (
    DATASET_CURRENT,
    DATASET_LEGACY,
    REORGANISATION_DATE,
    reorganisation_2025,
    split_name,
)


@pytest.fixture(scope="module")
def groups():
    return reorganisation_2025()


def _units(groups):
    return [row for group in groups.values() for row in group.units.values()]


def test_current_list_has_34_provinces_and_3321_communes(groups):
    in_force = [u for u in _units(groups) if u.valid_to is None]
    counts = Counter(u.level for u in in_force)
    assert len(groups) == 34
    assert counts == {"province": 34, "commune": 3321}


def test_legacy_list_has_63_provinces_with_districts_and_communes(groups):
    before = date(2025, 6, 30)
    legacy = [u for u in _units(groups) if u.valid_from is None or u.valid_from <= before]
    counts = Counter(u.level for u in legacy if u.valid_to is None or u.valid_to > before)
    assert counts == {"province": 63, "district": 696, "commune": 10035}


def test_unchanged_province_is_one_open_version(groups):
    hanoi = [u for u in groups["01"].units.values() if u.level == "province"]
    assert len(hanoi) == 1
    assert (hanoi[0].valid_from, hanoi[0].valid_to) == (None, None)
    assert hanoi[0].dataset == DATASET_CURRENT


def test_merged_province_closes_old_ones_and_opens_the_new_one(groups):
    tuyen_quang = groups["08"]
    provinces = sorted(
        (
            (u.code, u.name, u.valid_from, u.valid_to)
            for u in tuyen_quang.units.values()
            if u.level == "province"
        ),
        key=lambda row: (row[0], row[2] or date.min),
    )
    assert provinces == [
        ("02", "Tỉnh Hà Giang", None, REORGANISATION_DATE),
        ("08", "Tỉnh Tuyên Quang", None, REORGANISATION_DATE),
        ("08", "Tỉnh Tuyên Quang", REORGANISATION_DATE, None),
    ]
    links = {(s.predecessor, s.successor, s.kind) for s in tuyen_quang.successions}
    new = ("province", "08", REORGANISATION_DATE)
    assert (("province", "02", None), new, "merge") in links
    assert (("province", "08", None), new, "merge") in links


def test_every_split_commune_has_exactly_one_default_successor(groups):
    defaults: Counter[tuple] = Counter()
    for group in groups.values():
        for link in group.successions:
            if link.kind == "split":
                defaults[link.predecessor] += link.is_default
    assert defaults
    assert set(defaults.values()) == {1}


def test_truc_bach_becomes_ba_dinh_under_the_same_code(groups):
    hanoi = groups["01"]
    old = hanoi.units[("commune", "00004", None)]
    new = hanoi.units[("commune", "00004", REORGANISATION_DATE)]
    assert (old.name, old.parent_code, old.dataset) == ("Phường Trúc Bạch", "001", DATASET_LEGACY)
    assert (new.name, new.parent_code, new.dataset) == ("Phường Ba Đình", "01", DATASET_CURRENT)
    assert any(s.predecessor == old.key and s.successor == new.key for s in hanoi.successions)


def test_island_district_becomes_a_special_zone(groups):
    links = [s for s in groups["31"].successions if s.predecessor[0] == "district"]
    assert [(s.predecessor[1], s.successor[0], s.kind) for s in links] == [
        ("318", "commune", "retype")
    ]
    zone = groups["31"].units[links[0].successor]
    assert (zone.name, zone.kind) == ("Đặc khu Bạch Long Vĩ", "Đặc khu")


@pytest.mark.parametrize(
    ("name", "short_name", "kind", "expected"),
    [
        (
            "Thành Phố Bắc Kạn",
            "Bắc Kạn",
            "Thành phố",
            ("Thành phố Bắc Kạn", "Bắc Kạn", "Thành phố"),
        ),
        (
            "Thị trấn Yên Viên",
            "Yên Viên (Thị trấn)",
            "Thị trấn",
            ("Thị trấn Yên Viên", "Yên Viên", "Thị trấn"),
        ),
        ("Thị trấn Ngọc Lặc", "Ngọc Lặc", "Xã", ("Thị trấn Ngọc Lặc", "Ngọc Lặc", "Thị trấn")),
        ("Phường 1", "Phường 1", "Phường", ("Phường 1", "Phường 1", "Phường")),
    ],
)
def test_names_are_normalised(name, short_name, kind, expected):
    assert split_name(name, short_name, kind) == expected
