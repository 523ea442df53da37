"""The working calendar table: seeding, administrator edits, and the cached engine.

Writes: ``calendar_seed`` fills each year from the ``holidays`` package (country VN) and
corrects it from ``data/calendar-vn.json`` (the file wins date by date); rows an
administrator wrote (source ``admin``) are never touched by seeding. ``calendar_day_save``
and ``calendar_day_delete`` are the administrator's edits.

Reads: ``working_calendar(counter_hours=...)`` returns a ``WorkingCalendar`` built from the
table, cached per process and per counter-hours text; one cheap query (row counts and the
latest change of both tables) tells whether the cache is still current.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Protocol

import holidays
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.calendar import (
    DEFAULT_COUNTER_HOURS,
    CalendarError,
    Deadline,
    Unit,
    WorkingCalendar,
    parse_counter_hours,
    parse_cutoff,
)
from motcua.core.calendar_models import CalendarDay, CalendarYear
from motcua.core.text import nfc

MAKE_UP_DAY_NAME = "Ngày làm việc bù"
PACKAGE_CONFIDENCE = "C"


class CalendarDataError(ValueError):
    """The official calendar file cannot be read."""


class HasCounterHours(Protocol):
    """What a service centre offers to the calendar (``agencies.ServiceCentre`` fits)."""

    @property
    def counter_hours(self) -> str: ...

    @property
    def cutoff(self) -> time | None: ...


@dataclass(frozen=True, slots=True)
class PlannedDay:
    """A date that departs from the weekly rule, with where that knowledge comes from."""

    date: date
    is_working: bool
    name: str
    source: str
    confidence: str


@dataclass(frozen=True, slots=True)
class SeedResult:
    """What seeding did to one year."""

    year: int
    days_off: int
    make_up_days: int
    created: int
    updated: int
    deleted: int
    kept_admin: int


# -- reference data ----------------------------------------------------------------------


def official_calendar_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "calendar-vn.json"


def load_official_calendar(path: Path | None = None) -> dict[int, list[PlannedDay]]:
    """Read the official days off and make-up working days, per year."""
    path = path or official_calendar_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        years = raw["years"]
        return {int(year): _official_year(int(year), body) for year, body in years.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CalendarDataError(
            _("Không đọc được tệp lịch %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from exc


def _official_year(year: int, body: Mapping[str, Any]) -> list[PlannedDay]:
    days: dict[date, PlannedDay] = {}
    for key, is_working in (("days_off", False), ("make_up_working_days", True)):
        for item in body.get(key, []):
            day = date.fromisoformat(item["date"])
            if day.year != year or day in days:
                raise ValueError(_("ngày %(day)s sai năm hoặc bị lặp") % {"day": day})
            days[day] = PlannedDay(
                date=day,
                is_working=is_working,
                name=nfc(str(item["name"]))[:200],
                source=CalendarDay.Source.OFFICIAL,
                confidence=str(item.get("confidence", ""))[:4],
            )
    return list(days.values())


def package_days(year: int) -> list[PlannedDay]:
    """Holidays and make-up working days the ``holidays`` package knows for ``year``."""
    known = holidays.country_holidays("VN", years=year, language="vi")
    days = [
        PlannedDay(day, False, nfc(name), CalendarDay.Source.HOLIDAYS_PACKAGE, PACKAGE_CONFIDENCE)
        for day, name in sorted(known.items())
    ]
    days += [
        PlannedDay(
            day, True, MAKE_UP_DAY_NAME, CalendarDay.Source.HOLIDAYS_PACKAGE, PACKAGE_CONFIDENCE
        )
        for day in sorted(getattr(known, "weekend_workdays", ()))
        if day.year == year
    ]
    return days


def planned_year(year: int, official: Sequence[PlannedDay] = ()) -> dict[date, PlannedDay]:
    """The exceptions to the weekly rule for ``year``: package first, the official file wins."""
    planned = {day.date: day for day in package_days(year)}
    planned.update({day.date: day for day in official})
    return {d: day for d, day in planned.items() if day.is_working != (d.weekday() < 5)}


# -- writes ------------------------------------------------------------------------------


@transaction.atomic
def calendar_seed_year(*, year: int, official: Sequence[PlannedDay] = ()) -> SeedResult:
    """Bring one year's rows in line with the package and the official file; idempotent."""
    planned = planned_year(year, official)
    existing = {
        row.date: row
        for row in CalendarDay.objects.select_for_update().filter(
            date__gte=date(year, 1, 1), date__lte=date(year, 12, 31)
        )
    }
    admin = {d for d, row in existing.items() if row.source == CalendarDay.Source.ADMIN}
    stale = [row.pk for d, row in existing.items() if d not in admin and d not in planned]
    CalendarDay.objects.filter(pk__in=stale).delete()
    created = updated = 0
    for day in planned.values():
        if day.date in admin:
            continue
        row = existing.get(day.date)
        if row is None:
            CalendarDay.objects.create(**_row_fields(day), date=day.date)
            created += 1
        elif any(getattr(row, field) != value for field, value in _row_fields(day).items()):
            for field, value in _row_fields(day).items():
                setattr(row, field, value)
            row.save()
            updated += 1
    CalendarYear.objects.update_or_create(year=year)
    final = {d: p.is_working for d, p in planned.items() if d not in admin}
    final.update({d: existing[d].is_working for d in admin})
    return SeedResult(
        year=year,
        days_off=sum(1 for d, w in final.items() if not w and d.weekday() < 5),
        make_up_days=sum(1 for d, w in final.items() if w and d.weekday() >= 5),
        created=created,
        updated=updated,
        deleted=len(stale),
        kept_admin=len(admin),
    )


def _row_fields(day: PlannedDay) -> dict[str, Any]:
    return {
        "is_working": day.is_working,
        "name": day.name,
        "source": day.source,
        "confidence": day.confidence,
    }


@transaction.atomic
def calendar_seed(
    *,
    years: Iterable[int],
    official_path: Path | None = None,
    on_year: Callable[[SeedResult], None] | None = None,
) -> list[SeedResult]:
    """Seed every year in ``years``; ``on_year`` hears about each year as it is done."""
    official = load_official_calendar(official_path)
    results = []
    for year in sorted(set(years)):
        result = calendar_seed_year(year=year, official=official.get(year, ()))
        results.append(result)
        if on_year is not None:
            on_year(result)
    return results


@transaction.atomic
def calendar_day_save(*, day: CalendarDay) -> CalendarDay:
    """Save an administrator's edit: the row becomes ``admin`` and seeding leaves it alone."""
    day.name = nfc(day.name)
    day.confidence = nfc(day.confidence)
    day.source = CalendarDay.Source.ADMIN
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def calendar_day_delete(*, day: CalendarDay) -> None:
    """Remove a row; the next seeding restores what the package or the file says."""
    day.delete()


# -- cached reads ------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, Any] = {"version": None, "calendars": {}}


def _table_version() -> tuple[Any, ...]:
    days = connection.ops.quote_name(CalendarDay._meta.db_table)
    years = connection.ops.quote_name(CalendarYear._meta.db_table)
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {days}), (SELECT MAX(updated_at) FROM {days}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {years}), (SELECT MAX(seeded_at) FROM {years})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return tuple(row) if row else ()


def covered_years() -> range:
    """The seeded years the engine uses: the contiguous run holding this year, else the last."""
    seeded = sorted(CalendarYear.objects.values_list("year", flat=True))
    runs: list[list[int]] = []
    for year in seeded:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    if not runs:
        return range(0)
    today = timezone.localdate().year
    run = next((r for r in runs if r[0] <= today <= r[-1]), runs[-1])
    return range(run[0], run[-1] + 1)


def _build(counter_hours: str) -> WorkingCalendar:
    years = covered_years()
    rows = CalendarDay.objects.none()
    if years:
        rows = CalendarDay.objects.filter(
            date__gte=date(years[0], 1, 1), date__lte=date(years[-1], 12, 31)
        )
    exceptions = dict(rows.values_list("date", "is_working"))
    return WorkingCalendar(exceptions, parse_counter_hours(counter_hours), years)


def working_calendar(*, counter_hours: str | None = None) -> WorkingCalendar:
    """The engine over the table for these counter hours (default: settings).

    Raises ``CounterHoursError`` for unreadable counter hours.
    """
    text = counter_hours or settings.MOTCUA_DEFAULT_COUNTER_HOURS or DEFAULT_COUNTER_HOURS
    key = ",".join(str(session) for session in parse_counter_hours(text))
    version = _table_version()
    calendars: dict[str, WorkingCalendar] = _cache["calendars"]
    if _cache["version"] == version and key in calendars:
        return calendars[key]
    with _lock:
        if _cache["version"] != version:
            _cache["calendars"] = calendars = {}
            _cache["version"] = version
        if key not in calendars:
            calendars[key] = _build(key)
        return calendars[key]


def calendar_for(centre: HasCounterHours | None) -> WorkingCalendar:
    """The engine for a service centre's counter hours (default hours without a centre)."""
    return working_calendar(counter_hours=centre.counter_hours if centre else None)


def default_cutoff() -> time | None:
    """The installation's default receipt cutoff (``MOTCUA_CUTOFF``), or ``None`` if unset."""
    text = getattr(settings, "MOTCUA_DEFAULT_CUTOFF", "")
    return parse_cutoff(text) if text else None


def centre_deadline(
    *,
    start: datetime,
    value: float,
    unit: Unit,
    centre: HasCounterHours | None = None,
    cutoff: time | None = None,
    use_centre_cutoff: bool = True,
) -> Deadline:
    """The deadline of a period received at a centre.

    ``cutoff`` wins when given; otherwise the centre's own cutoff applies when
    ``use_centre_cutoff`` is true; otherwise there is none.
    """
    if cutoff is None and use_centre_cutoff and centre is not None:
        cutoff = centre.cutoff
    return calendar_for(centre).deadline(start, value, unit, cutoff=cutoff)


__all__ = [
    "CalendarDataError",
    "CalendarError",
    "HasCounterHours",
    "PlannedDay",
    "SeedResult",
    "calendar_day_delete",
    "calendar_day_save",
    "calendar_for",
    "calendar_seed",
    "calendar_seed_year",
    "centre_deadline",
    "covered_years",
    "default_cutoff",
    "load_official_calendar",
    "working_calendar",
]
