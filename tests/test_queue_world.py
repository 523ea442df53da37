"""The test province's queue: counters, lines and people, shared by the queue tests.

Centre H99.30 has three counters: 1 (Hộ tịch, Chứng thực), 2 (Đất đai), 3 (Hộ tịch).
Its lines: A = counter 1 alone, B = counter 2 alone, H = the field "Hộ tịch", called by
counters 1 and 3. A second centre (H99.40) has its own desk officer and one counter with
line A. Time is frozen on Monday 2 March 2026 unless a test moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from motcua.agencies import services as agencies
from motcua.agencies.models import Counter, Role, ServiceCentre
from motcua.core.models import User
from motcua.desk import services
from motcua.desk.models import QueueGroup, Ticket
from tests.dossier_flow import at, fast_passwords, frozen
from tests.personas import PASSWORD, Province

__all__ = ["Queue", "World", "at", "fast_passwords", "frozen", "queue_fixture", "world_fixture"]


@dataclass
class World:
    p: Province
    centre: ServiceCentre
    civil: Counter  # 1: Hộ tịch, Chứng thực
    land: Counter  # 2: Đất đai
    civil_two: Counter  # 3: Hộ tịch
    line_a: QueueGroup
    line_b: QueueGroup
    line_h: QueueGroup
    officer: User  # desk officer of H99.30 (the persona ``tiepnhan``)
    colleague: User  # a second desk officer of H99.30
    other_centre: ServiceCentre
    other_counter: Counter
    other_officer: User  # desk officer of H99.40 only


def _officer(username: str, centre: ServiceCentre) -> User:
    user = agencies.account_create(username=username, password=PASSWORD, full_name=username)
    agencies.staff_grant_role(
        user=user, role=Role.DESK_OFFICER, agency=centre.agency, centre=centre
    )
    return user


def build_world(p: Province) -> World:
    centre = p.centre
    civil = Counter.objects.create(
        centre=centre, number=1, name="Quầy Tư pháp", fields=["Hộ tịch", "Chứng thực"]
    )
    land = Counter.objects.create(centre=centre, number=2, name="Quầy Đất đai", fields=["Đất đai"])
    civil_two = Counter.objects.create(
        centre=centre, number=3, name="Quầy Hộ tịch", fields=["Hộ tịch"]
    )
    line_a = services.queue_group_upsert(
        centre=centre, prefix="A", name="Tư pháp", counter=civil, position=1
    )
    line_b = services.queue_group_upsert(
        centre=centre, prefix="B", name="Đất đai", counter=land, position=2
    )
    line_h = services.queue_group_upsert(
        centre=centre, prefix="H", name="Hộ tịch", field="Hộ tịch", position=3
    )
    other = agencies.centre_upsert(
        code="H99.40",
        name="Bộ phận Một cửa xã Thử",
        level=ServiceCentre.Level.COMMUNE,
        agency=p.centre.agency,
    )
    other_counter = Counter.objects.create(centre=other, number=1, name="Quầy chung")
    services.queue_group_upsert(centre=other, prefix="A", name="Quầy chung", counter=other_counter)
    return World(
        p=p,
        centre=centre,
        civil=civil,
        land=land,
        civil_two=civil_two,
        line_a=line_a,
        line_b=line_b,
        line_h=line_h,
        officer=p.desk_officer,
        colleague=_officer("tiepnhan2", centre),
        other_centre=other,
        other_counter=other_counter,
        other_officer=_officer("tiepnhanxa", other),
    )


@pytest.fixture(name="world")
def world_fixture(province: Province) -> World:
    return build_world(province)


class Queue:
    """Take and serve tickets at chosen moments of March 2026."""

    def __init__(self, world: World):
        self.w = world

    def take(self, line: QueueGroup, moment: datetime) -> Ticket:
        with frozen(moment):
            return services.ticket_take(
                centre=line.centre, counter=line.counter, field=line.field or None
            )

    def call(self, counter: Counter, moment: datetime, by: User | None = None) -> Ticket:
        with frozen(moment):
            return services.ticket_call_next(counter=counter, by=by or self.w.officer)

    def visit(
        self, line: QueueGroup, taken: datetime, wait: int, serve: int = 5, counter=None
    ) -> Ticket:
        """A whole visit: taken, called after ``wait`` minutes, served ``serve`` minutes."""
        ticket = self.take(line, taken)
        called = self.call(counter or line.counter or self.w.civil, taken + timedelta(minutes=wait))
        assert called.pk == ticket.pk, "the visit's ticket must be the oldest waiting"
        with frozen(taken + timedelta(minutes=wait, seconds=30)):
            services.ticket_start(ticket=called, by=self.w.officer)
        with frozen(taken + timedelta(minutes=wait + serve, seconds=30)):
            return services.ticket_finish(ticket=called, by=self.w.officer)


@pytest.fixture(name="queue")
def queue_fixture(world: World) -> Queue:
    return Queue(world)
