"""Waiting-time statistics computed by hand: the daily average, the ≤ 15-minute share, counters.

Monday 2 March, line B (counter 2): waits of 5, 20, 15, 12 minutes served for 10, 6, 8, 4
minutes, a visitor called after 30 minutes who did not come, and a number taken at 16:50
never called. Tuesday 3, line H (counter 3): waits of 3 and 9 minutes, 5 minutes of service
each. Wednesday 4: nobody. The other centre's 40-minute wait must not count here.

    Monday:  visits 5, average (5+20+15+12+30)/5 = 16.4 min, within 15 min: 5, 15, 12 → 3/5
    Tuesday: visits 2, average (3+9)/2 = 6 min, within: 2/2
    Counter 2: called 5, served 4, absent 1, wait 16.4 min, service (10+6+8+4)/4 = 7 min
    Counter 3: called 2, served 2, wait 6 min, service 5 min
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua.desk import selectors, services
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

MONDAY, TUESDAY, WEDNESDAY = at(2).date(), at(3).date(), at(4).date()


def minutes(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


@pytest.fixture(name="history")
def history_fixture(world: World, queue: Queue) -> World:
    for start, wait, serve in [(8, 5, 10), (9, 20, 6), (10, 15, 8), (11, 12, 4)]:
        queue.visit(world.line_b, at(2, start), wait=wait, serve=serve)
    queue.take(world.line_b, at(2, 14))
    absent = queue.call(world.land, at(2, 14, 30))
    with frozen(at(2, 14, 35)):
        services.ticket_no_show(ticket=absent, by=world.officer)
    queue.take(world.line_b, at(2, 16, 50))  # never called
    for start, wait in [(8, 3), (9, 9)]:
        queue.visit(world.line_h, at(3, start), wait=wait, serve=5, counter=world.civil_two)
    with frozen(at(2, 9)):
        services.ticket_take(centre=world.other_centre, counter=world.other_counter)
    with frozen(at(2, 9, 40)):
        services.ticket_call_next(counter=world.other_counter, by=world.other_officer)
    return world


def test_the_daily_average_and_the_share_within_fifteen_minutes(history: World):
    monday, tuesday, wednesday = selectors.daily_waiting(
        centre=history.centre, start=MONDAY, end=WEDNESDAY
    )
    assert (monday.day, tuesday.day, wednesday.day) == (MONDAY, TUESDAY, WEDNESDAY)
    assert (monday.taken, monday.visits, monday.uncalled) == (6, 5, 1)
    assert minutes(monday.average) == pytest.approx(16.4)
    assert monday.within_target == 3 and monday.share_within_target == pytest.approx(0.6)
    assert (tuesday.taken, tuesday.visits, tuesday.uncalled) == (2, 2, 0)
    assert minutes(tuesday.average) == pytest.approx(6)
    assert tuesday.share_within_target == 1
    assert (wednesday.taken, wednesday.visits, wednesday.average) == (0, 0, None)
    assert wednesday.share_within_target is None


def test_exactly_fifteen_minutes_is_within_the_target(history: World):
    exact = Ticket.objects.get(day=MONDAY, taken_at=at(2, 10), centre=history.centre)
    assert exact.waiting_time == timedelta(minutes=15) == selectors.target()


def test_the_target_is_a_setting(history: World, settings):
    settings.MOTCUA_QUEUE_TARGET_MINUTES = 10
    monday = selectors.daily_waiting(centre=history.centre, start=MONDAY, end=MONDAY)[0]
    assert monday.within_target == 1  # only the 5-minute wait


def test_centres_compared_over_a_range(history: World):
    here, there = selectors.centres_waiting(
        centres=[history.centre, history.other_centre], start=MONDAY, end=WEDNESDAY
    )
    assert here.centre == history.centre and there.centre == history.other_centre
    assert here.summary.visits == 7
    assert minutes(here.summary.average) == pytest.approx((82 + 12) / 7)
    assert here.summary.within_target == 5 and here.summary.uncalled == 1
    assert there.summary.visits == 1 and minutes(there.summary.average) == pytest.approx(40)
    assert there.summary.share_within_target == 0


def test_each_counters_work_over_a_range(history: World):
    civil, land, civil_two = selectors.counter_stats(
        centre=history.centre, start=MONDAY, end=WEDNESDAY
    )
    assert civil.counter == history.civil
    assert (civil.called, civil.served, civil.no_show, civil.average_wait) == (0, 0, 0, None)
    assert (land.called, land.served, land.no_show) == (5, 4, 1)
    assert minutes(land.average_wait) == pytest.approx(16.4)
    assert minutes(land.average_service) == pytest.approx(7)
    assert (civil_two.called, civil_two.served, civil_two.no_show) == (2, 2, 0)
    assert minutes(civil_two.average_wait) == pytest.approx(6)
    assert minutes(civil_two.average_service) == pytest.approx(5)
    tuesday_only = selectors.counter_stats(centre=history.centre, start=TUESDAY, end=TUESDAY)
    assert [s.called for s in tuesday_only] == [0, 0, 2]


def test_the_board_and_the_last_calls(world: World, queue: Queue):
    queue.take(world.line_b, at(2, 8))
    queue.take(world.line_h, at(2, 8, 1))
    land = queue.call(world.land, at(2, 8, 5))
    civil = queue.call(world.civil, at(2, 8, 6))
    with frozen(at(2, 8, 7)):
        services.ticket_recall(ticket=land, by=world.officer)
    board = selectors.now_serving(world.centre, on=MONDAY)
    assert [(row.counter.number, row.ticket and row.ticket.number) for row in board] == [
        (1, "H-001"),
        (2, "B-001"),
        (3, None),
    ]
    assert [t.number for t in selectors.last_called(world.centre, on=MONDAY)] == ["B-001", "H-001"]
    with frozen(at(2, 8, 8)):
        services.ticket_start(ticket=civil, by=world.officer)
        services.ticket_finish(ticket=civil, by=world.officer)
    board = selectors.now_serving(world.centre, on=MONDAY)
    assert board[0].ticket is None
    assert selectors.ticket_at_counter(world.land, on=MONDAY) == land


def test_how_many_are_ahead(world: World, queue: Queue):
    tickets = [queue.take(world.line_h, at(2, 8, n)) for n in range(4)]
    assert [selectors.ahead_of(t) for t in tickets] == [0, 1, 2, 3]
    queue.call(world.civil_two, at(2, 9))
    assert selectors.ahead_of(tickets[3]) == 2
