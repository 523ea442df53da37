"""Reads of the queue that carry rules: who serves which line, what the hall sees, and times.

Waiting time is taken → first call (a recall does not reset it); serving time is start →
finish. A day's average waiting time counts every ticket that was called that day, no-shows
included (the wait was the centre's, whatever the visitor did next); tickets never called
are reported apart as ``uncalled``, since their wait has no end to measure. The target
(15 minutes per visit, DOMAIN §8) is the setting ``MOTCUA_QUEUE_TARGET_MINUTES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Counter, Role, ServiceCentre
from motcua.agencies.selectors import roles_of
from motcua.core.models import User
from motcua.desk.models import QueueGroup, Ticket
from motcua.desk.states import AT_COUNTER

Status = Ticket.Status
WAIT = ExpressionWrapper(F("called_at") - F("taken_at"), output_field=DurationField())
SERVICE = ExpressionWrapper(
    F("finished_at") - F("serving_started_at"), output_field=DurationField()
)


def target() -> timedelta:
    """The longest acceptable wait per visit."""
    return timedelta(minutes=getattr(settings, "MOTCUA_QUEUE_TARGET_MINUTES", 15))


def _today(on: date | None) -> date:
    return on or timezone.localdate()


# -- lines and counters --------------------------------------------------------------------


def active_groups(centre: ServiceCentre) -> list[QueueGroup]:
    """The kiosk's buttons, in display order."""
    return list(centre.queue_groups.filter(is_active=True).select_related("counter"))


def group_for(
    *, centre: ServiceCentre, counter: Counter | None = None, field: str | None = None
) -> QueueGroup | None:
    """The active line of ``centre`` for one counter or one field of procedures."""
    lines = centre.queue_groups.filter(is_active=True)
    if counter is not None:
        return lines.filter(counter=counter).first()
    return lines.filter(field=field).first() if field else None


def groups_served_by(counter: Counter) -> list[QueueGroup]:
    """Every line whose tickets ``counter`` calls: its own, and those of its fields."""
    return [g for g in active_groups(counter.centre) if g.is_served_by(counter)]


def counters_of(group: QueueGroup, *, among: list[Counter] | None = None) -> list[Counter]:
    """The counters that call ``group``'s tickets (``among``: the centre's, if already read)."""
    counters = among if among is not None else Counter.objects.filter(centre_id=group.centre_id)
    return [c for c in counters if group.is_served_by(c)]


def may_serve(user: User, centre: ServiceCentre) -> bool:
    """Only a desk officer of the centre calls and serves its queue."""
    if not user.is_authenticated:
        return False
    return roles_of(user).filter(role=Role.DESK_OFFICER, centre=centre).exists()


def counters_for_officer(user: User) -> QuerySet[Counter]:
    """The counters of every centre where ``user`` is a desk officer today."""
    if not user.is_authenticated:
        return Counter.objects.none()
    centres = roles_of(user).filter(role=Role.DESK_OFFICER, centre__isnull=False)
    return Counter.objects.filter(
        centre__in=centres.values("centre"), centre__is_active=True
    ).select_related("centre")


def supervised_centres(user: User) -> list[ServiceCentre]:
    """Centres whose queue statistics ``user`` may read.

    A centre supervisor reads their centre; a province supervisor or an administrator
    reads every active centre of the installation (one province per installation).
    """
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    active = ServiceCentre.objects.filter(is_active=True)
    if roles.filter(role__in=[Role.PROVINCE_SUPERVISOR, Role.ADMINISTRATOR]).exists():
        return list(active)
    own = roles.filter(role=Role.CENTRE_SUPERVISOR, centre__isnull=False)
    return list(active.filter(pk__in=own.values("centre")))


# -- the live queue ------------------------------------------------------------------------


def waiting_tickets(
    *, counter: Counter | None = None, group: QueueGroup | None = None, on: date | None = None
) -> QuerySet[Ticket]:
    """The day's waiting tickets of one line or of every line a counter calls, oldest first."""
    tickets = Ticket.objects.filter(status=Status.WAITING, day=_today(on))
    if counter is not None:
        tickets = tickets.filter(group__in=[g.pk for g in groups_served_by(counter)])
    if group is not None:
        tickets = tickets.filter(group=group)
    return tickets.select_related("group").order_by("taken_at", "pk")


def waiting_counts(centre: ServiceCentre, *, on: date | None = None) -> dict[int, int]:
    """How many wait in each line today, by line id (lines with nobody are left out)."""
    rows = (
        Ticket.objects.filter(centre=centre, day=_today(on), status=Status.WAITING)
        .values("group")
        .annotate(n=Count("pk"))
    )
    return {row["group"]: row["n"] for row in rows}


def ahead_of(ticket: Ticket) -> int:
    """Tickets of the same line still waiting that were taken before ``ticket``."""
    earlier = Q(taken_at__lt=ticket.taken_at) | Q(taken_at=ticket.taken_at, pk__lt=ticket.pk)
    return Ticket.objects.filter(
        earlier, group_id=ticket.group_id, day=ticket.day, status=Status.WAITING
    ).count()


def ticket_at_counter(counter: Counter, *, on: date | None = None) -> Ticket | None:
    """The ticket called to (or being served at) ``counter`` today, if any."""
    return (
        Ticket.objects.filter(called_to=counter, day=_today(on), status__in=AT_COUNTER)
        .select_related("group")
        .order_by("-last_called_at")
        .first()
    )


@dataclass(frozen=True)
class CounterNow:
    counter: Counter
    ticket: Ticket | None


def now_serving(centre: ServiceCentre, *, on: date | None = None) -> list[CounterNow]:
    """Each counter of the centre with the ticket at it now (the hall display's board)."""
    tickets = Ticket.objects.filter(centre=centre, day=_today(on), status__in=AT_COUNTER)
    at = {t.called_to_id: t for t in tickets.order_by("last_called_at")}
    return [CounterNow(c, at.get(c.pk)) for c in centre.counters.order_by("number")]


def last_called(centre: ServiceCentre, *, limit: int = 6, on: date | None = None) -> list[Ticket]:
    """The latest calls and recalls of the day, newest first."""
    tickets = Ticket.objects.filter(centre=centre, day=_today(on), last_called_at__isnull=False)
    return list(tickets.select_related("called_to").order_by("-last_called_at", "-pk")[:limit])


def waiting_time(ticket: Ticket, *, now: datetime | None = None) -> timedelta:
    """How long the ticket waited to be called, or has waited so far."""
    return (ticket.called_at or now or timezone.now()) - ticket.taken_at


def serving_time(ticket: Ticket, *, now: datetime | None = None) -> timedelta | None:
    """How long the service took, or has taken so far; ``None`` before it started."""
    if ticket.serving_started_at is None:
        return None
    return (ticket.finished_at or now or timezone.now()) - ticket.serving_started_at


# -- statistics ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyWaiting:
    day: date
    taken: int  # tickets taken that day
    visits: int  # tickets called, whose wait is measured
    average: timedelta | None  # mean wait of the visits
    within_target: int  # visits that waited no longer than the target

    @property
    def uncalled(self) -> int:
        return self.taken - self.visits

    @property
    def share_within_target(self) -> float | None:
        return self.within_target / self.visits if self.visits else None


def _waiting_rows(tickets: QuerySet[Ticket], key: str) -> QuerySet:
    return (
        tickets.values(key)
        .annotate(
            taken=Count("pk"),
            visits=Count("pk", filter=Q(called_at__isnull=False)),
            average=Avg(WAIT),
            within=Count("pk", filter=Q(called_at__lte=F("taken_at") + target())),
        )
        .order_by(key)
    )


def daily_waiting(*, centre: ServiceCentre, start: date, end: date) -> list[DailyWaiting]:
    """One row per calendar day from ``start`` to ``end`` inclusive, empty days included."""
    tickets = Ticket.objects.filter(centre=centre, day__range=(start, end))
    rows = {row["day"]: row for row in _waiting_rows(tickets, "day")}
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [
        DailyWaiting(
            day=day,
            taken=rows[day]["taken"] if day in rows else 0,
            visits=rows[day]["visits"] if day in rows else 0,
            average=rows[day]["average"] if day in rows else None,
            within_target=rows[day]["within"] if day in rows else 0,
        )
        for day in days
    ]


@dataclass(frozen=True)
class CentreWaiting:
    centre: ServiceCentre
    summary: DailyWaiting  # the whole range as one "day" (its ``day`` is the range's start)


def centres_waiting(*, centres: list[ServiceCentre], start: date, end: date) -> list[CentreWaiting]:
    """Each centre's waiting over the whole range, to compare centres side by side."""
    tickets = Ticket.objects.filter(centre__in=centres, day__range=(start, end))
    rows = {row["centre"]: row for row in _waiting_rows(tickets, "centre")}
    empty = {"taken": 0, "visits": 0, "average": None, "within": 0}
    return [
        CentreWaiting(
            centre=c,
            summary=DailyWaiting(
                day=start,
                taken=rows.get(c.pk, empty)["taken"],
                visits=rows.get(c.pk, empty)["visits"],
                average=rows.get(c.pk, empty)["average"],
                within_target=rows.get(c.pk, empty)["within"],
            ),
        )
        for c in centres
    ]


@dataclass(frozen=True)
class CounterStats:
    counter: Counter
    called: int
    served: int
    no_show: int
    average_wait: timedelta | None
    average_service: timedelta | None


def counter_stats(*, centre: ServiceCentre, start: date, end: date) -> list[CounterStats]:
    """What each counter of the centre did between ``start`` and ``end`` inclusive."""
    rows: dict[int, dict[str, Any]] = {
        row["called_to"]: dict(row)
        for row in Ticket.objects.filter(
            centre=centre, day__range=(start, end), called_to__isnull=False
        )
        .values("called_to")
        .annotate(
            called=Count("pk"),
            served=Count("pk", filter=Q(status=Status.DONE)),
            no_show=Count("pk", filter=Q(status=Status.NO_SHOW)),
            average_wait=Avg(WAIT),
            average_service=Avg(SERVICE, filter=Q(status=Status.DONE)),
        )
        .order_by("called_to")
    }
    stats = []
    for c in centre.counters.order_by("number"):
        row = rows.get(c.pk, {})
        stats.append(
            CounterStats(
                counter=c,
                called=row.get("called", 0),
                served=row.get("served", 0),
                no_show=row.get("no_show", 0),
                average_wait=row.get("average_wait"),
                average_service=row.get("average_service"),
            )
        )
    return stats
