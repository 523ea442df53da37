"""Handling times and the internal-process sum check, as plain calculations.

A province's internal process (quy trình nội bộ) splits the legal handling time into steps
B1…Bn measured in fractions of a working day; the steps must add up to the legal time
(DOMAIN §3). Sources mix units, leave some steps without a time ("Giờ hành chính") and
sometimes measure urgent procedures in clock hours, so the check says *how* a process
relates to the legal time instead of merely passing or failing. No database here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HOURS_PER_WORKING_DAY = Decimal(8)
HOURS_PER_DAY = Decimal(24)


class TimeUnit(models.TextChoices):
    WORKING_DAY = "working_day", gettext_lazy("ngày làm việc")
    WORKING_HOUR = "working_hour", gettext_lazy("giờ làm việc")
    DAY = "day", gettext_lazy("ngày")
    HOUR = "hour", gettext_lazy("giờ")
    IMMEDIATE = "immediate", gettext_lazy("trong ngày")


class CheckStatus(models.TextChoices):
    CONSISTENT = "consistent", gettext_lazy("khớp thời hạn")
    UNKNOWN_TIMES = "unknown_times", gettext_lazy("có bước chưa rõ thời gian")
    INCONSISTENT = "inconsistent", gettext_lazy("không khớp thời hạn")
    INCOMPARABLE = "incomparable", gettext_lazy("không so sánh được")
    EMPTY = "empty", gettext_lazy("chưa có bước")


class Scale(models.TextChoices):
    """What a total is counted in: working days, or clock hours for urgent procedures."""

    WORKING_DAY = "working_day", gettext_lazy("ngày làm việc")
    CLOCK_HOUR = "hour", gettext_lazy("giờ")


@dataclass(frozen=True)
class StepTime:
    """A step's time: fraction of a working day, or clock hours; both None when unknown."""

    working_days: Decimal | None = None
    clock_hours: Decimal | None = None

    @property
    def known(self) -> bool:
        return self.working_days is not None or self.clock_hours is not None


@dataclass(frozen=True)
class ProcessCheck:
    status: str
    scale: str | None
    total: Decimal | None
    target: Decimal | None
    discrepancy: Decimal | None
    unknown_steps: int
    message: str

    @property
    def complete(self) -> bool:
        return self.unknown_steps == 0

    @property
    def refusable(self) -> bool:
        """True when every step has a time and the sum misses the legal time."""
        return self.complete and self.status == CheckStatus.INCONSISTENT


def legal_target(value: Decimal | None, unit: str | None) -> tuple[str, Decimal] | None:
    """The legal handling time on the scale steps are counted in, or None when unknown.

    ``immediate`` (same day, 15:00 rule) allows at most one working day of steps.
    """
    if value is None or not unit:
        return None
    if unit == TimeUnit.IMMEDIATE:
        return Scale.WORKING_DAY, Decimal(1)
    if unit == TimeUnit.WORKING_DAY:
        return Scale.WORKING_DAY, Decimal(value)
    if unit == TimeUnit.WORKING_HOUR:
        return Scale.WORKING_DAY, Decimal(value) / HOURS_PER_WORKING_DAY
    if unit == TimeUnit.DAY:
        return Scale.CLOCK_HOUR, Decimal(value) * HOURS_PER_DAY
    if unit == TimeUnit.HOUR:
        return Scale.CLOCK_HOUR, Decimal(value)
    return None


def step_time_from_source(value: Decimal | None, unit: str | None) -> StepTime:
    """Convert a step time as published into the stored form.

    In internal processes "ngày" is the working day (DOMAIN §3, §5), so ``day`` is read as
    a working day; ``hour`` stays clock hours (urgent procedures count round the clock).
    """
    if value is None or not unit:
        return StepTime()
    if unit in (TimeUnit.WORKING_DAY, TimeUnit.DAY):
        return StepTime(working_days=value)
    if unit == TimeUnit.WORKING_HOUR:
        return StepTime(working_days=value / HOURS_PER_WORKING_DAY)
    if unit == TimeUnit.HOUR:
        return StepTime(clock_hours=value)
    return StepTime()


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def _scale_label(scale: str) -> str:
    return str(Scale(scale).label)


def check_process(
    legal_value: Decimal | None, legal_unit: str | None, steps: Sequence[StepTime]
) -> ProcessCheck:
    """Compare the steps' sum with the legal handling time and say how they relate."""
    unknown = sum(1 for step in steps if not step.known)
    if not steps:
        return ProcessCheck(
            CheckStatus.EMPTY, None, None, None, None, 0, _("Quy trình chưa có bước.")
        )
    has_days = any(step.working_days is not None for step in steps)
    has_hours = any(step.clock_hours is not None for step in steps)
    target = legal_target(legal_value, legal_unit)
    if has_days and has_hours:
        message = _("Các bước trộn ngày làm việc với giờ: không cộng được.")
        return ProcessCheck(CheckStatus.INCOMPARABLE, None, None, None, None, unknown, message)
    scale = Scale.CLOCK_HOUR if has_hours else Scale.WORKING_DAY
    total = sum(
        ((s.clock_hours if has_hours else s.working_days) or Decimal(0) for s in steps), Decimal(0)
    )
    if target is None:
        message = _("Thủ tục chưa có thời hạn giải quyết để so sánh.")
        return ProcessCheck(CheckStatus.INCOMPARABLE, scale, total, None, None, unknown, message)
    if target[0] != scale and total:
        message = _("Thời hạn tính theo %(legal)s nhưng các bước tính theo %(steps)s.") % {
            "legal": _scale_label(target[0]),
            "steps": _scale_label(scale),
        }
        return ProcessCheck(CheckStatus.INCOMPARABLE, scale, total, None, None, unknown, message)
    return _compare(str(target[0]), total, target[1], unknown, at_most=legal_unit == "immediate")


def _compare(
    scale: str, total: Decimal, target: Decimal, unknown: int, *, at_most: bool
) -> ProcessCheck:
    discrepancy = total - target
    if at_most and discrepancy < 0:
        discrepancy = Decimal(0)
    words = {
        "total": _plain(total),
        "target": _plain(target),
        "diff": _plain(discrepancy),
        "unit": _scale_label(scale),
        "count": unknown,
    }
    if discrepancy > 0 or (discrepancy and not unknown):
        status = CheckStatus.INCONSISTENT
        message = _(
            "Tổng thời gian các bước (%(total)s %(unit)s) không khớp thời hạn giải quyết "
            "(%(target)s %(unit)s): lệch %(diff)s %(unit)s."
        )
    elif unknown:
        status = CheckStatus.UNKNOWN_TIMES
        message = _(
            "%(count)s bước chưa rõ thời gian; các bước đã rõ cộng %(total)s/%(target)s %(unit)s."
        )
    else:
        status = CheckStatus.CONSISTENT
        message = _("Tổng thời gian các bước khớp thời hạn giải quyết (%(target)s %(unit)s).")
    return ProcessCheck(status, scale, total, target, discrepancy, unknown, message % words)
