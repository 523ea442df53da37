"""The process sum check as a plain calculation (no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from motcua.catalog.timing import CheckStatus, StepTime, check_process, step_time_from_source

D = Decimal


def days(*values: str | None) -> list[StepTime]:
    return [StepTime(working_days=None if v is None else D(v)) for v in values]


def test_consistent_steps():
    check = check_process(D(3), "working_day", days("0.25", "0.25", "0.5", "2", "0"))
    assert (check.status, check.total, check.discrepancy) == (CheckStatus.CONSISTENT, 3, 0)
    assert not check.refusable


def test_too_long_and_too_short_are_inconsistent_and_refusable():
    long = check_process(D(3), "working_day", days("2", "1.5"))
    short = check_process(D(3), "working_day", days("2"))
    assert (long.status, long.discrepancy) == (CheckStatus.INCONSISTENT, D("0.5"))
    assert (short.status, short.discrepancy) == (CheckStatus.INCONSISTENT, D(-1))
    assert long.refusable and short.refusable
    assert "lệch 0,5 ngày làm việc" in long.message


def test_unknown_times_are_flagged_unless_the_known_ones_already_exceed():
    flagged = check_process(D(3), "working_day", days(None, "3", None))
    assert (flagged.status, flagged.unknown_steps) == (CheckStatus.UNKNOWN_TIMES, 2)
    assert not flagged.refusable
    over = check_process(D(3), "working_day", days(None, "4"))
    assert over.status == CheckStatus.INCONSISTENT
    assert not over.refusable  # incomplete: flagged, never refused


def test_working_hours_legal_time():
    check = check_process(D(168), "working_hour", days("0.5", "20.5"))
    assert (check.status, check.target) == (CheckStatus.CONSISTENT, 21)


def test_clock_hours_against_clock_hours_and_days():
    hours = [StepTime(clock_hours=D(v)) for v in ("0.5", "0.5", "4", "3", "2", "2")]
    assert check_process(D(12), "hour", hours).status == CheckStatus.CONSISTENT
    assert check_process(D(1), "day", [StepTime(clock_hours=D(24))]).status == "consistent"


def test_mixed_scales_and_missing_legal_time_are_incomparable():
    mixed = [StepTime(working_days=D(2)), StepTime(clock_hours=D(24))]
    assert check_process(D(3), "working_day", mixed).status == CheckStatus.INCOMPARABLE
    assert check_process(None, "", days("1")).status == CheckStatus.INCOMPARABLE
    steps_in_days = check_process(D(1), "day", days("1"))
    assert steps_in_days.status == CheckStatus.INCOMPARABLE


def test_same_day_procedures_allow_up_to_one_working_day():
    assert check_process(D(0), "immediate", days("0.25", "0.5")).status == "consistent"
    assert check_process(D(0), "immediate", days("0.75", "0.5")).status == "inconsistent"


def test_empty_process():
    assert check_process(D(3), "working_day", []).status == CheckStatus.EMPTY


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (D("0.25"), "working_day", StepTime(working_days=D("0.25"))),
        (D("0.5"), "day", StepTime(working_days=D("0.5"))),
        (D(4), "working_hour", StepTime(working_days=D("0.5"))),
        (D(24), "hour", StepTime(clock_hours=D(24))),
        (None, None, StepTime()),
    ],
)
def test_step_time_from_source(value, unit, expected):
    assert step_time_from_source(value, unit) == expected
