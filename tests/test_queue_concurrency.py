"""Calls and numbers under real concurrency (PostgreSQL threads).

Two officers pressing "call next" at the same moment must never get the same ticket, and
many kiosks taking numbers at once get distinct, gap-free numbers. SQLite serialises every
writer, so these races only mean something on PostgreSQL; the sequential equivalents run
everywhere in test_queue_services.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from motcua.agencies.models import Counter
from motcua.desk import services
from motcua.desk.errors import NothingToCall, QueueError
from motcua.desk.models import Ticket
from tests.test_queue_world import (  # noqa: F401 - fixtures
    Queue,
    World,
    at,
    fast_passwords,
    frozen,
    queue_fixture,
    world_fixture,
)

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real row-lock races need PostgreSQL; SQLite serialises every writer",
)
pytestmark = [POSTGRES_ONLY, pytest.mark.django_db(transaction=True)]
TICKETS = 200
COUNTERS = 16
TAKES = 60


def _in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        try:
            return work()
        except QueueError as error:
            return error
        finally:
            connections.close_all()

    return run


def test_two_officers_calling_at_once_get_different_tickets(world: World, queue: Queue):
    first = queue.take(world.line_h, at(2, 8))
    second = queue.take(world.line_h, at(2, 8, 1))
    barrier = threading.Barrier(2, timeout=20)

    def call(counter: Counter, by) -> Callable[[], Any]:
        def go() -> Any:
            barrier.wait()
            return services.ticket_call_next(counter=counter, by=by)

        return _in_thread(go)

    with frozen(at(2, 9)), ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [
            pool.submit(call(world.civil, world.officer)),
            pool.submit(call(world.civil_two, world.colleague)),
        ]
        outcomes = [job.result() for job in jobs]
    assert all(isinstance(o, Ticket) for o in outcomes), outcomes
    assert {o.pk for o in outcomes} == {first.pk, second.pk}
    assert {o.called_to_id for o in outcomes} == {world.civil.pk, world.civil_two.pk}


def test_many_counters_drain_one_line_without_calling_a_ticket_twice(world: World, queue: Queue):
    tickets = {queue.take(world.line_h, at(2, 8, n // 4)).pk for n in range(TICKETS)}
    desks = [
        Counter.objects.create(
            centre=world.centre, number=10 + n, name=f"Quầy {10 + n}", fields=["Hộ tịch"]
        )
        for n in range(COUNTERS)
    ]

    def drain(desk: Counter) -> list[int]:
        called = []
        while True:
            try:
                ticket = services.ticket_call_next(counter=desk, by=world.officer)
            except NothingToCall:
                return called
            called.append(ticket.pk)
            services.ticket_no_show(ticket=ticket, by=world.officer)

    with frozen(at(2, 9)), ThreadPoolExecutor(max_workers=len(desks)) as pool:
        results = [
            job.result() for job in [pool.submit(_in_thread(lambda d=d: drain(d))) for d in desks]
        ]
    called = [pk for result in results for pk in result]
    assert len(called) == len(set(called)) == len(tickets)
    assert set(called) == tickets
    assert not Ticket.objects.filter(status=Ticket.Status.WAITING).exists()


def test_kiosks_taking_numbers_at_once_get_distinct_gap_free_numbers(world: World):
    def take() -> str:
        return services.ticket_take(centre=world.centre, field="Hộ tịch").number

    with frozen(at(2, 8)), ThreadPoolExecutor(max_workers=12) as pool:
        numbers = [job.result() for job in [pool.submit(_in_thread(take)) for _ in range(TAKES)]]
    assert sorted(numbers) == [f"H-{n:03d}" for n in range(1, TAKES + 1)]
