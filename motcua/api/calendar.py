"""Public working-calendar endpoints: compute a due moment, list a year's exceptions.

``POST /calendar/deadline`` answers "received at this moment, with this processing time,
when is it due?" with the same engine the dossiers use. The cutoff rule:

- ``cutoff`` omitted: the centre's own cutoff when a centre is given and defines one,
  otherwise no cutoff;
- ``cutoff: null``: no cutoff, whatever the centre says;
- ``cutoff: "HH:MM"``: that cutoff.

An unknown (or inactive) centre code is a 422 naming ``centre``. A start or due moment in a
year the calendar has not been seeded for is a 422 naming ``start`` or ``value``.

``GET /calendar/{year}`` lists the weekdays off and the make-up working days of a seeded year;
a year that is not seeded is a 404, a year outside 1976–2200 a 422.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field, WithJsonSchema, field_validator

from motcua.agencies.models import ServiceCentre
from motcua.api.errors import ApiError
from motcua.core.calendar import (
    VN_TZ,
    CalendarError,
    CounterHoursError,
    OutOfCalendarRange,
    parse_cutoff,
)
from motcua.core.calendar_services import working_calendar

router = Router(tags=["calendar"])

MAX_VALUE = 100_000
FIRST_YEAR = 1976
LAST_YEAR = 2200
CUTOFF_SCHEMA = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$", "examples": ["15:00"]}


class DeadlineIn(Schema):
    start: datetime = Field(description="Thời điểm tiếp nhận, ISO-8601 có múi giờ.")
    value: float = Field(ge=0, le=MAX_VALUE, allow_inf_nan=False, strict=True)
    unit: Literal["working_day", "working_hour", "day"]
    centre: str | None = Field(default=None, min_length=1, max_length=40)
    cutoff: Annotated[time, WithJsonSchema(CUTOFF_SCHEMA)] | None = Field(
        default=None, description="Giờ chốt HH:MM, hoặc null để không áp dụng giờ chốt."
    )

    @field_validator("start")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(_("Thời điểm phải kèm múi giờ, ví dụ 2026-03-02T08:30:00+07:00."))
        return value

    @field_validator("cutoff", mode="before")
    @classmethod
    def _hh_mm(cls, value: Any) -> time | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(_("Giờ chốt phải có dạng HH:MM, ví dụ 15:00."))
        return parse_cutoff(value)


class DeadlineOut(Schema):
    effective_start: str
    due_at: str


class YearOut(Schema):
    days_off: list[str]
    make_up_working_days: list[str]


def _invalid(field: str, message: str, status: int = 422) -> ApiError:
    summary = _("Dữ liệu không hợp lệ ở trường: %s") % field
    return ApiError(status, summary, [{"field": field, "message": message}])


def _centre(code: str | None) -> ServiceCentre | None:
    if code is None:
        return None
    centre = ServiceCentre.objects.filter(code=code.strip(), is_active=True).first()
    if centre is None:
        message = _("Không có bộ phận một cửa đang hoạt động với mã «%(code)s».")
        raise _invalid("centre", message % {"code": code})
    return centre


def _year(moment: datetime) -> int:
    try:
        return moment.astimezone(VN_TZ).year
    except OverflowError:
        return moment.year


@router.post(
    "/deadline", response=DeadlineOut, auth=None, summary="Tính hạn giải quyết theo giờ hành chính"
)
def deadline(request: HttpRequest, payload: DeadlineIn) -> dict[str, str]:
    centre = _centre(payload.centre)
    try:
        calendar = working_calendar(counter_hours=centre.counter_hours if centre else None)
    except CounterHoursError as exc:
        raise _invalid("centre", str(exc)) from exc
    if not calendar.covers(payload.start):
        raise _invalid("start", str(OutOfCalendarRange(_year(payload.start), calendar.years)))
    cutoff = payload.cutoff
    if "cutoff" not in payload.model_fields_set and centre is not None:
        cutoff = centre.cutoff
    try:
        result = calendar.deadline(payload.start, payload.value, payload.unit, cutoff=cutoff)
    except CalendarError as exc:
        raise _invalid("value", str(exc)) from exc
    return {
        "effective_start": result.effective_start.isoformat(),
        "due_at": result.due_at.isoformat(),
    }


@router.get("/{year}", response=YearOut, auth=None, summary="Ngày nghỉ và ngày làm bù của một năm")
def year_calendar(request: HttpRequest, year: int) -> dict[str, list[str]]:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("Năm phải nằm trong khoảng %(first)s–%(last)s.")
        raise _invalid("year", message % {"first": FIRST_YEAR, "last": LAST_YEAR})
    calendar = working_calendar()
    if year not in calendar.years:
        exc = OutOfCalendarRange(year, calendar.years)
        raise ApiError(404, str(exc), [{"field": "year", "message": str(exc)}])
    return {
        "days_off": [d.isoformat() for d in calendar.days_off(year)],
        "make_up_working_days": [d.isoformat() for d in calendar.make_up_working_days(year)],
    }
