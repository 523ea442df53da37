"""The queue's rules through its services: numbers, call order, permissions, the state table.

Numbers are ``<letter>-<NNN>`` counted per centre, per letter and per day; a counter calls
the oldest waiting ticket of today among its lines (its own and those of its fields); only a
desk officer of the ticket's centre calls or serves, and a refused action changes nothing.
"""

from __future__ import annotations

import pytest

from motcua.desk import selectors, services
from motcua.desk.errors import (
    IllegalTicketAction,
    NoSuchLine,
    NothingToCall,
    QueueError,
    QueueForbidden,
)
from motcua.desk.models import Ticket, TicketSequence
from tests.test_queue_world import (  # noqa: F401 - fixtures
    Queue,
    World,
    at,
    fast_passwords,
    frozen,
    queue_fixture,
    world_fixture,
)

Status = Ticket.Status
MONDAY = at(2).date()


def _snapshot(ticket: Ticket) -> dict:
    ticket.refresh_from_db()
    return {f.attname: getattr(ticket, f.attname) for f in Ticket._meta.concrete_fields}


# -- taking numbers ------------------------------------------------------------------------


def test_numbers_count_per_letter_and_start_again_each_day(world: World, queue: Queue):
    taken = [
        queue.take(world.line_a, at(2, 8)),
        queue.take(world.line_a, at(2, 8, 1)),
        queue.take(world.line_b, at(2, 8, 2)),
        queue.take(world.line_h, at(2, 8, 3)),
        queue.take(world.line_a, at(2, 8, 4)),
        queue.take(world.line_a, at(3, 7, 30)),  # Tuesday
    ]
    assert [t.number for t in taken] == ["A-001", "A-002", "B-001", "H-001", "A-003", "A-001"]
    assert [t.day.day for t in taken] == [2, 2, 2, 2, 2, 3]
    assert all(t.status == Status.WAITING and t.centre == world.centre for t in taken)
    assert taken[0].taken_at == at(2, 8)


def test_each_centre_counts_its_own_numbers(world: World, queue: Queue):
    here = queue.take(world.line_a, at(2, 8))
    with frozen(at(2, 8, 1)):
        there = services.ticket_take(centre=world.other_centre, counter=world.other_counter)
    assert here.number == there.number == "A-001"


def test_a_ticket_by_field_goes_to_the_field_line(world: World):
    with frozen(at(2, 9)):
        ticket = services.ticket_take(centre=world.centre, field="Hộ tịch")
    assert ticket.group == world.line_h and ticket.number == "H-001"
    assert {c.number for c in selectors.counters_of(world.line_h)} == {1, 3}


def test_the_sequence_passes_three_digits(world: World, queue: Queue):
    TicketSequence.objects.create(centre=world.centre, prefix="A", day=at(2).date(), last=999)
    assert queue.take(world.line_a, at(2, 9)).number == "A-1000"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({}, QueueError),  # neither counter nor field
        ({"field": "Đất đai"}, NoSuchLine),  # a field with no line (land is by counter)
        ({"field": "Hộ tịch", "counter": "civil"}, QueueError),  # both
        ({"counter": "civil_two"}, NoSuchLine),  # counter 3 has no line of its own
        ({"field": "Hộ tịch", "phone": "09abc"}, QueueError),
        ({"field": "Hộ tịch", "id_number": "123"}, QueueError),
    ],
)
def test_a_bad_request_for_a_number_takes_nothing(world: World, kwargs, error):
    if "counter" in kwargs:
        kwargs["counter"] = getattr(world, kwargs["counter"])
    with frozen(at(2, 9)), pytest.raises(error) as refused:
        services.ticket_take(centre=world.centre, **kwargs)
    assert refused.value.message
    assert not Ticket.objects.exists()
    assert not TicketSequence.objects.filter(last__gt=0).exists()


def test_an_inactive_line_gives_no_number(world: World):
    world.line_b.is_active = False
    world.line_b.save()
    with frozen(at(2, 9)), pytest.raises(NoSuchLine):
        services.ticket_take(centre=world.centre, counter=world.land)


def test_contact_details_are_kept_for_a_later_message(world: World):
    with frozen(at(2, 9)):
        ticket = services.ticket_take(
            centre=world.centre, field="Hộ tịch", phone=" 0912345678 ", id_number="001095001234"
        )
    assert (ticket.phone, ticket.id_number) == ("0912345678", "001095001234")


# -- calling -------------------------------------------------------------------------------


def test_a_counter_calls_the_oldest_waiting_ticket_of_its_lines(world: World, queue: Queue):
    a1 = queue.take(world.line_a, at(2, 8))
    b1 = queue.take(world.line_b, at(2, 8, 1))
    h1 = queue.take(world.line_h, at(2, 8, 2))
    a2 = queue.take(world.line_a, at(2, 8, 3))
    h2 = queue.take(world.line_h, at(2, 8, 4))

    # counter 3 serves only the field line H
    assert queue.call(world.civil_two, at(2, 9)).pk == h1.pk
    # counter 1 serves A and H: the oldest of those still waiting
    first = queue.call(world.civil, at(2, 9, 1))
    assert first.pk == a1.pk
    assert first.status == Status.CALLED and first.called_to == world.civil
    assert first.called_at == first.last_called_at == at(2, 9, 1)
    assert first.served_by == world.officer
    assert [t.pk for t in selectors.waiting_tickets(counter=world.civil, on=MONDAY)] == [
        a2.pk,
        h2.pk,
    ]
    assert [t.pk for t in selectors.waiting_tickets(counter=world.land, on=MONDAY)] == [b1.pk]
    assert selectors.waiting_counts(world.centre, on=MONDAY) == {
        world.line_a.pk: 1,
        world.line_b.pk: 1,
        world.line_h.pk: 1,
    }


def test_yesterdays_waiting_tickets_are_not_called_today(world: World, queue: Queue):
    queue.take(world.line_b, at(2, 16, 55))
    today = queue.take(world.line_b, at(3, 8))
    assert queue.call(world.land, at(3, 8, 5)).pk == today.pk
    with frozen(at(3, 8, 6)):
        services.ticket_no_show(ticket=today, by=world.officer)
    with pytest.raises(NothingToCall):
        queue.call(world.land, at(3, 8, 7))


def test_a_busy_counter_must_close_its_ticket_before_calling(world: World, queue: Queue):
    queue.take(world.line_b, at(2, 8))
    waiting = queue.take(world.line_b, at(2, 8, 1))
    current = queue.call(world.land, at(2, 9))
    with pytest.raises(IllegalTicketAction, match=current.number):
        queue.call(world.land, at(2, 9, 1))
    assert _snapshot(waiting)["status"] == Status.WAITING
    with frozen(at(2, 9, 2)):
        services.ticket_no_show(ticket=current, by=world.officer)
    assert queue.call(world.land, at(2, 9, 3)).pk == waiting.pk


def test_two_officers_calling_in_turn_get_different_tickets(world: World, queue: Queue):
    h1 = queue.take(world.line_h, at(2, 8))
    h2 = queue.take(world.line_h, at(2, 8, 1))
    one = queue.call(world.civil, at(2, 9), by=world.officer)
    two = queue.call(world.civil_two, at(2, 9), by=world.colleague)
    assert (one.pk, two.pk) == (h1.pk, h2.pk)
    with frozen(at(2, 9, 1)):
        services.ticket_no_show(ticket=two, by=world.colleague)
    with pytest.raises(NothingToCall, match="Không còn ai chờ ở quầy 3"):
        queue.call(world.civil_two, at(2, 9, 2), by=world.colleague)


def test_nobody_waiting_is_a_clear_refusal(world: World, queue: Queue):
    with pytest.raises(NothingToCall) as refused:
        queue.call(world.land, at(2, 9))
    assert refused.value.status == 409 and "quầy 2" in refused.value.message


# -- who may call and serve ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["citizen", "supervisor", "handling_official", "other_officer"])
def test_only_a_desk_officer_of_the_centre_may_call(world: World, queue: Queue, who):
    waiting = queue.take(world.line_b, at(2, 8))
    before = _snapshot(waiting)
    person = getattr(world, who, None) or getattr(world.p, who)
    with pytest.raises(QueueForbidden) as refused:
        queue.call(world.land, at(2, 9), by=person)
    assert refused.value.status == 403
    assert "Chỉ công chức tiếp nhận của Trung tâm PVHCC tỉnh Thử" in refused.value.message
    assert _snapshot(waiting) == before


@pytest.mark.parametrize("action", ["recall", "start", "no_show"])
def test_another_centres_officer_may_not_serve(world: World, queue: Queue, action):
    queue.take(world.line_b, at(2, 8))
    called = queue.call(world.land, at(2, 9))
    before = _snapshot(called)
    with frozen(at(2, 9, 1)), pytest.raises(QueueForbidden):
        services.ACTIONS[action](ticket=called, by=world.other_officer)
    assert _snapshot(called) == before


def test_an_expired_role_no_longer_calls(world: World, queue: Queue):
    grant = world.colleague.staff_roles.get()
    grant.valid_to = at(2).date()
    grant.save()
    queue.take(world.line_b, at(2, 8))
    with pytest.raises(QueueForbidden):
        queue.call(world.land, at(2, 9), by=world.colleague)


# -- the state table -----------------------------------------------------------------------


def test_recall_start_finish_record_every_moment(world: World, queue: Queue):
    queue.take(world.line_b, at(2, 8))
    ticket = queue.call(world.land, at(2, 8, 12))
    with frozen(at(2, 8, 14)):
        ticket = services.ticket_recall(ticket=ticket, by=world.colleague)
    assert ticket.status == Status.CALLED and ticket.recalls == 1
    assert ticket.called_at == at(2, 8, 12) and ticket.last_called_at == at(2, 8, 14)
    with frozen(at(2, 8, 15)):
        ticket = services.ticket_start(ticket=ticket, by=world.colleague)
    assert ticket.status == Status.SERVING and ticket.served_by == world.colleague
    with frozen(at(2, 8, 27)):
        ticket = services.ticket_finish(ticket=ticket, by=world.colleague)
    assert ticket.status == Status.DONE and ticket.finished_at == at(2, 8, 27)
    # the recall does not restart the waiting clock
    assert ticket.waiting_time == selectors.waiting_time(ticket) == at(2, 8, 12) - at(2, 8)
    assert ticket.serving_time == selectors.serving_time(ticket) == at(2, 8, 27) - at(2, 8, 15)


def test_live_waiting_and_serving_times(world: World, queue: Queue):
    ticket = queue.take(world.line_b, at(2, 8))
    assert ticket.waiting_time is None
    assert selectors.waiting_time(ticket, now=at(2, 8, 7)).total_seconds() == 7 * 60
    assert selectors.serving_time(ticket) is None
    ticket = queue.call(world.land, at(2, 8, 10))
    with frozen(at(2, 8, 11)):
        ticket = services.ticket_start(ticket=ticket, by=world.officer)
    assert selectors.serving_time(ticket, now=at(2, 8, 20)).total_seconds() == 9 * 60
    assert selectors.waiting_time(ticket, now=at(2, 9)).total_seconds() == 10 * 60


@pytest.mark.parametrize(
    ("reach", "action"),
    [
        ("waiting", "start"),
        ("waiting", "recall"),
        ("waiting", "finish"),
        ("waiting", "no_show"),
        ("called", "finish"),
        ("serving", "start"),
        ("serving", "recall"),
        ("serving", "no_show"),
        ("done", "finish"),
        ("done", "recall"),
        ("no_show", "start"),
    ],
)
def test_an_illegal_move_is_refused_and_changes_nothing(world: World, queue: Queue, reach, action):
    ticket = queue.take(world.line_b, at(2, 8))
    path = {"called": [], "serving": ["start"], "done": ["start", "finish"], "no_show": ["no_show"]}
    if reach != "waiting":
        ticket = queue.call(world.land, at(2, 8, 5))
        for step in path[reach]:
            with frozen(at(2, 8, 6)):
                ticket = services.ACTIONS[step](ticket=ticket, by=world.officer)
    before = _snapshot(ticket)
    with frozen(at(2, 8, 30)), pytest.raises(IllegalTicketAction) as refused:
        services.ACTIONS[action](ticket=ticket, by=world.officer)
    assert refused.value.status == 409
    assert ticket.number in refused.value.message and "không thể" in refused.value.message
    assert _snapshot(ticket) == before


# -- lines ---------------------------------------------------------------------------------


def test_lines_built_from_counters_or_fields(world: World):
    from motcua.agencies.models import Counter

    centre = world.other_centre
    centre.queue_groups.all().delete()
    Counter.objects.create(centre=centre, number=2, name="Quầy đất đai", fields=["Đất đai"])
    world.other_counter.fields = ["Hộ tịch", "Chứng thực"]
    world.other_counter.save()
    by_counter = services.queue_groups_from_counters(centre=centre)
    assert [(g.prefix, g.name, g.counter.number) for g in by_counter] == [
        ("A", "Quầy chung", 1),
        ("B", "Quầy đất đai", 2),
    ]
    with pytest.raises(QueueError):  # a centre with lines is edited line by line
        services.queue_groups_from_counters(centre=centre, by_field=True)
    centre.queue_groups.all().delete()
    by_field = services.queue_groups_from_counters(centre=centre, by_field=True)
    assert [(g.prefix, g.field) for g in by_field] == [
        ("A", "Chứng thực"),
        ("B", "Hộ tịch"),
        ("C", "Đất đai"),
    ]
    assert [services.letters(n) for n in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_a_line_is_a_counter_or_a_field_of_its_own_centre(world: World):
    with pytest.raises(QueueError):
        services.queue_group_upsert(
            centre=world.centre, prefix="X", name="Cả hai", counter=world.civil_two, field="Hộ tịch"
        )
    with pytest.raises(QueueError):
        services.queue_group_upsert(centre=world.centre, prefix="Y", name="Không gì")
    with pytest.raises(QueueError, match="bộ phận một cửa khác"):
        services.queue_group_upsert(
            centre=world.centre, prefix="Z", name="Quầy xã", counter=world.other_counter
        )
    with pytest.raises(QueueError):
        services.queue_group_upsert(
            centre=world.centre, prefix="a1", name="Sai chữ", field="Chứng thực"
        )
