"""The queue's pages: kiosk and hall display (public), the counter and the statistics (staff).

Views are thin: they read with ``motcua.desk.selectors``, write with ``motcua.desk.services``
and turn a refused action into the same page with a clear message and the error's status
(nothing changed). Every action is a plain POST form, so the pages work without JavaScript.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.agencies.models import Counter, ServiceCentre
from motcua.agencies.selectors import centre_by_code
from motcua.desk import selectors, services
from motcua.desk.errors import QueueError
from motcua.desk.models import QueueGroup, Ticket
from motcua.desk.states import MOVES, moves_from
from motcua.office.queue import present
from motcua.office.queue.forms import (
    CALL_NEXT,
    STATS_DAYS,
    CounterActionForm,
    KioskForm,
    StatsForm,
)

DISPLAY_REFRESH_SECONDS = 10
TICKET_RETURN_SECONDS = 45


def _centre(code: str) -> ServiceCentre:
    centre = centre_by_code(code)
    if centre is None:
        raise Http404(_("Không có bộ phận một cửa này."))
    return centre


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"message": message, "status": status}
    return render(request, "office/queue/refused.html", context, status=status)


def index(request: HttpRequest) -> HttpResponse:
    """Centres that give numbers, with links to their kiosk and hall display."""
    centres = ServiceCentre.objects.filter(is_active=True, queue_groups__is_active=True).distinct()
    return render(request, "office/queue/index.html", {"centres": centres})


# -- public: kiosk, ticket, hall display ---------------------------------------------------


def _lines(centre: ServiceCentre) -> list[dict[str, Any]]:
    counts = selectors.waiting_counts(centre)
    counters = list(centre.counters.order_by("number"))
    return [
        {
            "group": g,
            "waiting": counts.get(g.pk, 0),
            "counters": selectors.counters_of(g, among=counters),
        }
        for g in selectors.active_groups(centre)
    ]


@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """Big buttons, one per line; pressing one takes a number and shows the ticket."""
    centre = _centre(code)
    form = KioskForm(request.POST or None, centre=centre)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            group: QueueGroup = form.cleaned_data["group"]
            try:
                ticket = services.ticket_take(
                    centre=centre, counter=group.counter, field=group.field or None
                )
            except QueueError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                return redirect("office:queue_ticket", pk=ticket.pk)
        else:
            status = 400
    context = {"centre": centre, "lines": _lines(centre), "form": form}
    return render(request, "office/queue/kiosk.html", context, status=status)


def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable ticket: number, line, counters, and how many are ahead."""
    taken = get_object_or_404(Ticket.objects.select_related("centre", "group"), pk=pk)
    context = {
        "ticket": taken,
        "ahead": selectors.ahead_of(taken),
        "counters": selectors.counters_of(taken.group),
        "return_seconds": TICKET_RETURN_SECONDS,
    }
    return render(request, "office/queue/ticket.html", context)


def display(request: HttpRequest, code: str) -> HttpResponse:
    """The hall's board: who is at each counter, the latest calls, the lines' lengths."""
    centre = _centre(code)
    recent = selectors.last_called(centre)
    context = {
        "centre": centre,
        "board": selectors.now_serving(centre),
        "latest": recent[0] if recent else None,
        "recent": recent[1:],
        "lines": _lines(centre),
        "refresh": DISPLAY_REFRESH_SECONDS,
        "now": timezone.localtime(),
    }
    return render(request, "office/queue/display.html", context)


# -- staff: the counter --------------------------------------------------------------------


@login_required
def counters(request: HttpRequest) -> HttpResponse:
    """The counters this officer may work at; straight to the counter when only one."""
    mine = list(selectors.counters_for_officer(request.user))  # type: ignore[arg-type]
    if not mine:
        return _refuse(request, _("Chỉ công chức tiếp nhận của bộ phận một cửa mới gọi số."), 403)
    if len(mine) == 1:
        return redirect("office:queue_counter", pk=mine[0].pk)
    return render(request, "office/queue/counters.html", {"counters": mine})


def _counter_page(
    request: HttpRequest, counter: Counter, form: CounterActionForm, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    current = selectors.ticket_at_counter(counter)
    waiting = [
        {"ticket": t, "waited": present.clock(selectors.waiting_time(t, now=now))}
        for t in selectors.waiting_tickets(counter=counter)
    ]
    context = {
        "counter": counter,
        "current": current,
        "current_waited": present.clock(selectors.waiting_time(current)) if current else "",
        "current_serving": present.clock(selectors.serving_time(current, now=now))
        if current
        else "",
        "moves": _move_buttons(current),
        "waiting": waiting,
        "lines": selectors.groups_served_by(counter),
        "form": form,
    }
    return render(request, "office/queue/counter.html", context, status=status)


def _move_buttons(current: Ticket | None) -> list[dict[str, Any]]:
    if current is None:
        return []
    return [{"name": name, "label": MOVES[name].label} for name in moves_from(current.status)]


def _apply(form: CounterActionForm, counter: Counter, by: Any) -> Ticket:
    action = form.cleaned_data["action"]
    if action == CALL_NEXT:
        return services.ticket_call_next(counter=counter, by=by)
    target = Ticket.objects.filter(pk=form.cleaned_data["ticket"], centre=counter.centre).first()
    if target is None:
        raise QueueError(_("Không có số thứ tự này ở bộ phận một cửa của quầy."))
    return services.ACTIONS[action](ticket=target, by=by)


@login_required
@require_http_methods(["GET", "POST"])
def counter(request: HttpRequest, pk: int) -> HttpResponse:
    """One counter's work: call the next number, recall, start, finish, mark absent."""
    desk = get_object_or_404(Counter.objects.select_related("centre"), pk=pk)
    if not selectors.may_serve(request.user, desk.centre):  # type: ignore[arg-type]
        message = _("Chỉ công chức tiếp nhận của %(centre)s được làm việc tại quầy này.")
        return _refuse(request, message % {"centre": desk.centre.name}, 403)
    if request.method != "POST":
        return _counter_page(request, desk, CounterActionForm())
    form = CounterActionForm(request.POST)
    if not form.is_valid():
        return _counter_page(request, desk, form, status=400)
    try:
        done = _apply(form, desk, request.user)
    except QueueError as error:
        form.add_error(None, error.message)
        return _counter_page(request, desk, form, status=error.status)
    messages.success(
        request,
        _("Số %(number)s: %(status)s.")
        % {"number": done.number, "status": done.get_status_display().lower()},
    )
    return redirect("office:queue_counter", pk=desk.pk)


# -- staff: statistics ---------------------------------------------------------------------


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """Daily average waiting time of a centre against the target, and each counter's work."""
    centres = selectors.supervised_centres(request.user)  # type: ignore[arg-type]
    if not centres:
        return _refuse(request, _("Chỉ người giám sát bộ phận một cửa mới xem thống kê."), 403)
    form = StatsForm(_with_default_range(request), centres=centres)
    if not form.is_valid():
        return render(request, "office/queue/stats.html", {"form": form}, status=400)
    data = form.cleaned_data
    centre = form.chosen_centre()
    days = selectors.daily_waiting(centre=centre, start=data["start"], end=data["end"])
    context = {
        "form": form,
        "centre": centre,
        "start": data["start"],
        "end": data["end"],
        "target": present.target_text(selectors.target()),
        "chart": present.waiting_chart(days, selectors.target()),
        "days": [_day_row(d) for d in days],
        "overall": _overall(centre, data),
        "comparison": _comparison(centres, data) if len(centres) > 1 else [],
        "counters": _counter_rows(centre, data),
    }
    return render(request, "office/queue/stats.html", context)


def _with_default_range(request: HttpRequest) -> QueryDict:
    """The query with the last 30 days filled in, so the form shows the range it draws."""
    data = request.GET.copy()
    end = timezone.localdate()
    if not data.get("end") and not data.get("start"):
        data["start"] = f"{end - timedelta(days=STATS_DAYS - 1):%d/%m/%Y}"
        data["end"] = f"{end:%d/%m/%Y}"
    return data


def _day_row(day: selectors.DailyWaiting) -> dict[str, Any]:
    over = day.average is not None and day.average > selectors.target()
    return {
        "day": day.day,
        "taken": day.taken,
        "visits": day.visits,
        "uncalled": day.uncalled,
        "average": present.minutes(day.average),
        "share": present.share(day.share_within_target),
        "over": over,
    }


def _overall(centre: ServiceCentre, data: dict[str, Any]) -> dict[str, Any]:
    rows = selectors.centres_waiting(centres=[centre], start=data["start"], end=data["end"])
    return _day_row(rows[0].summary)


def _comparison(centres: list[ServiceCentre], data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = selectors.centres_waiting(centres=centres, start=data["start"], end=data["end"])
    return [{"centre": r.centre, **_day_row(r.summary)} for r in rows]


def _counter_rows(centre: ServiceCentre, data: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "counter": s.counter,
            "called": s.called,
            "served": s.served,
            "no_show": s.no_show,
            "wait": present.minutes(s.average_wait),
            "service": present.minutes(s.average_service),
        }
        for s in selectors.counter_stats(centre=centre, start=data["start"], end=data["end"])
    ]
