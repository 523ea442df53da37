"""How the queue's numbers look on a page: durations in Vietnamese and the waiting-time chart.

The chart is an SVG drawn on the server (no JavaScript): one bar per day of average waiting
time, a dashed line at the target, bars over the target in the "late" colour and marked
with a pattern as well (colour is never the only signal); each bar carries a ``<title>``
and the page repeats every figure in a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.desk.selectors import DailyWaiting

WIDTH, HEIGHT = 760, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 16, 44


def minutes(value: timedelta | None, *, empty: str = "—") -> str:
    """``8,5 phút``: an average, to one decimal, with the Vietnamese decimal comma."""
    if value is None:
        return empty
    amount = number_format(round(value.total_seconds() / 60, 1), decimal_pos=1)
    return _("%(n)s phút") % {"n": amount}


def target_text(value: timedelta) -> str:
    """``15 phút``: the target, without decimals when it is a whole number of minutes."""
    amount = f"{value.total_seconds() / 60:g}".replace(".", ",")
    return _("%(n)s phút") % {"n": amount}


def clock(value: timedelta | None, *, empty: str = "—") -> str:
    """``12 phút 05 giây`` for one ticket's wait or service."""
    if value is None:
        return empty
    total = max(int(value.total_seconds()), 0)
    whole, seconds = divmod(total, 60)
    if whole == 0:
        return _("%(s)d giây") % {"s": seconds}
    return _("%(m)d phút %(s)02d giây") % {"m": whole, "s": seconds}


def share(value: float | None, *, empty: str = "—") -> str:
    if value is None:
        return empty
    return f"{number_format(round(value * 100, 1), decimal_pos=1)} %"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    over: bool
    title: str
    label: str  # the day under the bar, or "" when skipped to keep labels readable
    label_x: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    target_y: float
    target_label: str
    ticks: list[tuple[float, str]]  # (y, minutes) on the vertical axis
    left: int
    right: float
    base_y: float

    @property
    def axis_x(self) -> int:
        return self.left - 6

    @property
    def label_x(self) -> int:
        return self.left + 6

    @property
    def label_y(self) -> float:
        return self.base_y + 16

    @property
    def target_label_y(self) -> float:
        return round(self.target_y - 5, 1)

    @property
    def caption_y(self) -> int:
        return self.height - 4


def _scale_top(days: list[DailyWaiting], target_minutes: float) -> int:
    highest = max([d.average.total_seconds() / 60 for d in days if d.average is not None] + [0.0])
    top = max(highest, target_minutes * 1.4)
    step = 5 if top <= 40 else 10 if top <= 100 else 30
    return int(-(-top // step) * step)


def waiting_chart(days: list[DailyWaiting], target: timedelta) -> Chart:
    """Geometry of the bar chart of daily average waiting time, with the target line."""
    target_minutes = target.total_seconds() / 60
    top = _scale_top(days, target_minutes)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base = TOP + plot_h
    slot = plot_w / max(len(days), 1)
    every = max(1, -(-len(days) // 15))  # at most ~15 day labels

    def y_of(value: float) -> float:
        return base - plot_h * value / top

    bars = []
    for index, day in enumerate(days):
        x = LEFT + index * slot
        value = day.average.total_seconds() / 60 if day.average is not None else 0.0
        title = _("%(day)s: %(avg)s, %(n)d lượt") % {
            "day": f"{day.day:%d/%m}",
            "avg": minutes(day.average, empty=_("không có lượt")),
            "n": day.visits,
        }
        bars.append(
            Bar(
                x=round(x + slot * 0.15, 1),
                y=round(y_of(value), 1),
                width=round(slot * 0.7, 1),
                height=round(base - y_of(value), 1),
                over=value > target_minutes,
                title=title,
                label=f"{day.day:%d/%m}" if index % every == 0 else "",
                label_x=round(x + slot / 2, 1),
            )
        )
    step = top // 5
    ticks = [(round(y_of(v), 1), str(v)) for v in range(0, top + 1, step)]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        bars=bars,
        target_y=round(y_of(target_minutes), 1),
        target_label=_("Mục tiêu %(target)s") % {"target": target_text(target)},
        ticks=ticks,
        left=LEFT,
        right=WIDTH - RIGHT,
        base_y=base,
    )
