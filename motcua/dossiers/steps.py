"""Per-step progress of a dossier through its internal process (B1…Bn).

Steps are copied from the procedure's internal process at receipt, each with its working
time budget; each hand-over finishes the current step (early / on time / late) and starts
the next with who gave and who received it. The control sheet (form 06) reads these rows.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from motcua.catalog.selectors import process_for
from motcua.core.calendar import WorkingCalendar
from motcua.core.models import User
from motcua.dossiers.deadlines import WORKING_DAY_SECONDS, step_due
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.step_models import Outcome
from motcua.geo.models import UnitLevel
from motcua.geo.selectors import parent_of, unit_as_of


def _budget(working_days: Decimal | None, clock_hours: Decimal | None) -> int | None:
    if working_days is not None:
        return int(working_days * WORKING_DAY_SECONDS)
    if clock_hours is not None:
        return int(clock_hours * 3600)
    return None


def outcome_of(finished_at: datetime, due_at: datetime | None) -> str:
    """Early when done on an earlier day than due, on time up to the due moment, else late."""
    if due_at is None:
        return Outcome.ON_TIME
    if finished_at > due_at:
        return Outcome.LATE
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return Outcome.EARLY
    return Outcome.ON_TIME


def _province_name(dossier: Dossier) -> str:
    """The name internal processes are keyed by: the province the receiving centre is in."""
    unit = unit_as_of(dossier.centre.unit_code) if dossier.centre.unit_code else None
    while unit is not None and unit.level != UnitLevel.PROVINCE:
        unit = parent_of(unit)
    return unit.name if unit else ""


def steps_create(dossier: Dossier, calendar: WorkingCalendar, now: datetime, by: User) -> None:
    """Copy the internal process; the receipt step (B1) is done by the act of receiving."""
    process = process_for(
        version=dossier.procedure_version, province=_province_name(dossier), agency=dossier.agency
    )
    rows = list(process.steps.order_by("position")) if process else []
    steps = [
        DossierStep(
            dossier=dossier,
            position=i,
            code=row.label,
            actor=row.actor,
            role=row.role,
            budget_seconds=_budget(row.working_days, row.clock_hours),
        )
        for i, row in enumerate(rows, start=1)
    ]
    DossierStep.objects.bulk_create(steps)
    if not steps:
        return
    first = dossier.steps.get(position=1)
    first.started_at, first.assignee, first.given_by = now, by, by
    first.due_at = step_due(calendar, now, first.budget_seconds)
    first.save()
    step_advance(dossier, calendar, now, by=by, assignee=None)


def step_advance(
    dossier: Dossier, calendar: WorkingCalendar, now: datetime, *, by: User, assignee: User | None
) -> DossierStep | None:
    """Finish the current step and start the next one; returns the new current step."""
    current = dossier.steps.filter(finished_at__isnull=True, started_at__isnull=False).first()
    position = 0
    if current is not None:
        current.finished_at = now
        current.outcome = outcome_of(now, current.due_at)
        current.save(update_fields=["finished_at", "outcome"])
        position = current.position
    following = dossier.steps.filter(position__gt=position).order_by("position").first()
    if following is not None:
        following.started_at, following.given_by, following.assignee = now, by, assignee
        following.due_at = step_due(calendar, now, following.budget_seconds)
        following.save(update_fields=["started_at", "given_by", "assignee", "due_at"])
    dossier.current_step = following
    return following


def step_assign(dossier: Dossier, assignee: User) -> None:
    """Record who holds the current step without finishing it."""
    if dossier.current_step is not None:
        dossier.current_step.assignee = assignee
        dossier.current_step.save(update_fields=["assignee"])


def steps_shift(
    dossier: Dossier, calendar: WorkingCalendar, paused_from: datetime, now: datetime
) -> None:
    """Move the open steps' due times by the working time the dossier was paused."""
    for step in dossier.steps.filter(finished_at__isnull=True, due_at__isnull=False):
        assert step.due_at is not None
        step.due_at = calendar.extend_for_pause(step.due_at, paused_from, now)
        step.save(update_fields=["due_at"])
