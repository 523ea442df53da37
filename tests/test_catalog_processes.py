"""Internal processes add up to the legal time: consistent, refused, flagged, locked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from motcua.catalog.models import CheckStatus, InternalProcess, ProcedureVersion
from motcua.catalog.sample import sample_records
from motcua.catalog.selectors import process_check, process_for
from motcua.catalog.services import (
    StepInput,
    procedure_version_clone,
    procedure_version_mark_used,
    procedure_version_save,
    procedures_import,
    process_set_steps,
)

pytestmark = pytest.mark.django_db

PROVINCE = "Cao Bằng"


@pytest.fixture
def imported():
    report = procedures_import(records=sample_records(), province=PROVINCE)
    assert report.ok
    return report


def process_of(code: str) -> InternalProcess:
    return InternalProcess.objects.get(version__procedure__code=code, province=PROVINCE)


def steps_of(process: InternalProcess) -> list[StepInput]:
    return [
        StepInput(label=s.label, actor=s.actor, working_days=s.working_days)
        for s in process.steps.all()
    ]


def test_consistent_process_sums_to_the_legal_time(imported):
    check = process_check(process=process_of("1.014465"))
    assert check.status == CheckStatus.CONSISTENT
    assert check.total == check.target == 3
    assert check.discrepancy == 0


def test_working_hours_are_converted_to_days(imported):
    check = process_check(process=process_of("1.012994"))
    assert check.status == CheckStatus.CONSISTENT
    assert check.total == 21  # 168 working hours


def test_clock_hours_are_compared_with_clock_hours(imported):
    check = process_check(process=process_of("1.004946"))
    assert check.status == CheckStatus.CONSISTENT
    assert (check.scale, check.total) == ("hour", 12)


def test_unknown_step_times_are_flagged_not_rejected(imported):
    process = process_of("1.014464")
    assert process.check_status == CheckStatus.UNKNOWN_TIMES
    assert process.steps.count() == 7
    check = process_check(process=process)
    assert check.unknown_steps == 2
    assert check.total == 3
    assert any(line.startswith("1.014464") for line in imported.flagged)


def test_imported_inconsistent_process_is_kept_and_flagged(imported):
    process = InternalProcess.objects.get(version__name__startswith="Nhóm thủ tục hành chính")
    assert process.check_status == CheckStatus.INCONSISTENT
    assert process.check_discrepancy == 1
    assert "lệch 1 ngày làm việc" in process.check_message
    mixed = process_of("3.000722")
    assert mixed.check_status == CheckStatus.INCOMPARABLE
    assert len(imported.flagged) == 4


def test_day_unit_is_read_as_working_day_and_noted(imported):
    process = InternalProcess.objects.get(version__name__startswith="Công nhận kết quả thăm dò")
    assert "ngày làm việc" in process.import_note
    assert process_check(process=process).total == 42


def test_edit_that_breaks_a_complete_process_is_refused(imported):
    process = process_of("1.014465")
    steps = steps_of(process)
    steps[2] = StepInput(label="B3", actor=steps[2].actor, working_days=Decimal("1.5"))
    with pytest.raises(ValidationError) as refused:
        process_set_steps(version=process.version, steps=steps, province=PROVINCE)
    assert "không khớp thời hạn giải quyết" in refused.value.messages[0]
    assert "lệch 1 ngày làm việc" in refused.value.messages[0]
    assert process_check(process=process).status == CheckStatus.CONSISTENT


def test_edit_that_keeps_the_sum_is_accepted(imported):
    process = process_of("1.014465")
    steps = steps_of(process)
    steps[2] = StepInput(label="B3", actor=steps[2].actor, working_days=Decimal("0.25"))
    steps[3] = StepInput(label="B4", actor=steps[3].actor, working_days=Decimal("0.5"))
    saved = process_set_steps(version=process.version, steps=steps, province=PROVINCE)
    assert saved.check_status == CheckStatus.CONSISTENT


def test_flagged_process_can_have_actors_corrected(imported):
    process = InternalProcess.objects.get(version__name__startswith="Nhóm thủ tục hành chính")
    steps = [
        StepInput(label=s.label, actor=s.actor.upper(), working_days=s.working_days)
        for s in process.steps.all()
    ]
    saved = process_set_steps(version=process.version, steps=steps, province=PROVINCE)
    assert saved.check_status == CheckStatus.INCONSISTENT


def test_new_process_on_a_version_without_one(imported):
    version = ProcedureVersion.objects.get(procedure__code="1.004222")
    steps = [
        StepInput(label="B1", actor="Công an cấp xã", working_days=Decimal(6)),
        StepInput(label="B2", actor="Trả kết quả", working_days=Decimal(0)),
    ]
    with pytest.raises(ValidationError):
        process_set_steps(version=version, steps=steps, province="Hà Tĩnh")
    steps[0] = StepInput(label="B1", actor="Công an cấp xã", working_days=Decimal(7))
    process = process_set_steps(version=version, steps=steps, province="Hà Tĩnh")
    assert process_for(version=version, province="Hà Tĩnh") == process


def test_handling_time_edit_that_breaks_a_process_is_refused(imported):
    version = ProcedureVersion.objects.get(procedure__code="1.014465")
    version.handling_time_value = Decimal(2)
    with pytest.raises(ValidationError):
        procedure_version_save(version=version)
    version.refresh_from_db()
    assert version.handling_time_value == 3


def test_used_version_is_frozen(imported):
    version = ProcedureVersion.objects.get(procedure__code="1.014465")
    procedure_version_mark_used(version=version)
    version.name = "Tên khác"
    with pytest.raises(ValidationError, match="đã được dùng cho hồ sơ"):
        procedure_version_save(version=version)
    with pytest.raises(ValidationError):
        process_set_steps(version=version, steps=steps_of(process_of("1.014465")), province="X")
    clone = procedure_version_clone(version=version, effective_from=date(2026, 9, 1))
    assert clone.number == 2
    assert clone.processes.get().steps.count() == 8
    assert clone.components.count() == version.components.count()


@pytest.mark.parametrize(
    "step",
    [
        StepInput(label="B1", actor="A", working_days=Decimal(1), clock_hours=Decimal(8)),
        StepInput(label="B1", actor="A", working_days=Decimal(-1)),
    ],
)
def test_malformed_steps_are_refused(imported, step):
    version = ProcedureVersion.objects.get(procedure__code="1.004222")
    with pytest.raises(ValidationError, match="Bước B1"):
        process_set_steps(version=version, steps=[step], province="Hà Tĩnh", strict=False)
