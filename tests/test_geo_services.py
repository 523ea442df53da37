"""Rename, re-type, move, merge and split keep every past answer intact."""

from datetime import date

import pytest

from motcua.geo import selectors
from motcua.geo.models import AdministrativeUnit, UnitSuccession
from motcua.geo.services import (
    NewUnit,
    UnitChangeError,
    unit_create,
    unit_move,
    unit_rename,
    unit_retype,
    unit_split,
    units_merge,
)

pytestmark = pytest.mark.django_db

START = date(2025, 7, 1)
LATER = date(2026, 4, 30)


@pytest.fixture
def dong_nai():
    province = unit_create(level="province", code="75", name="Tỉnh Đồng Nai", kind="Tỉnh")
    communes = [
        unit_create(
            level="commune", code=code, name=name, kind="Xã", parent_code="75", valid_from=START
        )
        for code, name in [
            ("26080", "Xã Đại Phước"),
            ("26170", "Xã Nhơn Trạch"),
            ("26182", "Xã Phước An"),
        ]
    ]
    return province, communes


def test_retype_opens_a_new_version_and_keeps_the_old_answer(dong_nai):
    province, communes = dong_nai
    city = unit_retype(unit=province, kind="Thành phố", effective=LATER, basis="NQ 2026")
    assert (city.name, city.short_name, city.kind, city.valid_from) == (
        "Thành phố Đồng Nai",
        "Đồng Nai",
        "Thành phố",
        LATER,
    )
    assert selectors.unit_as_of("75", on=date(2026, 4, 29)).name == "Tỉnh Đồng Nai"
    assert selectors.unit_as_of("75", on=LATER).name == "Thành phố Đồng Nai"
    province.refresh_from_db()
    assert province.valid_to == LATER
    link = UnitSuccession.objects.get(predecessor=province)
    assert (link.successor, link.kind, link.effective, link.basis) == (
        city,
        "retype",
        LATER,
        "NQ 2026",
    )
    # Children hang on the code, so they follow the new version without being touched.
    assert selectors.children_of(city).count() == 3
    assert selectors.parent_of(communes[0], on=LATER) == city


def test_rename_keeps_kind_and_derives_the_short_name(dong_nai):
    _, communes = dong_nai
    renamed = unit_rename(unit=communes[0], name="Xã Đại Phước Mới", effective=LATER)
    assert (renamed.kind, renamed.short_name, renamed.search_key) == (
        "Xã",
        "Đại Phước Mới",
        "xa dai phuoc moi",
    )
    assert [v.name for v in selectors.unit_versions("26080")] == [
        "Xã Đại Phước",
        "Xã Đại Phước Mới",
    ]
    assert [s.unit for s in selectors.successors_on(communes[0])] == [renamed]


def test_merge_closes_all_and_opens_one_reusing_a_code(dong_nai):
    _, communes = dong_nai
    merged = units_merge(
        units=communes[:2],
        into=NewUnit(code="26080", name="Xã Đại Phước", kind="Xã"),
        effective=LATER,
    )
    assert merged.parent_code == "75" and merged.valid_from == LATER
    for old in communes[:2]:
        old.refresh_from_db()
        assert old.valid_to == LATER
        assert [s.unit for s in selectors.successors_on(old)] == [merged]
    assert selectors.unit_as_of("26170", on=LATER) is None
    assert selectors.unit_as_of("26170", on=START).name == "Xã Nhơn Trạch"
    assert set(UnitSuccession.objects.filter(successor=merged).values_list("kind", flat=True)) == {
        "merge"
    }


def test_split_marks_one_default_successor(dong_nai):
    _, communes = dong_nai
    parts = unit_split(
        unit=communes[2],
        into=[
            NewUnit(code="26182", name="Xã Phước An", kind="Xã"),
            NewUnit(code="26183", name="Phường Long Tân", kind="Phường", is_default=True),
        ],
        effective=LATER,
    )
    successors = selectors.successors_on(communes[2], on=LATER)
    assert [(s.unit, s.is_default) for s in successors] == [(parts[1], True), (parts[0], False)]
    assert parts[1].short_name == "Long Tân"


def test_old_to_new_mapping_follows_chains_and_keeps_the_default(dong_nai):
    _, communes = dong_nai
    east, west = unit_split(
        unit=communes[2],
        into=[NewUnit("26182", "Xã Phước An", "Xã"), NewUnit("26184", "Xã Phước Tây", "Xã")],
        effective=LATER,
    )
    later = date(2027, 1, 1)
    merged = units_merge(
        units=[west, communes[1]], into=NewUnit("26170", "Xã Nhơn Trạch", "Xã"), effective=later
    )
    mapping = selectors.successors_on(communes[2], on=later)
    assert [(s.unit, s.is_default) for s in mapping] == [(east, True), (merged, False)]
    assert [(s.unit, s.is_default) for s in selectors.successors_on(communes[2], on=LATER)] == [
        (east, True),
        (west, False),
    ]


def test_move_changes_the_parent_from_a_date(dong_nai):
    _, communes = dong_nai
    unit_create(level="province", code="79", name="Thành phố Hồ Chí Minh", kind="Thành phố")
    moved = unit_move(unit=communes[0], parent_code="79", effective=LATER)
    assert selectors.parent_of(moved).code == "79"
    assert selectors.parent_of(communes[0]).code == "75"
    assert UnitSuccession.objects.get(successor=moved).kind == "transfer"


def test_search_ignores_diacritics_and_d_bar(dong_nai):
    found = selectors.search_units("DAI PHUOC", on=LATER)
    assert [u.code for u in found] == ["26080"]
    assert [u.code for u in selectors.search_units("đồng nai", on=LATER)] == ["75"]
    assert [u.code for u in selectors.search_units("2617", on=LATER)] == ["26170"]
    assert selectors.search_units("phuoc", on=date(2025, 1, 1)).count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda u: unit_rename(unit=u, name="Tỉnh Khác", effective=date(2000, 1, 1)), "unit"),
        (lambda u: unit_rename(unit=u, name="Tỉnh Đồng Nai", effective=LATER), "name"),
        (lambda u: unit_retype(unit=u, kind="Tỉnh", effective=LATER), "kind"),
        (lambda u: unit_move(unit=u, parent_code="01", effective=LATER), "parent_code"),
    ],
)
def test_refused_changes_say_why_and_change_nothing(dong_nai, change, field):
    province, _ = dong_nai
    if field == "unit":
        unit_rename(unit=province, name="Tỉnh Đồng Nai Mới", effective=LATER)
        province.refresh_from_db()
    before = list(AdministrativeUnit.objects.values_list("pk", "name", "valid_to"))
    with pytest.raises(UnitChangeError) as caught:
        change(province)
    assert caught.value.field == field
    assert list(AdministrativeUnit.objects.values_list("pk", "name", "valid_to")) == before


def test_effective_date_must_follow_the_start(dong_nai):
    _, communes = dong_nai
    with pytest.raises(UnitChangeError, match="Ngày hiệu lực phải sau"):
        unit_rename(unit=communes[0], name="Xã Khác", effective=START)


def test_codes_are_checked(dong_nai):
    with pytest.raises(UnitChangeError, match="5 chữ số"):
        unit_create(level="commune", code="123", name="Xã A", kind="Xã", parent_code="75")
    with pytest.raises(UnitChangeError, match="đang dùng cho Xã Đại Phước"):
        unit_create(
            level="commune",
            code="26080",
            name="Xã B",
            kind="Xã",
            parent_code="75",
            valid_from=LATER,
        )
    with pytest.raises(UnitChangeError, match="đơn vị cấp trên mã 99"):
        unit_create(level="commune", code="99999", name="Xã C", kind="Xã", parent_code="99")


def test_split_and_merge_need_enough_units(dong_nai):
    province, communes = dong_nai
    with pytest.raises(UnitChangeError, match="ít nhất hai"):
        units_merge(units=[communes[0]], into=NewUnit("26080", "Xã A", "Xã"), effective=LATER)
    with pytest.raises(UnitChangeError, match="cùng cấp"):
        units_merge(
            units=[province, communes[0]], into=NewUnit("75", "Tỉnh A", "Tỉnh"), effective=LATER
        )
    with pytest.raises(UnitChangeError, match="ít nhất hai"):
        unit_split(unit=communes[0], into=[NewUnit("26080", "Xã A", "Xã")], effective=LATER)
