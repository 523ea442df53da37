"""Writes of internal processes (re-exported by ``motcua.catalog.services``).

Steps must add up to the legal handling time (DOMAIN §3). An administrator who edits a
complete process into one that does not add up is refused with the discrepancy; imported
processes are never refused: a missing step time or a mismatch is stored as the check
status so the uncertainty stays visible in the admin and the API.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.locks import ensure_unlocked
from motcua.catalog.models import InternalProcess, ProcedureVersion, ProcessStep
from motcua.catalog.records import StepRecord
from motcua.catalog.timing import (
    ProcessCheck,
    StepTime,
    TimeUnit,
    check_process,
    step_time_from_source,
)
from motcua.core.text import nfc


@dataclass(frozen=True)
class StepInput:
    """One step to store: fraction of a working day, or clock hours, or neither (unknown)."""

    label: str
    actor: str
    working_days: Decimal | None = None
    clock_hours: Decimal | None = None
    role: str = ""
    time_raw: str = ""
    source_unit: str = ""

    @property
    def time(self) -> StepTime:
        return StepTime(self.working_days, self.clock_hours)


def steps_from_record(steps: Iterable[StepRecord]) -> list[StepInput]:
    """Steps as published, converted to the stored scale (see ``timing``)."""
    result = []
    for step in steps:
        when = step_time_from_source(step.value, step.unit)
        result.append(
            StepInput(
                label=step.label,
                actor=step.actor,
                working_days=when.working_days,
                clock_hours=when.clock_hours,
                role=step.role,
                time_raw=step.raw,
                source_unit=step.unit,
            )
        )
    return result


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def steps_digest(steps: Sequence[StepInput]) -> str:
    rows = [
        [s.label, s.actor, _number(s.working_days), _number(s.clock_hours), s.role, s.time_raw]
        for s in steps
    ]
    text = json.dumps(rows, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _times(times: Iterable[StepTime]) -> list[tuple[str, str]]:
    return sorted((_number(t.working_days) or "", _number(t.clock_hours) or "") for t in times)


def process_refusal(
    *,
    version: ProcedureVersion,
    steps: Sequence[StepTime],
    previous: Sequence[StepTime] | None = None,
) -> str | None:
    """The reason to refuse these step times for ``version``, or None when acceptable.

    Refused: every step has a time, the sum misses the legal handling time, and the
    times differ from ``previous`` (editing only actors of an imported, flagged process
    stays possible).
    """
    check = check_process(version.handling_time_value, version.handling_time_unit, steps)
    if not check.refusable:
        return None
    if previous is not None and _times(previous) == _times(steps):
        return None
    return check.message


def process_store_check(process: InternalProcess, check: ProcessCheck) -> None:
    process.check_status = check.status
    process.check_scale = check.scale or ""
    process.check_total = check.total
    process.check_discrepancy = check.discrepancy
    process.check_message = check.message
    process.save(
        update_fields=[
            "check_status",
            "check_scale",
            "check_total",
            "check_discrepancy",
            "check_message",
            "updated_at",
        ]
    )


def _stored_times(process: InternalProcess) -> list[StepTime]:
    return [StepTime(s.working_days, s.clock_hours) for s in process.steps.all()]


@transaction.atomic
def process_recheck(*, process: InternalProcess) -> ProcessCheck:
    """Recompute and store the sum check of ``process`` against its version's time."""
    version = process.version
    check = check_process(
        version.handling_time_value, version.handling_time_unit, _stored_times(process)
    )
    process_store_check(process, check)
    return check


def _import_note(steps: Sequence[StepInput]) -> str:
    if any(s.source_unit == TimeUnit.DAY for s in steps):
        return _("Nguồn ghi 'ngày' cho các bước; được hiểu là ngày làm việc.")
    return ""


def _check_steps(steps: Sequence[StepInput]) -> None:
    for step in steps:
        if step.working_days is not None and step.clock_hours is not None:
            raise ValidationError(
                _("Bước %s: chỉ ghi một trong hai: ngày làm việc hoặc giờ liên tục.") % step.label
            )
        if any(v is not None and v < 0 for v in (step.working_days, step.clock_hours)):
            raise ValidationError(_("Bước %s: thời gian không được âm.") % step.label)


@transaction.atomic
def process_set_steps(
    *,
    version: ProcedureVersion,
    steps: Sequence[StepInput],
    province: str = "",
    agency: Agency | None = None,
    published_in: str = "",
    strict: bool = True,
) -> InternalProcess:
    """Create or replace the process of ``version`` for ``province`` (and ``agency``).

    ``strict`` (edits by people) refuses steps that make a complete process miss the
    legal time; imports pass ``strict=False`` and get the mismatch flagged instead.
    """
    ensure_unlocked(version)
    _check_steps(steps)
    province = nfc(province)
    process = (
        InternalProcess.objects.select_for_update()
        .filter(version=version, province=province, agency=agency)
        .first()
    )
    previous = _stored_times(process) if process else None
    if strict:
        reason = process_refusal(version=version, steps=[s.time for s in steps], previous=previous)
        if reason:
            raise ValidationError(reason)
    process = process or InternalProcess(version=version, province=province, agency=agency)
    process.published_in = nfc(published_in)
    process.import_note = _import_note(steps)
    process.steps_digest = steps_digest(steps)
    process.save()
    process.steps.all().delete()
    ProcessStep.objects.bulk_create(
        ProcessStep(
            process=process,
            position=i,
            label=nfc(s.label),
            actor=nfc(s.actor),
            role=s.role,
            working_days=s.working_days,
            clock_hours=s.clock_hours,
            time_raw=nfc(s.time_raw),
            source_unit=s.source_unit,
        )
        for i, s in enumerate(steps, start=1)
    )
    process_recheck(process=process)
    return process
