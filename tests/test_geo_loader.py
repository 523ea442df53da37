"""Loading units into the database: one province at a time, dated, idempotent."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from motcua.geo import selectors, services
from motcua.geo.loader import load_units
from motcua.geo.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db

BEFORE = date(2025, 6, 30)
AFTER = date(2025, 7, 1)


def _counts() -> tuple[int, int]:
    return AdministrativeUnit.objects.count(), UnitSuccession.objects.count()


def test_command_loads_one_province_with_its_legacy_units(capsys):
    call_command("load_units", "--province", "01", "--no-progress")
    assert "thêm 683" in capsys.readouterr().out
    on_after = selectors.units_on(AFTER)
    on_before = selectors.units_on(BEFORE)
    assert on_after.filter(level="commune", parent_code="01").count() == 126
    assert on_before.filter(level="district", parent_code="01").count() == 30
    assert on_before.filter(level="commune").count() == 526
    assert not on_after.filter(level="district").exists()
    hanoi = AdministrativeUnit.objects.get(level="province", code="01")
    assert (hanoi.valid_from, hanoi.valid_to, hanoi.search_key) == (None, None, "thanh pho ha noi")


def test_code_00004_is_truc_bach_before_and_ba_dinh_after():
    load_units(provinces=["01"])
    truc_bach = selectors.unit_as_of("00004", on=BEFORE)
    ba_dinh = selectors.unit_as_of("00004", on=AFTER)
    assert truc_bach is not None and ba_dinh is not None
    assert (truc_bach.name, truc_bach.parent_code) == ("Phường Trúc Bạch", "001")
    assert (ba_dinh.name, ba_dinh.parent_code) == ("Phường Ba Đình", "01")
    assert selectors.parent_of(truc_bach).name == "Quận Ba Đình"
    assert selectors.parent_of(ba_dinh).name == "Thành phố Hà Nội"
    successors = selectors.successors_on(truc_bach)
    assert [(s.unit.pk, s.is_default) for s in successors] == [(ba_dinh.pk, True)]
    formed_from = {link.predecessor.name for link in selectors.successions_into(ba_dinh)}
    assert {"Phường Trúc Bạch", "Phường Quán Thánh"} <= formed_from


def test_merged_province_hands_over_to_the_new_one():
    load_units(provinces=["8"])
    ha_giang = selectors.unit_as_of("02", on=BEFORE, level="province")
    assert ha_giang is not None and ha_giang.valid_to == AFTER
    assert selectors.unit_as_of("02", on=AFTER) is None
    old = selectors.unit_as_of("08", on=BEFORE)
    new = selectors.unit_as_of("08", on=AFTER)
    assert old.pk != new.pk and old.name == new.name == "Tỉnh Tuyên Quang"
    assert [s.unit.pk for s in selectors.successors_on(ha_giang)] == [new.pk]
    assert selectors.children_of(ha_giang).count() == 11  # its districts, as of its last day
    assert selectors.children_of(new, on=AFTER).count() == 124
    assert selectors.children_of(ha_giang, on=AFTER).count() == 0


def test_split_commune_maps_to_several_with_one_default():
    load_units(provinces=["08"])
    link = UnitSuccession.objects.filter(kind="split").select_related("predecessor").first()
    assert link is not None
    successors = selectors.successors_on(link.predecessor, on=AFTER)
    assert len(successors) >= 2
    assert [s.is_default for s in successors].count(True) == 1
    assert successors[0].is_default


def test_reloading_changes_nothing():
    first = load_units(provinces=["08"])
    before = _counts()
    second = load_units(provinces=["08"])
    assert first.changed and not second.changed
    assert (second.unchanged, second.successions_unchanged) == (
        first.created,
        first.successions_created,
    )
    assert _counts() == before


def test_reloading_keeps_changes_made_through_the_services():
    load_units(provinces=["08"])
    unit = selectors.unit_as_of("08", on=date(2026, 1, 1))
    services.unit_rename(unit=unit, name="Tỉnh Tuyên Quang Mới", effective=date(2026, 1, 1))
    report = load_units(provinces=["08"])
    assert (report.created, report.updated, report.kept) == (0, 0, 1)
    assert selectors.unit_as_of("08", on=date(2026, 2, 1)).name == "Tỉnh Tuyên Quang Mới"
    assert selectors.unit_as_of("08", on=AFTER).valid_to == date(2026, 1, 1)


def test_reloading_refreshes_a_corrected_name():
    load_units(provinces=["08"])
    AdministrativeUnit.objects.filter(code="02", level="province").update(name="Tỉnh Hà Giag")
    report = load_units(provinces=["08"])
    assert report.updated == 1
    assert AdministrativeUnit.objects.get(code="02", level="province").name == "Tỉnh Hà Giang"


def test_unknown_province_is_refused_in_vietnamese():
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã 02"):
        call_command("load_units", province=["02"], verbosity=0)
    assert _counts() == (0, 0)
