"""Working time: turn a receipt moment and a duration into a due moment.

Every deadline of the one-stop system (processing times, internal steps, feedback answers)
is counted in working time over the official calendar (weekends and holidays off, make-up
Saturdays worked) and only during the unit's counter hours. This is the pure engine behind
that arithmetic; ``motcua.core.calendar_services`` feeds it the table from the database.

- A working day is 8 working hours whatever the unit's sessions; fractions just work.
- A start outside counter hours or on a day off moves to the next opening; with a cutoff,
  a receipt after the cutoff on a working day moves to the next working day's opening.
- A due moment exactly on a session's close is that close (17:00, not 08:00 next day).
- ``day`` counts calendar days (Civil Code 2015 Art. 147–148): from the day after the
  effective start to the close of the last day, or of the next working day if that one is
  off; ``0`` days is the close of the start day.
- Only aware datetimes are accepted; results are in Asia/Ho_Chi_Minh, which has been
  +07:00 throughout since 1976, so local days are computed with that fixed offset.
- Each covered year's working intervals are precomputed (epoch seconds, cumulative working
  seconds), so ``add`` is a few binary searches. Moments outside the covered years raise
  ``OutOfCalendarRange``: a year's holidays are never guessed from the weekly rule.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WORKING_DAY_SECONDS = 8 * 3600
WORKING_HOUR_SECONDS = 3600
DEFAULT_COUNTER_HOURS = "08:00-12:00,13:00-17:00"
DEFAULT_CUTOFF = time(15, 0)
FIRST_SUPPORTED_YEAR = 1976
Unit = Literal["working_day", "working_hour", "day"]
UNITS: tuple[Unit, ...] = ("working_day", "working_hour", "day")

_OFFSET = 7 * 3600
_DAY = 86400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SESSION = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$", re.ASCII)
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$", re.ASCII)


class CalendarError(ValueError):
    """Wrong input to the working-time arithmetic; the message is for people."""


class CounterHoursError(CalendarError):
    """Counter hours text that cannot be read."""


class NaiveDatetimeError(CalendarError):
    """A datetime without a time zone."""


class OutOfCalendarRange(CalendarError):
    """A moment in a year the calendar does not cover."""

    def __init__(self, year: int | None, years: range):
        self.year = year
        self.years = years
        if len(years) == 1:
            known = _("đang có năm %(first)s") % {"first": years[0]}
        elif years:
            known = _("đang có %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
        else:
            known = _("chưa có năm nào")
        shown = str(year) if year is not None else "?"
        super().__init__(
            _("Lịch làm việc chưa có năm %(year)s (%(known)s); chạy lệnh seed_calendar để bổ sung.")
            % {"year": shown, "known": known}
        )


@dataclass(frozen=True, slots=True)
class Session:
    """One counter session of a working day, e.g. 08:00–12:00."""

    opens: time
    closes: time

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}-{self.closes:%H:%M}"


@dataclass(frozen=True, slots=True)
class Deadline:
    """When the clock starts (after moving to an opening) and when the period ends."""

    effective_start: datetime
    due_at: datetime


def _clock(text: str, piece: str) -> time:
    match = _CLOCK.match(text)
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CounterHoursError(
            _("Giờ «%(value)s» trong «%(piece)s» không hợp lệ (00:00–23:59).")
            % {"value": text.strip(), "piece": piece}
        )
    return time(hour, minute)


def parse_counter_hours(text: str) -> tuple[Session, ...]:
    """Read ``"08:00-12:00,13:00-17:00"`` into ordered, non-overlapping sessions."""
    pieces = [piece.strip() for piece in (text or "").split(",")]
    if not any(pieces):
        raise CounterHoursError(_("Chưa có giờ tiếp nhận; dạng đúng: 08:00-12:00,13:00-17:00."))
    sessions: list[Session] = []
    for piece in pieces:
        match = _SESSION.match(piece)
        if match is None:
            raise CounterHoursError(
                _("Buổi «%(piece)s» không đúng dạng HH:MM-HH:MM (ví dụ 08:00-12:00).")
                % {"piece": piece}
            )
        opens = _clock(f"{match[1]}:{match[2]}", piece)
        closes = _clock(f"{match[3]}:{match[4]}", piece)
        sessions.append(Session(opens, closes))
    return validate_sessions(sessions)


def validate_sessions(sessions: Sequence[Session]) -> tuple[Session, ...]:
    """Check that sessions are non-empty, each opens before it closes, in order, apart."""
    if not sessions:
        raise CounterHoursError(_("Chưa có giờ tiếp nhận; dạng đúng: 08:00-12:00,13:00-17:00."))
    previous_close: time | None = None
    for session in sessions:
        if session.opens >= session.closes:
            raise CounterHoursError(
                _("Buổi «%(piece)s»: giờ mở phải trước giờ đóng.") % {"piece": session}
            )
        if previous_close is not None and session.opens < previous_close:
            raise CounterHoursError(
                _("Các buổi phải theo thứ tự và không chồng lên nhau: «%(piece)s».")
                % {"piece": session}
            )
        previous_close = session.closes
    return tuple(sessions)


def format_counter_hours(sessions: Sequence[Session]) -> str:
    """Write sessions back in the stored text format."""
    return ",".join(str(session) for session in sessions)


def parse_cutoff(text: str) -> time:
    """Read a cutoff given as ``"HH:MM"``."""
    match = _CLOCK.match(text) if isinstance(text, str) else None
    if match is None or not (0 <= int(match[1]) <= 23 and 0 <= int(match[2]) <= 59):
        raise CalendarError(_("Giờ chốt phải có dạng HH:MM, ví dụ 15:00."))
    return time(int(match[1]), int(match[2]))


def _seconds_of_day(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _duration_seconds(value: float, per_unit: int) -> int:
    if type(value) is not float and (isinstance(value, bool) or not isinstance(value, int)):
        raise CalendarError(_("Thời hạn phải là một số."))
    if not value >= 0 or math.isinf(value):
        raise CalendarError(_("Thời hạn phải là số hữu hạn, không âm."))
    return round(value * per_unit)


def _timestamp(moment: datetime) -> float:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(_("Thời điểm phải kèm múi giờ, ví dụ 2026-03-02T08:30:00+07:00."))
    return moment.timestamp()


class WorkingCalendar:
    """Working-time arithmetic over a contiguous range of years.

    ``exceptions`` maps a date to whether it is worked, overriding the weekly rule
    (Monday–Friday worked): a weekday holiday maps to ``False``, a make-up Saturday to
    ``True``. ``sessions`` are the counter hours, as text or parsed.
    """

    def __init__(
        self,
        exceptions: Mapping[date, bool],
        sessions: Sequence[Session] | str = DEFAULT_COUNTER_HOURS,
        years: Iterable[int] = (),
    ) -> None:
        self.sessions = (
            parse_counter_hours(sessions)
            if isinstance(sessions, str)
            else validate_sessions(sessions)
        )
        self.years = _year_range(years)
        self._exceptions = {d: bool(w) for d, w in exceptions.items() if d.year in self.years}
        self._build()

    def _build(self) -> None:
        first = date(self.years.start, 1, 1) if self.years else date(2000, 1, 1)
        self._day0 = first.toordinal() - _EPOCH_ORDINAL
        self._ndays = (date(self.years.stop, 1, 1) - first).days if self.years else 0
        spans = [(_seconds_of_day(s.opens), _seconds_of_day(s.closes)) for s in self.sessions]
        last_close = spans[-1][1]
        self._working: list[bool] = []
        self._first_interval: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        after: list[int] = []
        closes: list[int] = []
        total = 0
        for k in range(self._ndays):
            day = date.fromordinal(first.toordinal() + k)
            working = self._exceptions.get(day, day.weekday() < 5)
            self._working.append(working)
            self._first_interval.append(len(starts))
            if not working:
                continue
            midnight = (self._day0 + k) * _DAY - _OFFSET
            for opens, shut in spans:
                starts.append(midnight + opens)
                ends.append(midnight + shut)
                total += shut - opens
                after.append(total)
                closes.append(midnight + last_close)
        self._first_interval.append(len(starts))
        self._starts, self._ends, self._after, self._closes = starts, ends, after, closes
        self._count = len(starts)
        self._low = self._day0 * _DAY - _OFFSET
        self._high = self._low + self._ndays * _DAY

    # -- inspection -------------------------------------------------------------------

    def covers(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in a covered year."""
        return self._low <= _timestamp(moment) < self._high

    def is_working_day(self, day: date) -> bool:
        k = day.toordinal() - _EPOCH_ORDINAL - self._day0
        if not 0 <= k < self._ndays:
            raise OutOfCalendarRange(day.year, self.years)
        return self._working[k]

    def days_off(self, year: int) -> list[date]:
        """Weekdays that are off in ``year`` (weekends are off by the weekly rule)."""
        self._require_year(year)
        return sorted(
            d for d, w in self._exceptions.items() if d.year == year and not w and d.weekday() < 5
        )

    def make_up_working_days(self, year: int) -> list[date]:
        """Weekend days that are worked in ``year``."""
        self._require_year(year)
        return sorted(
            d for d, w in self._exceptions.items() if d.year == year and w and d.weekday() >= 5
        )

    def _require_year(self, year: int) -> None:
        if year not in self.years:
            raise OutOfCalendarRange(year, self.years)

    # -- arithmetic -------------------------------------------------------------------

    def effective_start(self, start: datetime, cutoff: time | None = None) -> datetime:
        """The moment the clock starts for something received at ``start``."""
        stamp, _index = self._effective(_timestamp(start), cutoff)
        return datetime.fromtimestamp(stamp, VN_TZ)

    def add(
        self,
        start: datetime,
        value: float,
        unit: Unit = "working_day",
        *,
        cutoff: time | None = None,
    ) -> datetime:
        """The due moment of a period of ``value`` ``unit`` received at ``start``."""
        effective, index = self._effective(_timestamp(start), cutoff)
        return datetime.fromtimestamp(self._due(effective, index, value, unit), VN_TZ)

    def deadline(
        self,
        start: datetime,
        value: float,
        unit: Unit = "working_day",
        *,
        cutoff: time | None = None,
    ) -> Deadline:
        """Both the effective start and the due moment."""
        effective, index = self._effective(_timestamp(start), cutoff)
        due = self._due(effective, index, value, unit)
        return Deadline(
            datetime.fromtimestamp(effective, VN_TZ), datetime.fromtimestamp(due, VN_TZ)
        )

    def working_seconds_between(self, begin: datetime, end: datetime) -> float:
        """Working seconds from ``begin`` to ``end`` (``end`` not before ``begin``)."""
        first, last = _timestamp(begin), _timestamp(end)
        if last < first:
            raise CalendarError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."))
        return self._position(last) - self._position(first)

    def extend_for_pause(
        self, due: datetime, paused_from: datetime, paused_to: datetime
    ) -> datetime:
        """Move ``due`` later by the working time spent paused."""
        paused = self.working_seconds_between(paused_from, paused_to)
        stamp = _timestamp(due)
        position = self._position(stamp)
        if paused <= 0:
            return due.astimezone(VN_TZ)
        return datetime.fromtimestamp(self._moment_at(position + paused), VN_TZ)

    # -- internals on epoch seconds ---------------------------------------------------

    def _out_of_range(self, stamp: float) -> OutOfCalendarRange:
        try:
            year: int | None = datetime.fromtimestamp(stamp, VN_TZ).year
        except (OverflowError, OSError, ValueError):
            year = None
        if self.years and (year is None or year in self.years):
            year = self.years[-1] + 1  # ran past the end while counting
        return OutOfCalendarRange(year, self.years)

    def _effective(self, stamp: float, cutoff: time | None) -> tuple[float, int]:
        """The effective start and the index of the working interval it lies in."""
        k = int((stamp + _OFFSET) // _DAY) - self._day0
        if not 0 <= k < self._ndays:
            raise self._out_of_range(stamp)
        if not self._working[k]:
            index = self._first_interval[k]
        elif cutoff is not None and (
            stamp + _OFFSET - (self._day0 + k) * _DAY > _seconds_of_day(cutoff)
        ):
            index = self._first_interval[k + 1]
        else:
            index = bisect_right(self._starts, stamp) - 1
            if index >= 0 and stamp < self._ends[index]:
                return stamp, index
            index += 1
        if index >= self._count:
            raise self._out_of_range(self._high)
        return self._starts[index], index

    def _position(self, stamp: float) -> float:
        if not self._low <= stamp < self._high:
            raise self._out_of_range(stamp)
        index = bisect_right(self._starts, stamp) - 1
        if index < 0:
            return 0
        if stamp < self._ends[index]:
            return self._after[index] - (self._ends[index] - stamp)
        return self._after[index]

    def _moment_at(self, position: float) -> float:
        index = bisect_left(self._after, position)
        if index >= self._count:
            raise self._out_of_range(self._high)
        return self._ends[index] - (self._after[index] - position)

    def _due(self, effective: float, index: int, value: float, unit: Unit) -> float:
        if unit == "working_day":
            seconds = _duration_seconds(value, WORKING_DAY_SECONDS)
        elif unit == "working_hour":
            seconds = _duration_seconds(value, WORKING_HOUR_SECONDS)
        elif unit == "day":
            return self._calendar_days(effective, value)
        else:
            raise CalendarError(
                _("Đơn vị thời hạn phải là một trong: %(units)s.") % {"units": ", ".join(UNITS)}
            )
        if seconds == 0:
            return effective
        position = self._after[index] - (self._ends[index] - effective)
        return self._moment_at(position + seconds)

    def _calendar_days(self, effective: float, value: float) -> float:
        _duration_seconds(value, 1)
        end = effective + value * _DAY
        k = int((end + _OFFSET) // _DAY) - self._day0
        index = self._first_interval[k] if k < self._ndays else self._count
        if index >= self._count:
            raise self._out_of_range(self._high)
        return self._closes[index]


def _year_range(years: Iterable[int]) -> range:
    ordered = sorted(set(years))
    if not ordered:
        return range(0)
    covered = range(ordered[0], ordered[-1] + 1)
    if len(covered) != len(ordered):
        raise CalendarError(_("Các năm của lịch làm việc phải liền nhau."))
    if covered[0] < FIRST_SUPPORTED_YEAR:
        raise CalendarError(
            _("Lịch làm việc chỉ tính từ năm %(year)s.") % {"year": FIRST_SUPPORTED_YEAR}
        )
    for year in (covered[0], covered[-1]):
        offset = datetime(year, 7, 1, tzinfo=VN_TZ).utcoffset()
        if offset != timedelta(seconds=_OFFSET):
            raise CalendarError(f"Asia/Ho_Chi_Minh is not UTC+07:00 in {year}")
    return covered
