"""How long a dossier may take: the legal handling time turned into working-time deadlines.

The catalogue stores handling times as published (working days, working hours, calendar
days, clock hours, or "immediate" — same day, next working day after the cutoff). This
module turns them into due times with the receiving centre's working calendar; it holds no
database code beyond what the calendar service caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Literal, cast

from django.conf import settings

from motcua.agencies.models import ServiceCentre
from motcua.catalog.models import ProcedureVersion
from motcua.core.calendar import WorkingCalendar
from motcua.core.calendar_services import calendar_for

WORKING_DAY_SECONDS = 8 * 3600
# Decree 118: accept or send back an online dossier within 8 working hours.
ONLINE_ACCEPTANCE_HOURS = 8
IMMEDIATE_CUTOFF = time(15, 0)
Unit = Literal["working_day", "working_hour", "day"]


@dataclass(frozen=True)
class HandlingTime:
    value: Decimal | None
    unit: str  # working_day | working_hour | day | hour | immediate | ""

    @property
    def known(self) -> bool:
        """Whether a due time follows; "immediate" needs no number (same working day)."""
        return self.unit == "immediate" or (self.value is not None and self.unit != "")


def handling_time(version: ProcedureVersion, channel: str) -> HandlingTime:
    """The channel's own time if the catalogue lists one, else the procedure's."""
    kind = "online" if channel in {"national_portal", "portal", "vneid"} else channel
    for entry in version.channels.all():
        if entry.kind == kind and entry.handling_time_value is not None:
            return HandlingTime(entry.handling_time_value, entry.handling_time_unit or "")
    return HandlingTime(version.handling_time_value, version.handling_time_unit or "")


def receipt_cutoff(version: ProcedureVersion, centre: ServiceCentre) -> time | None:
    """The procedure's cutoff wins over the centre's; "immediate" procedures default to 15:00."""
    if version.cutoff is not None:
        return version.cutoff
    if version.handling_time_unit == "immediate":
        return centre.cutoff or IMMEDIATE_CUTOFF
    return centre.cutoff


def due_from(
    calendar: WorkingCalendar, start: datetime, handling: HandlingTime, cutoff: time | None
) -> tuple[datetime, datetime | None]:
    """(effective start, due time) for ``handling`` counted from ``start``; due None if unknown."""
    begin = calendar.effective_start(start, cutoff=cutoff)
    if not handling.known:
        return begin, None
    if handling.unit == "immediate":
        return begin, calendar.add(begin, 0, "day")
    assert handling.value is not None
    value = float(handling.value)
    if handling.unit == "hour":
        return begin, begin + timedelta(hours=value)
    unit = cast(Unit, handling.unit)
    return begin, calendar.add(begin, value, unit)


def acceptance_due(centre: ServiceCentre, submitted_at: datetime) -> datetime:
    """When an online dossier must have been accepted or sent back."""
    return calendar_for(centre).add(submitted_at, ONLINE_ACCEPTANCE_HOURS, "working_hour")


def supplement_respond_by(calendar: WorkingCalendar, requested_at: datetime) -> datetime:
    """After this, a dossier still waiting for its supplement may be stopped.

    15 days counted as the Civil Code counts days (Art. 147–148): from the day after the
    request to the close of the 15th day, or of the next working day if that one is off.
    """
    days = int(getattr(settings, "MOTCUA_SUPPLEMENT_STOP_DAYS", 15))
    return calendar.add(requested_at, days, "day")


def working_seconds_left(centre: ServiceCentre, now: datetime, due: datetime) -> int:
    """Working seconds from ``now`` to ``due`` (negative when overdue)."""
    calendar = calendar_for(centre)
    if due >= now:
        return int(calendar.working_seconds_between(now, due))
    return -int(calendar.working_seconds_between(due, now))


def step_due(
    calendar: WorkingCalendar, start: datetime, budget_seconds: int | None
) -> datetime | None:
    if budget_seconds is None:
        return None
    return calendar.add(start, budget_seconds / 3600, "working_hour")
