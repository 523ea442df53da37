"""The working-time engine: one test per rule, checked by hand, and its properties.

The calendar used is the real one for 2025–2027 (the ``holidays`` package corrected by
``data/calendar-vn.json``), built without the database.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.calendar import (
    VN_TZ,
    CalendarError,
    CounterHoursError,
    NaiveDatetimeError,
    OutOfCalendarRange,
    Session,
    WorkingCalendar,
    format_counter_hours,
    parse_counter_hours,
    parse_cutoff,
)
from motcua.core.calendar_services import load_official_calendar, planned_year

YEARS = range(2025, 2028)
OFFICIAL = load_official_calendar()
EXCEPTIONS = {
    d: day.is_working
    for year in YEARS
    for d, day in planned_year(year, OFFICIAL.get(year, ())).items()
}
CAL = WorkingCalendar(EXCEPTIONS, "08:00-12:00,13:00-17:00", YEARS)
CUTOFF = time(15, 0)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=VN_TZ)


# -- the official calendar -----------------------------------------------------------------


def test_tet_2026_break_is_off_from_14_to_22_february():
    for day in range(14, 23):
        assert not CAL.is_working_day(date(2026, 2, day)), day
    assert CAL.is_working_day(date(2026, 2, 13))
    assert CAL.is_working_day(date(2026, 2, 23))


def test_friday_before_tet_with_one_working_day_is_due_monday_after_tet():
    # Fri 13/2 10:00–12:00 and 13:00–17:00 = 6 h; 14–22/2 off; Mon 23/2 08:00 + 2 h.
    assert CAL.add(at(2026, 2, 13, 10), 1, "working_day") == at(2026, 2, 23, 10)
    # From 14:00: 3 h on Friday, then 08:00–12:00 and 13:00–14:00 on Monday.
    assert CAL.add(at(2026, 2, 13, 14), 1, "working_day") == at(2026, 2, 23, 14)


def test_receipt_during_tet_starts_at_the_first_opening_after():
    result = CAL.deadline(at(2026, 2, 18, 9, 30), 0.5, "working_day")
    assert result.effective_start == at(2026, 2, 23, 8)
    assert result.due_at == at(2026, 2, 23, 12)


def test_make_up_saturday_10_january_2026_is_worked_and_2_january_is_off():
    assert CAL.is_working_day(date(2026, 1, 10))
    assert not CAL.is_working_day(date(2026, 1, 2))
    # Fri 9/1 16:00–17:00 = 1 h, then Saturday 10/1 08:00–09:00.
    assert CAL.add(at(2026, 1, 9, 16), 2, "working_hour") == at(2026, 1, 10, 9)
    # Wed 31/12/2025 16:00–17:00 = 1 h; 1/1 and 2/1 off; 3–4/1 weekend; Mon 5/1 08:00–09:00.
    assert CAL.add(at(2025, 12, 31, 16), 2, "working_hour") == at(2026, 1, 5, 9)


def test_vietnamese_culture_day_24_november_2026_is_off():
    assert not CAL.is_working_day(date(2026, 11, 24))
    # Mon 23/11 13:00–17:00 = 4 h; Tue 24/11 off; Wed 25/11 08:00–12:00 = 4 h, due at the close.
    assert CAL.add(at(2026, 11, 23, 13), 1, "working_day") == at(2026, 11, 25, 12)


def test_year_lists_hold_weekdays_off_and_make_up_days():
    assert date(2026, 1, 2) in CAL.days_off(2026)
    assert date(2026, 11, 24) in CAL.days_off(2026)
    assert all(d.weekday() < 5 for d in CAL.days_off(2026))
    assert CAL.make_up_working_days(2026) == [date(2026, 1, 10), date(2026, 8, 22)]
    assert CAL.make_up_working_days(2025) == [date(2025, 4, 26)]


# -- moving the start ----------------------------------------------------------------------


def test_receipt_after_the_cutoff_counts_from_the_next_working_day():
    result = CAL.deadline(at(2026, 3, 2, 16, 30), 1, "working_day", cutoff=CUTOFF)
    assert result.effective_start == at(2026, 3, 3, 8)
    assert result.due_at == at(2026, 3, 3, 17)
    # Without a cutoff the half hour on Monday counts: 0.5 h + Tue 08–12 + 13:00–16:30.
    assert CAL.add(at(2026, 3, 2, 16, 30), 1, "working_day") == at(2026, 3, 3, 16, 30)


def test_receipt_exactly_at_the_cutoff_is_not_moved():
    result = CAL.deadline(at(2026, 3, 2, 15), 1, "working_day", cutoff=CUTOFF)
    assert result.effective_start == at(2026, 3, 2, 15)
    assert result.due_at == at(2026, 3, 3, 15)


def test_friday_after_the_cutoff_counts_from_monday():
    result = CAL.deadline(at(2026, 3, 6, 15, 1), 2, "working_hour", cutoff=CUTOFF)
    assert result.effective_start == at(2026, 3, 9, 8)
    assert result.due_at == at(2026, 3, 9, 10)


def test_quarter_working_day_from_11_45_is_due_14_45():
    # 11:45–12:00 = 15 min, then 13:00–14:45 = 1 h 45: 2 h = 0.25 working day.
    assert CAL.add(at(2026, 3, 2, 11, 45), 0.25, "working_day") == at(2026, 3, 2, 14, 45)


def test_weekend_receipt_starts_monday_morning():
    result = CAL.deadline(at(2026, 3, 7, 10), 1, "working_day")
    assert result.effective_start == at(2026, 3, 9, 8)
    assert result.due_at == at(2026, 3, 9, 17)
    assert CAL.effective_start(at(2026, 3, 8, 23, 59)) == at(2026, 3, 9, 8)


def test_lunch_break_and_early_morning_move_to_the_next_session():
    assert CAL.effective_start(at(2026, 3, 2, 12, 30)) == at(2026, 3, 2, 13)
    assert CAL.effective_start(at(2026, 3, 2, 12)) == at(2026, 3, 2, 13)
    assert CAL.effective_start(at(2026, 3, 2, 7)) == at(2026, 3, 2, 8)
    assert CAL.effective_start(at(2026, 3, 2, 17)) == at(2026, 3, 3, 8)


def test_landing_on_a_session_close_keeps_that_close():
    assert CAL.add(at(2026, 3, 2, 8), 4, "working_hour") == at(2026, 3, 2, 12)
    assert CAL.add(at(2026, 3, 2, 8), 1, "working_day") == at(2026, 3, 2, 17)
    assert CAL.add(at(2026, 3, 2, 8), 5, "working_day") == at(2026, 3, 6, 17)


def test_zero_duration_is_due_at_the_effective_start():
    assert CAL.add(at(2026, 3, 2, 12, 30), 0, "working_hour") == at(2026, 3, 2, 13)


def test_a_moment_in_another_zone_is_read_and_answered_in_vietnam_time():
    due = CAL.add(datetime(2026, 3, 2, 3, 0, tzinfo=UTC), 1, "working_hour")
    assert due == at(2026, 3, 2, 11)
    assert due.isoformat() == "2026-03-02T11:00:00+07:00"


# -- calendar days ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (at(2026, 3, 2, 10), 3, at(2026, 3, 5, 17)),  # Mon + 3 = Thu, end of its hours
        (at(2026, 3, 2, 10), 5, at(2026, 3, 9, 17)),  # Sat 7/3 is off: next working day
        (at(2026, 2, 10, 10), 5, at(2026, 2, 23, 17)),  # Sun 15/2, then Tết to 22/2
        (at(2026, 3, 2, 10), 0, at(2026, 3, 2, 17)),  # same day
        (at(2026, 3, 7, 10), 1, at(2026, 3, 10, 17)),  # Sat: counted from Mon 9/3
    ],
)
def test_calendar_days_end_at_the_close_of_a_working_day(start, days, due):
    assert CAL.add(start, days, "day") == due


# -- counter hours ---------------------------------------------------------------------------


def test_other_counter_hours_shift_the_due_moment():
    cal = WorkingCalendar(EXCEPTIONS, "07:00-11:00,13:00-17:00", YEARS)
    # Mon 10:00–11:00 and 13:00–17:00 = 5 h, Tue 07:00–10:00 = 3 h.
    assert cal.add(at(2026, 3, 2, 10), 1, "working_day") == at(2026, 3, 3, 10)


def test_a_working_day_is_eight_hours_even_with_shorter_sessions():
    cal = WorkingCalendar(EXCEPTIONS, "08:00-11:00,13:00-16:00", YEARS)
    assert cal.add(at(2026, 3, 2, 8), 1, "working_day") == at(2026, 3, 3, 10)


def test_counter_hours_text_is_parsed():
    sessions = parse_counter_hours(" 07:30-11:30 , 13:00-16:30 ")
    assert sessions == (Session(time(7, 30), time(11, 30)), Session(time(13), time(16, 30)))
    assert format_counter_hours(sessions) == "07:30-11:30,13:00-16:30"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "Chưa có giờ tiếp nhận"),
        ("8-12", "không đúng dạng"),
        ("08:00-12:00;13:00-17:00", "không đúng dạng"),
        ("25:00-26:00", "không hợp lệ"),
        ("08:60-12:00", "không hợp lệ"),
        ("12:00-08:00", "giờ mở phải trước giờ đóng"),
        ("13:00-17:00,08:00-12:00", "không chồng lên nhau"),
        ("08:00-12:00,11:00-17:00", "không chồng lên nhau"),
    ],
)
def test_bad_counter_hours_are_refused_with_a_clear_message(text, fragment):
    with pytest.raises(CounterHoursError, match=fragment):
        parse_counter_hours(text)


def test_cutoff_text_is_parsed_or_refused():
    assert parse_cutoff("15:00") == time(15)
    for bad in ("15", "15:00:00", "24:00", "3pm", ""):
        with pytest.raises(CalendarError, match="HH:MM"):
            parse_cutoff(bad)


# -- pauses ----------------------------------------------------------------------------------


def test_working_seconds_between_skips_nights_and_weekends():
    assert CAL.working_seconds_between(at(2026, 3, 6, 16), at(2026, 3, 9, 9)) == 2 * 3600
    assert CAL.working_seconds_between(at(2026, 3, 2, 12), at(2026, 3, 2, 13)) == 0


def test_pause_extends_the_due_moment_by_the_paused_working_time():
    # Paused Mon 2/3 15:00 → Tue 3/3 10:00 = 2 h + 2 h; due Fri 6/3 17:00 + 4 h = Mon 9/3 12:00.
    due = CAL.extend_for_pause(at(2026, 3, 6, 17), at(2026, 3, 2, 15), at(2026, 3, 3, 10))
    assert due == at(2026, 3, 9, 12)


def test_pause_outside_working_hours_changes_nothing():
    due = CAL.extend_for_pause(at(2026, 3, 6, 17), at(2026, 3, 7, 9), at(2026, 3, 8, 9))
    assert due == at(2026, 3, 6, 17)


# -- wrong input -----------------------------------------------------------------------------


def test_naive_datetimes_are_refused():
    with pytest.raises(NaiveDatetimeError, match="múi giờ"):
        CAL.add(datetime(2026, 3, 2, 10), 1, "working_day")


@pytest.mark.parametrize("value", [-1, math.nan, math.inf, True, "1"])
def test_bad_durations_are_refused(value):
    with pytest.raises(CalendarError):
        CAL.add(at(2026, 3, 2, 10), value, "working_day")


def test_unknown_unit_is_refused():
    with pytest.raises(CalendarError, match="working_day"):
        CAL.add(at(2026, 3, 2, 10), 1, "week")  # type: ignore[arg-type]


def test_years_outside_the_calendar_raise_a_clear_error():
    with pytest.raises(OutOfCalendarRange, match="2030") as info:
        CAL.add(at(2030, 3, 4, 10), 1, "working_day")
    assert info.value.year == 2030
    with pytest.raises(OutOfCalendarRange, match="2028"):
        CAL.add(at(2027, 12, 30, 10), 5, "working_day")
    with pytest.raises(OutOfCalendarRange, match="2028"):
        CAL.add(at(2027, 12, 31, 16, 30), 1, "day")


def test_years_must_be_contiguous():
    with pytest.raises(CalendarError, match="liền nhau"):
        WorkingCalendar({}, "08:00-12:00", [2025, 2027])


# -- properties ------------------------------------------------------------------------------

FIRST = at(2025, 1, 1)
starts = st.integers(min_value=0, max_value=2 * 365 * 24 * 60).map(
    lambda minutes: FIRST + timedelta(minutes=minutes)
)
minutes = st.integers(min_value=0, max_value=40 * 8 * 60)
cutoffs = st.none() | st.sampled_from([time(15), time(11, 30), time(16, 59)])


def hours(m: int) -> float:
    return m / 60


def official_is_working(day: date) -> bool:
    return EXCEPTIONS.get(day, day.weekday() < 5)


def inside_hours(moment: datetime, closed_end: bool) -> bool:
    clock = moment.astimezone(VN_TZ).time()
    if closed_end:
        return any(s.opens < clock <= s.closes for s in CAL.sessions)
    return any(s.opens <= clock < s.closes for s in CAL.sessions)


@settings(max_examples=300, deadline=None)
@given(starts, minutes, minutes, cutoffs)
def test_add_is_monotonic_in_the_duration(start, a, b, cutoff):
    small, large = sorted((a, b))
    assert CAL.add(start, hours(small), "working_hour", cutoff=cutoff) <= CAL.add(
        start, hours(large), "working_hour", cutoff=cutoff
    )


@settings(max_examples=300, deadline=None)
@given(starts, starts, minutes, cutoffs)
def test_add_is_monotonic_in_the_start(first, second, m, cutoff):
    early, late = sorted((first, second))
    value = hours(m)
    assert CAL.add(early, value, "working_hour", cutoff=cutoff) <= CAL.add(
        late, value, "working_hour", cutoff=cutoff
    )


@settings(max_examples=300, deadline=None)
@given(starts, minutes, minutes.filter(lambda m: m > 0))
def test_add_is_additive(start, a, b):
    assert CAL.add(CAL.add(start, hours(a), "working_hour"), hours(b), "working_hour") == CAL.add(
        start, hours(a + b), "working_hour"
    )


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=0, max_value=40 * 8), st.integers(min_value=1, max_value=80))
def test_add_is_additive_in_quarter_working_days(start, a, b):
    first = CAL.add(start, a / 4, "working_day")
    assert CAL.add(first, b / 4, "working_day") == CAL.add(start, (a + b) / 4, "working_day")


@settings(max_examples=300, deadline=None)
@given(starts, minutes, cutoffs)
def test_due_moment_is_on_a_working_day_inside_counter_hours(start, m, cutoff):
    due = CAL.add(start, hours(m), "working_hour", cutoff=cutoff)
    assert official_is_working(due.date())
    assert inside_hours(due, closed_end=m > 0)
    assert due >= start


@settings(max_examples=300, deadline=None)
@given(starts, minutes)
def test_working_time_between_start_and_due_is_the_duration(start, m):
    effective = CAL.effective_start(start)
    due = CAL.add(start, hours(m), "working_hour")
    assert CAL.working_seconds_between(effective, due) == m * 60


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=0, max_value=200))
def test_calendar_days_end_at_a_close_on_a_working_day(start, days):
    due = CAL.add(start, days, "day")
    assert official_is_working(due.date())
    assert due.time() == time(17)
    assert due.date() >= (start + timedelta(days=days)).date()
