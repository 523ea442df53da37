"""Importing the 27 real sample procedures: counts, real values, nulls, idempotence, versions."""

from __future__ import annotations

import copy
import json
from datetime import date, time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.catalog.exporting import procedures_export
from motcua.catalog.models import (
    Component,
    Field,
    InternalProcess,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.sample import sample_path, sample_records
from motcua.catalog.selectors import procedure_version_by_code
from motcua.catalog.services import procedure_version_mark_used, procedures_import

pytestmark = pytest.mark.django_db

PROVINCE = "Hà Tĩnh"


@pytest.fixture
def records():
    return sample_records()


@pytest.fixture
def imported(records):
    return procedures_import(records=records, province=PROVINCE)


def version_of(code: str) -> ProcedureVersion:
    return ProcedureVersion.objects.get(procedure__code=code)


def test_all_27_sample_procedures_are_imported(records, imported):
    assert len(records) == 27
    assert imported.ok, imported.errors
    assert imported.procedures_created == 27
    assert imported.versions_created == 27
    assert Procedure.objects.count() == 27
    assert Procedure.objects.filter(code__isnull=True).count() == 3
    assert Field.objects.count() == len({r["field"] for r in records}) == 20
    assert Component.objects.count() == sum(len(r["components"]) for r in records) == 39
    assert LegalBasis.objects.count() == sum(len(r["legal_basis"]) for r in records) == 91
    assert InternalProcess.objects.count() == sum(1 for r in records if r["internal_steps"]) == 14
    assert ProcessStep.objects.count() == sum(len(r["internal_steps"]) for r in records) == 107
    assert imported.unverified == sum(1 for r in records if not r["verified"]) == 5


def test_real_values_survive_the_import(imported):
    residence = version_of("1.004222")
    assert residence.name == "Đăng ký thường trú"
    assert residence.field.name == "Đăng ký, quản lý cư trú"
    assert residence.level == "commune"
    assert residence.handling_time_value == 7
    assert residence.handling_time_unit == "working_day"
    assert residence.fee_vnd == 20000
    assert residence.online_level == "partial"
    assert residence.legal_basis.get().reference == "66/2023/TT-BCA"
    first = residence.components.order_by("position")[1]
    assert first.original_or_copy == "original_or_certified_copy"
    assert first.count == 1

    copy_cert = version_of("2.000815")
    assert (copy_cert.fee_vnd, copy_cert.handling_time_unit) == (2000, "immediate")
    assert copy_cert.same_day is True
    assert copy_cert.cutoff == time(15, 0)

    compensation = version_of("1.012994")
    assert compensation.handling_time_value == 168
    assert compensation.handling_time_unit == "working_hour"
    assert compensation.online_level == "full"


def test_local_code_with_province_suffix_is_kept(imported):
    rehab = version_of("3.000527.H61")
    assert rehab.name == "Đăng ký cai nghiện ma túy tự nguyện"
    assert rehab.components.order_by("position").first().count == 1


def test_nulls_in_the_source_stay_null(imported):
    permit = version_of("1.013225")
    assert permit.handling_time_value is None
    assert permit.handling_time_unit == ""
    assert permit.fee_vnd is None
    assert permit.result == ""
    assert permit.same_day is None
    assert not permit.legal_basis.exists()
    birth = version_of("1.001193")
    assert birth.online_level == ""
    assert birth.online_only is None
    assert birth.effective_from is None  # the source gives no start date
    rehab = version_of("3.000527.H61")
    assert rehab.components.order_by("position").first().original_or_copy == ""
    cfs = version_of("1.014464")
    assert all(c.count is None for c in cfs.components.all())
    unknown = cfs.processes.get().steps.get(label="B1")
    assert (unknown.working_days, unknown.clock_hours) == (None, None)
    assert unknown.time_raw == "Giờ hành chính"


def test_nulls_are_null_again_in_the_export(imported):
    exported = {r["code"]: r for r in procedures_export(province=PROVINCE)}
    permit = exported["1.013225"]
    assert permit["processing_time"] == {
        "value": None,
        "unit": None,
        "note": "Not stated in the available source (list-only decision)",
    }
    assert permit["fee_vnd"] is None
    assert permit["result"] is None
    assert exported["1.001193"]["online_level"] is None


def test_cutoffs_come_from_what_the_source_says(imported):
    household = ProcedureVersion.objects.get(name__startswith="Đăng ký thành lập hộ kinh doanh")
    assert household.cutoff == time(17, 0)
    group = ProcedureVersion.objects.get(name__startswith="Nhóm thủ tục hành chính liên thông")
    assert group.cutoff is None
    assert group.cutoff_before_closing == 60
    assert version_of("1.004222").cutoff is None


def test_reimporting_the_same_data_creates_nothing(records, imported):
    again = procedures_import(records=records, province=PROVINCE)
    assert again.ok
    assert again.unchanged == 27
    assert (again.procedures_created, again.versions_created) == (0, 0)
    assert (again.processes_created, again.processes_replaced) == (0, 0)
    assert ProcedureVersion.objects.count() == 27


def test_export_reimports_as_unchanged(imported):
    exported = json.loads(json.dumps(procedures_export(province=PROVINCE)))
    again = procedures_import(records=exported, province=PROVINCE)
    assert again.ok, again.errors
    assert again.unchanged == 27
    assert (again.versions_created, again.processes_created, again.processes_replaced) == (0, 0, 0)


def test_changed_record_makes_a_new_version_and_keeps_the_old(records, imported):
    changed = copy.deepcopy(records)
    residence = next(r for r in changed if r["code"] == "1.004222")
    residence["fee_vnd"] = 15000
    report = procedures_import(records=changed, province=PROVINCE, effective_from=date(2026, 7, 1))
    assert report.versions_created == 1
    assert report.unchanged == 26
    old, new = ProcedureVersion.objects.filter(procedure__code="1.004222").order_by("number")
    assert (old.number, old.fee_vnd, old.effective_to) == (1, 20000, date(2026, 7, 1))
    assert (new.number, new.fee_vnd, new.effective_from) == (2, 15000, date(2026, 7, 1))
    assert new.components.count() == old.components.count() == 3
    before = procedure_version_by_code(code="1.004222", on=date(2026, 6, 30))
    after = procedure_version_by_code(code="1.004222", on=date(2026, 7, 1))
    assert (before.fee_vnd, after.fee_vnd) == (20000, 15000)


def test_changed_steps_on_a_used_version_make_a_new_version(records, imported):
    version = version_of("1.014465")
    procedure_version_mark_used(version=version)
    changed = copy.deepcopy(records)
    record = next(r for r in changed if r["code"] == "1.014465")
    record["internal_steps"][0]["actor"] = "Bộ phận một cửa"
    report = procedures_import(records=changed, province=PROVINCE, effective_from=date(2026, 8, 3))
    assert report.versions_created == 1
    old, new = ProcedureVersion.objects.filter(procedure__code="1.014465").order_by("number")
    assert old.processes.get().steps.get(position=1).actor.startswith("Bộ phận TN&TKQ")
    assert new.processes.get().steps.get(position=1).actor == "Bộ phận một cửa"
    assert new.used_at is None


def test_changed_steps_on_an_unused_version_replace_the_process(records, imported):
    changed = copy.deepcopy(records)
    record = next(r for r in changed if r["code"] == "1.014465")
    record["internal_steps"][0]["actor"] = "Bộ phận một cửa"
    report = procedures_import(records=changed, province=PROVINCE)
    assert (report.versions_created, report.processes_replaced) == (0, 1)
    assert version_of("1.014465").processes.get().steps.get(position=1).actor == "Bộ phận một cửa"


def test_another_province_gets_its_own_process(records, imported):
    report = procedures_import(records=records, province="Cao Bằng")
    assert report.unchanged == 27
    assert report.processes_created == 14
    provinces = set(version_of("1.014465").processes.values_list("province", flat=True))
    assert provinces == {"Hà Tĩnh", "Cao Bằng"}


def test_bad_records_are_reported_and_skipped(records):
    bad = [
        {**records[0], "code": "1.0042"},
        {**records[1], "level": "village"},
        {**records[2], "fee_vnd": "mười nghìn"},
        "not an object",
        records[3],
    ]
    report = procedures_import(records=bad)
    assert len(report.errors) == 4
    assert "code" in report.errors[0]
    assert "level" in report.errors[1]
    assert "fee_vnd" in report.errors[2]
    assert Procedure.objects.count() == 1


def test_out_of_range_values_are_reported_not_crashing(records):
    bad_steps = copy.deepcopy(records[1])
    bad_steps["internal_steps"][0]["step"] = "B" * 30
    bad = [
        {**records[0], "fee_vnd": 10**20},
        {**records[2], "processing_time": {"value": 0.123456, "unit": "working_day"}},
        {**records[3], "field": "x" * 300},
        bad_steps,
        {**records[4], "legal_basis": [{"reference": "r" * 400}]},
    ]
    report = procedures_import(records=bad)
    assert [e.split(": ")[1] for e in report.errors] == [
        "fee_vnd",
        "processing_time.value",
        "field",
        "internal_steps[0].step",
        "legal_basis[0].reference",
    ]
    assert not Procedure.objects.exists()


def test_text_is_stored_nfc(records):
    import unicodedata

    record = copy.deepcopy(records[20])
    record["name"] = unicodedata.normalize("NFD", record["name"])
    procedures_import(records=[record])
    stored = ProcedureVersion.objects.get()
    assert stored.name == unicodedata.normalize("NFC", record["name"])


def test_step_times_are_fractions_of_a_working_day(imported):
    steps = version_of("1.012994").processes.get().steps.order_by("position")
    assert [s.working_days for s in steps][:3] == [Decimal("0.5"), Decimal("0.5"), Decimal(14)]
    urgent = version_of("1.004946").processes.get().steps.order_by("position")
    assert urgent[2].clock_hours == 4
    assert urgent[2].working_days is None


def test_command_imports_with_progress_and_is_idempotent():
    out, err = StringIO(), StringIO()
    call_command("import_procedures", str(sample_path()), province=PROVINCE, stdout=out, stderr=err)
    assert "27 thủ tục mới" in out.getvalue()
    assert "27/27" in err.getvalue()
    out = StringIO()
    call_command("import_procedures", str(sample_path()), province=PROVINCE, stdout=out, stderr=err)
    assert "27 không đổi" in out.getvalue()
    assert ProcedureVersion.objects.count() == 27


def test_export_command_writes_json(imported, tmp_path):
    target = tmp_path / "procedures.json"
    call_command("export_procedures", output=target, province=PROVINCE, stderr=StringIO())
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == 27
    birth = next(r for r in data if r["code"] == "1.001193")
    assert birth["name"] == "Thủ tục đăng ký khai sinh"


def test_second_change_on_the_same_day_corrects_the_new_version(records, imported):
    changed = copy.deepcopy(records)
    residence = next(r for r in changed if r["code"] == "1.004222")
    residence["fee_vnd"] = 15000
    start = date(2026, 7, 1)
    procedures_import(records=changed, province=PROVINCE, effective_from=start)
    residence["fee_vnd"] = 10000
    residence["components"] = residence["components"][:1]
    report = procedures_import(records=changed, province=PROVINCE, effective_from=start)
    assert (report.versions_created, report.versions_replaced) == (0, 1)
    versions = ProcedureVersion.objects.filter(procedure__code="1.004222").order_by("number")
    assert [(v.number, v.fee_vnd) for v in versions] == [(1, 20000), (2, 10000)]
    assert versions[1].components.count() == 1


def test_change_on_an_earlier_day_than_the_latest_version_is_an_error(records, imported):
    changed = copy.deepcopy(records)
    residence = next(r for r in changed if r["code"] == "1.004222")
    residence["fee_vnd"] = 15000
    procedures_import(records=changed, province=PROVINCE, effective_from=date(2026, 7, 1))
    residence["fee_vnd"] = 10000
    report = procedures_import(records=changed, province=PROVINCE, effective_from=date(2026, 6, 1))
    assert len(report.errors) == 1
    assert "1.004222" in report.errors[0]
    assert "01/07/2026" in report.errors[0]
