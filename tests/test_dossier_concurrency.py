"""Dossier codes and concurrent writes.

Codes follow Decree 118 Art. 28: ``<receiving agency e-identifier>-<YYMMDD>-<sequence>``
with a daily sequence of at least four digits, taken from a counter row locked inside the
intake transaction. On PostgreSQL real threads race: 200 intakes get 200 gap-free codes,
and of two officials acting on one dossier at once exactly one wins. SQLite serialises
writers (IMMEDIATE transactions on one file), so there the code test runs sequentially.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections, transaction

from motcua.agencies import services as agencies
from motcua.agencies.models import Role
from motcua.dossiers.codes import format_code, next_code
from motcua.dossiers.errors import DossierError, IllegalTransition, StaleDossier
from motcua.dossiers.models import Dossier, DossierCodeCounter
from motcua.dossiers.services import dossier_act
from motcua.dossiers.states import Actor, State
from tests.dossier_flow import Flow, at, fast_passwords, frozen  # noqa: F401
from tests.personas import PASSWORD, Province

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="real row-lock races need PostgreSQL; SQLite serialises every writer",
)
INTAKES = 200
THREADS = 24


@pytest.fixture
def flow(province: Province) -> Flow:
    return Flow(province)


# -- codes ---------------------------------------------------------------------------------


def test_code_format_has_at_least_four_digits():
    assert format_code("H99.30", date(2026, 3, 2), 1) == "H99.30-260302-0001"
    assert format_code("H15.50.05.13", date(2026, 10, 8), 975) == "H15.50.05.13-261008-0975"
    assert format_code("H99.30", date(2026, 3, 2), 12345) == "H99.30-260302-12345"


@pytest.mark.django_db(transaction=True)
def test_next_code_runs_only_inside_the_intake_transaction():
    with pytest.raises(RuntimeError):
        next_code(prefix="H99.30", day=date(2026, 3, 2))
    with transaction.atomic():
        assert next_code(prefix="H99.30", day=date(2026, 3, 2)) == "H99.30-260302-0001"


def test_codes_count_per_day_and_start_again_the_next_day(flow: Flow):
    with frozen(at(2, 6, 30)) as traveller:  # 06:30 in Hà Nội is still Sunday in UTC
        codes = [flow.new().code for _ in range(3)]
        draft = flow.new(submit=False)
        assert draft.code is None  # a draft has no code yet
        traveller.move_to(at(3, 9))
        draft = flow.act(draft, "submit", Actor.APPLICANT)
        codes.append(flow.new(channel="portal").code)
    # the draft took the first number of Tuesday when it was submitted
    assert codes == [
        "H99.30-260302-0001",
        "H99.30-260302-0002",
        "H99.30-260302-0003",
        "H99.30-260303-0002",
    ]
    assert draft.code == "H99.30-260303-0001"


def test_a_back_dated_intake_takes_the_number_of_its_own_day(flow: Flow):
    with frozen(at(9, 9)):
        late_entry = flow.new(now=at(2, 16, 30), receive=True)  # e.g. the demo loader
        today = flow.new()
    assert late_entry.code == "H99.30-260302-0001" and today.code == "H99.30-260309-0001"
    assert {e.at for e in late_entry.events.all()} == {at(2, 16, 30)}
    # received after the cutoff on Mon 2: clock from Tue 3 08:00, due Mon 9 17:00
    assert late_entry.due_at == at(9, 17)


def test_the_sequence_grows_past_four_digits(flow: Flow):
    DossierCodeCounter.objects.create(prefix="H99.30", day=date(2026, 3, 2), last=9999)
    with frozen(at(2, 9)):
        assert flow.new().code == "H99.30-260302-10000"


def test_a_failed_intake_gives_its_number_back(flow: Flow):
    with frozen(at(2, 9)):
        first = flow.new()
        with pytest.raises(DossierError):  # refused inside the intake transaction
            flow.new(by=flow.p.clerk)  # a clerk may not submit a dossier
        second = flow.new()
    assert (first.code, second.code) == ("H99.30-260302-0001", "H99.30-260302-0002")
    assert Dossier.objects.count() == 2


def test_sequential_intakes_get_gap_free_codes(flow: Flow):
    with frozen(at(2, 9)):
        codes = [flow.new(receive=True).code for _ in range(30)]
    assert codes == [f"H99.30-260302-{n:04d}" for n in range(1, 31)]


def test_a_stale_revision_is_refused_and_changes_nothing(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new()
        seen = dossier.revision
        dossier = flow.act(dossier, "receive", Actor.DESK_OFFICER)
        fields = {"assignee": flow.p.handling_official.pk}
        with pytest.raises(StaleDossier) as stale:
            dossier_act(
                dossier=dossier, action="assign", by=flow.p.head, fields=fields, revision=seen
            )
        assert stale.value.status == 409
        dossier = dossier_act(
            dossier=dossier, action="assign", by=flow.p.head, fields=fields, revision=seen + 1
        )
    assert dossier.status == State.IN_PROGRESS and dossier.revision == seen + 2
    assert dossier.events.filter(action="assign").count() == 1


# -- races on PostgreSQL -------------------------------------------------------------------


def _in_thread(work: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``work`` in a worker thread and close that thread's connection afterwards."""

    def run() -> Any:
        try:
            return work()
        except DossierError as error:
            return error
        finally:
            connections.close_all()

    return run


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_parallel_intakes_get_distinct_gap_free_codes(flow: Flow):
    with frozen(at(2, 10)), ThreadPoolExecutor(max_workers=THREADS) as pool:
        jobs = [pool.submit(_in_thread(lambda: flow.new().code)) for _ in range(INTAKES)]
        codes = [job.result() for job in jobs]
    assert sorted(codes) == [f"H99.30-260302-{n:04d}" for n in range(1, INTAKES + 1)]
    assert DossierCodeCounter.objects.get(prefix="H99.30").last == INTAKES
    assert Dossier.objects.filter(status=State.SUBMITTED).count() == INTAKES


def _race(first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(2, timeout=20)

    def start(work: Callable[[], Any]) -> Callable[[], Any]:
        def go() -> Any:
            barrier.wait()
            return work()

        return _in_thread(go)

    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(start(first)), pool.submit(start(second))]
        return [job.result() for job in jobs]


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_desk_officers_receiving_at_once_one_wins(flow: Flow):
    p = flow.p
    twin = agencies.account_create(username="tiepnhan2", password=PASSWORD, full_name="Tiếp nhận")
    agencies.staff_grant_role(
        user=twin, role=Role.DESK_OFFICER, agency=p.centre.agency, centre=p.centre
    )
    with frozen(at(2, 9)):
        dossier = flow.new()
        outcomes = _race(
            lambda: flow.act(dossier, "receive", p.desk_officer),
            lambda: flow.act(dossier, "receive", twin),
        )
    won = [o for o in outcomes if isinstance(o, Dossier)]
    lost = [o for o in outcomes if isinstance(o, IllegalTransition)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].status == 409 and "receive" not in lost[0].allowed
    dossier.refresh_from_db()
    assert dossier.status == State.RECEIVED and dossier.revision == 2
    assert dossier.events.filter(action="receive").count() == 1
    assert dossier.steps.count() == 5  # one set of steps, not two


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_pause_and_finish_at_once_one_wins(flow: Flow):
    p = flow.p
    with frozen(at(2, 9)):
        dossier = flow.reach(State.IN_PROGRESS)
        outcomes = _race(
            lambda: flow.act(dossier, "pause", p.handling_official),
            lambda: flow.act(dossier, "finish", p.leader),
        )
    assert sum(isinstance(o, Dossier) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, IllegalTransition) for o in outcomes) == 1, outcomes
    dossier.refresh_from_db()
    assert dossier.status in (State.PAUSED, State.RESULT_READY)
    last = dossier.events.order_by("-sequence").first()
    assert last is not None and last.to_state == dossier.status
    assert dossier.events.filter(action__in=["pause", "finish"]).count() == 1
