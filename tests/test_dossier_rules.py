"""The rules of Decree 118 (DOMAIN §4), one test each, with every due time worked by hand.

Working time of the test centre: 08:00–12:00 and 13:00–17:00 (8 h a day), cutoff 15:00;
March 2026 has no holiday (Monday 2, 9, 16, 23). The test procedure takes 5 working days
(40 working hours); its steps B1…B5 take 0.5, 0.5, 3, 0.5 and 0.5 working days.
"""

from __future__ import annotations

import pytest

from motcua.catalog.selectors import procedure_version_by_code
from motcua.catalog.services import procedure_assign, procedures_import
from motcua.dossiers.errors import Forbidden, IllegalTransition, InvalidInput
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.selectors import awaiting_acceptance, overdue
from motcua.dossiers.states import BEFORE_DECISION, Actor, State, actions_from
from tests.dossier_flow import Flow, at, fast_passwords, frozen, local  # noqa: F401
from tests.personas import Province

APPLICANT, DESK, OFFICIAL = Actor.APPLICANT, Actor.DESK_OFFICER, Actor.HANDLING_OFFICIAL
HEAD, LEADER = Actor.HEAD_OF_DIVISION, Actor.LEADER


@pytest.fixture
def flow(province: Province) -> Flow:
    return Flow(province)


def _last_payload(dossier: Dossier) -> dict:
    event = dossier.events.order_by("-sequence").first()
    assert event is not None
    return event.payload


def _step_due(dossier: Dossier, code: str):
    return local(dossier.steps.get(code=code).due_at)


# -- supplements ---------------------------------------------------------------------------


def test_supplement_is_requested_only_once_at_receipt(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.act(flow.new(), "request_supplement", DESK)
        assert dossier.status == State.SUPPLEMENT_REQUESTED
        assert dossier.supplements_at_receipt == 1 and not dossier.is_late
        assert dossier.due_at is None  # the clock has not started: nothing is received yet
        traveller.move_to(at(3, 9))
        dossier = flow.act(dossier, "supplement", APPLICANT)
        assert dossier.status == State.SUBMITTED
        with pytest.raises(IllegalTransition) as refused:
            flow.act(dossier, "request_supplement", DESK)
        assert "một lần" in refused.value.message
        assert refused.value.allowed == actions_from(State.SUBMITTED)
        dossier = flow.act(dossier, "receive", DESK)
    # the clock counts from the complete dossier: Tue 3 09:00 + 40 h = Tue 10 Mar 09:00
    assert local(dossier.clock_started_at) == at(3, 9)
    assert local(dossier.due_at) == at(10, 9)
    assert not dossier.is_late


def test_supplement_after_appraisal_stops_the_clock_and_restarts_it_from_zero(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        # received Mon 2 09:00: Mon 7 h + Tue–Fri 32 h + Mon 1 h → Mon 9 Mar 09:00
        assert local(dossier.due_at) == at(9, 9)
        # B3 (3 days = 24 h) from Mon 09:00: Mon 7 + Tue 8 + Wed 8 + Thu 1 → Thu 5 09:00
        assert _step_due(dossier, "B3") == at(5, 9)
        traveller.move_to(at(3, 10))
        dossier = flow.act(dossier, "request_supplement", OFFICIAL)
        assert dossier.status == State.SUPPLEMENT_REQUESTED
        assert local(dossier.paused_at) == at(3, 10) and not dossier.is_late
        # waiting for the applicant is not lateness: not overdue after the old due time
        assert not overdue(Dossier.objects.all(), now=at(9, 10)).exists()
        traveller.move_to(at(9, 14))
        dossier = flow.act(dossier, "supplement", APPLICANT)
        assert dossier.status == State.IN_PROGRESS
        assert dossier.paused_at is None
        assert local(dossier.clock_started_at) == at(9, 14)
        # from zero: 40 h from Mon 9 14:00 = Mon 3 h + Tue–Fri 32 h + Mon 16 4 h + 1 h
        assert local(dossier.due_at) == at(16, 14)
        # B3 moves by the stopped time, Tue 3 10:00 → Mon 9 14:00 = 6+8+8+8+5 = 35 h:
        # Thu 5 09:00 + 35 h = Thu 7 + Fri 8 + Mon 8 + Tue 8 + Wed 11 08:00–12:00 4
        assert _step_due(dossier, "B3") == at(11, 12)
        with pytest.raises(IllegalTransition) as refused:
            flow.act(dossier, "request_supplement", OFFICIAL)
        assert "sau thẩm định" in refused.value.message
    assert dossier.supplements_after_receipt == 1 and not dossier.is_late


def test_more_than_one_supplement_request_in_total_is_late(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.act(flow.new(), "request_supplement", DESK)
        dossier = flow.act(dossier, "supplement", APPLICANT)
        dossier = flow.act(dossier, "receive", DESK)
        dossier = flow.act(dossier, "assign", HEAD)
        assert not dossier.is_late
        dossier = flow.act(dossier, "request_supplement", OFFICIAL)
    dossier.refresh_from_db()
    assert (dossier.supplements_at_receipt, dossier.supplements_after_receipt) == (1, 1)
    assert dossier.is_late


def test_a_supplement_request_lists_what_is_missing(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new()
        for items in (None, [], [""], ["  "], "Bản sao", [3]):
            with pytest.raises(InvalidInput) as refused:
                flow.act(dossier, "request_supplement", DESK, fields={"items": items})
            assert refused.value.field == "items"
        dossier = flow.act(dossier, "request_supplement", DESK, fields={"items": [" Đơn ", "Ảnh"]})
    request = dossier.supplements.get()
    assert request.items == ["Đơn", "Ảnh"] and request.phase == "receipt"


# -- apology and extension -----------------------------------------------------------------


def test_extension_only_once_and_at_least_one_working_day_before_the_due_time(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)  # due Mon 9 Mar 09:00
        fields = {"reason": "Chờ ý kiến Sở Phối hợp", "new_due_at": at(11, 17).isoformat()}
        # Fri 6 09:01: 2 h 59 + 4 h (Fri) + 1 h (Mon) = 7 h 59 left < 8 h: too late
        traveller.move_to(at(6, 9, 1))
        with pytest.raises(IllegalTransition) as refused:
            flow.act(dossier, "extend", LEADER, fields=fields)
        assert "01 ngày làm việc" in refused.value.message
        # Fri 6 09:00: 3 + 4 + 1 = exactly 8 working hours left: allowed
        traveller.move_to(at(6, 9))
        earlier = {**fields, "new_due_at": at(9, 8).isoformat()}  # before the due time
        with pytest.raises(InvalidInput) as wrong:
            flow.act(dossier, "extend", LEADER, fields=earlier)
        assert wrong.value.field == "new_due_at"
        dossier = flow.act(dossier, "extend", LEADER, fields=fields)
        assert local(dossier.extended_due_at) == at(11, 17)
        assert local(dossier.due_at) == at(9, 9)  # the legal due time is kept
        assert dossier.extensions == 1 and dossier.is_late
        assert _last_payload(dossier)["new_due_at"] == at(11, 17).isoformat()
        traveller.move_to(at(6, 9, 30))
        with pytest.raises(IllegalTransition) as again:
            flow.act(dossier, "extend", HEAD, fields=fields)
        assert "một lần" in again.value.message
        traveller.move_to(at(6, 10))  # finished even before the original due time
        dossier = flow.act(dossier, "finish", LEADER)
    dossier.refresh_from_db()
    assert dossier.status == State.RESULT_READY and dossier.is_late  # late in every statistic


def test_finishing_after_the_due_time_is_late_and_before_is_not(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        on_time, late = flow.reach(State.IN_PROGRESS), flow.reach(State.IN_PROGRESS)
        traveller.move_to(at(9, 9))  # exactly the due time: on time
        on_time = flow.act(on_time, "finish", LEADER)
        assert overdue(Dossier.objects.all(), now=at(9, 9, 1)).get() == late
        traveller.move_to(at(9, 9, 1))
        late = flow.act(late, "finish", LEADER)
    assert not on_time.is_late and late.is_late
    assert not overdue(Dossier.objects.all(), now=at(20, 9)).exists()


# -- online acceptance ---------------------------------------------------------------------


def test_online_dossier_is_answered_within_eight_working_hours(flow: Flow):
    with frozen(at(6, 16)) as traveller:  # Friday 16:00
        online = flow.new(channel=Channel.PORTAL)
        desk = flow.new()
        # Fri 16–17 1 h; Mon 9 08–12 4 h and 13–16 3 h → Mon 9 Mar 16:00
        assert local(online.acceptance_due_at) == at(9, 16)
        assert desk.acceptance_due_at is None
        assert list(awaiting_acceptance(now=at(9, 16))) == []
        assert list(awaiting_acceptance(now=at(9, 16, 1))) == [online]
        traveller.move_to(at(9, 16, 30))
        online = flow.act(online, "receive", DESK)
        assert _last_payload(online)["acceptance_late"] is True
        assert list(awaiting_acceptance(now=at(9, 16, 31))) == []
        # received after the 15:00 cutoff: clock from Tue 10 08:00, 40 h → Mon 16 17:00
        assert local(online.due_at) == at(16, 17)
        traveller.move_to(at(10, 9))
        prompt = flow.new(channel=Channel.VNEID)  # due Tue 10 09:00 + 8 h = Wed 11 09:00
        assert local(prompt.acceptance_due_at) == at(11, 9)
        traveller.move_to(at(10, 10))
        prompt = flow.act(prompt, "receive", DESK)
        assert _last_payload(prompt)["acceptance_late"] is False


def test_online_supplement_at_receipt_answers_acceptance_and_restarts_its_wait(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.new(channel=Channel.NATIONAL_PORTAL)
        assert local(dossier.acceptance_due_at) == at(3, 9)  # Mon 7 h + Tue 1 h
        traveller.move_to(at(3, 10))  # an hour late
        dossier = flow.act(dossier, "request_supplement", DESK)
        assert _last_payload(dossier)["acceptance_late"] is True
        traveller.move_to(at(5, 10))
        dossier = flow.act(dossier, "supplement", APPLICANT)
    # the supplemented dossier waits again: Thu 5 10:00 + 8 h = Thu 6 h + Fri 2 h → Fri 10:00
    assert local(dossier.acceptance_due_at) == at(6, 10)
    assert list(awaiting_acceptance(now=at(5, 17))) == []


# -- receipt cutoff and same-day procedures ------------------------------------------------


@pytest.mark.parametrize(
    ("received", "start", "due"),
    [
        (at(2, 15), at(2, 15), at(9, 15)),  # on the cutoff: Mon 2 h + Tue–Fri 32 h + Mon 6 h
        (at(2, 16, 30), at(3, 8), at(9, 17)),  # after it: Tue 08:00 + 5 whole days
        (at(6, 16, 30), at(9, 8), at(13, 17)),  # Friday after the cutoff: Monday 08:00
        (at(7, 10), at(9, 8), at(13, 17)),  # Saturday: Monday's opening
    ],
)
def test_receipt_after_the_cutoff_starts_the_clock_next_working_day(
    flow: Flow, received, start, due
):
    with frozen(received):
        dossier = flow.new(receive=True)
    assert local(dossier.received_at) == received
    assert (local(dossier.clock_started_at), local(dossier.due_at)) == (start, due)


@pytest.fixture
def immediate(province: Province):
    procedures_import(
        records=[
            {
                "code": "1.999002",
                "name": "Chứng thực bản sao từ bản chính",
                "field": "Chứng thực",
                "level": "province",
                "processing_time": {"unit": "immediate", "note": "Trong ngày"},
            }
        ]
    )
    version = procedure_version_by_code(code="1.999002")
    assert version is not None and version.handling_time_value is None
    procedure_assign(procedure=version.procedure, agency=province.department)
    return version


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2, 10), at(2, 17)),  # same working day, at the close
        (at(2, 15), at(2, 17)),  # on the cutoff: still today
        (at(2, 15, 30), at(3, 17)),  # after the cutoff: the next working day
        (at(6, 15, 30), at(9, 17)),  # Friday after the cutoff: Monday
    ],
)
def test_same_day_procedure_is_due_at_the_close(flow: Flow, immediate, received, due):
    with frozen(received):
        dossier = flow.new(version=immediate, receive=True)
    assert dossier.handling_unit == "immediate"
    assert local(dossier.due_at) == due


# -- withdrawal, stopping, refusal ---------------------------------------------------------


@pytest.mark.parametrize("state", BEFORE_DECISION)
def test_withdrawal_is_allowed_before_a_decision(flow: Flow, state: State):
    with frozen(at(2, 9)):
        dossier = flow.reach(state)
        dossier = flow.act(dossier, "withdraw", APPLICANT, fields={"reason": "Không còn nhu cầu"})
    assert dossier.status == State.WITHDRAWN
    assert dossier.decision_note == "Không còn nhu cầu" and dossier.finished_at is not None


@pytest.mark.parametrize(
    "state", [State.RESULT_READY, State.RETURNED, State.REFUSED, State.STOPPED]
)
def test_withdrawal_is_refused_after_a_decision(flow: Flow, state: State):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(state, traveller=traveller)
        with pytest.raises(IllegalTransition) as refused:
            flow.act(dossier, "withdraw", APPLICANT)
    assert refused.value.allowed == actions_from(state)


def test_stop_only_after_fifteen_days_without_a_supplement(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.act(flow.new(), "request_supplement", DESK)
        # 15 days counted from Tue 3 (the day after) to the close of Tue 17 Mar
        assert local(dossier.supplements.get().respond_by) == at(17, 17)
        for moment in (at(16, 9), at(17, 16, 59)):  # day 14; day 15 before the close
            traveller.move_to(moment)
            with pytest.raises(IllegalTransition):
                flow.act(dossier, "stop", DESK)
        traveller.move_to(at(18, 9))  # day 16
        with pytest.raises(InvalidInput) as no_reason:
            flow.act(dossier, "stop", DESK, fields={})
        assert no_reason.value.field == "reason"
        dossier = flow.act(dossier, "stop", DESK, fields={"reason": "Quá hạn bổ sung"})
    assert dossier.status == State.STOPPED and dossier.decision_note == "Quá hạn bổ sung"


def test_stop_after_appraisal_is_not_lateness(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)  # due Mon 9 09:00
        traveller.move_to(at(3, 10))
        dossier = flow.act(dossier, "request_supplement", OFFICIAL)
        traveller.move_to(at(19, 9))  # Tue 3 + 15 days → close of Wed 18: day 16
        dossier = flow.act(dossier, "stop", OFFICIAL)
    assert dossier.status == State.STOPPED
    assert not dossier.is_late  # the clock stopped on Tue 3 10:00, before the due time


def test_refusal_needs_a_reason(flow: Flow):
    with frozen(at(2, 9)):
        at_desk, appraised = flow.new(), flow.reach(State.IN_PROGRESS)
        for fields in ({}, {"reason": "   "}, {"reason": 42}, {"reason": "x" * 4001}):
            with pytest.raises(InvalidInput) as refused:
                flow.act(at_desk, "refuse", DESK, fields=fields)
            assert refused.value.field == "reason" and refused.value.status == 422
        at_desk = flow.act(at_desk, "refuse", DESK, fields={"reason": " Không thuộc thẩm quyền "})
        with pytest.raises(Forbidden):
            flow.act(appraised, "refuse", OFFICIAL)  # refusal after appraisal is the leader's
        with pytest.raises(InvalidInput):
            flow.act(appraised, "refuse", LEADER, fields={})
        appraised = flow.act(appraised, "refuse", LEADER, fields={"reason": "Không đủ điều kiện"})
    assert at_desk.status == State.REFUSED and at_desk.decision_note == "Không thuộc thẩm quyền"
    assert _last_payload(at_desk)["reason"] == "Không thuộc thẩm quyền"
    assert appraised.status == State.REFUSED and appraised.decision_note == "Không đủ điều kiện"


# -- pause for a financial obligation ------------------------------------------------------


def test_pause_stops_the_clock_and_resume_moves_every_due_time(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)  # due Mon 9 09:00; B3 due Thu 5 09:00
        traveller.move_to(at(3, 9))
        with pytest.raises(InvalidInput):
            flow.act(dossier, "pause", OFFICIAL, fields={})
        dossier = flow.act(dossier, "pause", OFFICIAL, fields={"reason": "Chờ nộp lệ phí"})
        assert dossier.status == State.PAUSED and local(dossier.paused_at) == at(3, 9)
        assert dossier.decision_note == ""  # a pause decides nothing
        assert not overdue(Dossier.objects.all(), now=at(9, 10)).exists()
        traveller.move_to(at(5, 9))  # paused Tue 3 09:00 → Thu 5 09:00 = 2 working days
        dossier = flow.act(dossier, "resume", Actor.SYSTEM)  # e.g. the payment arrived
        assert dossier.status == State.IN_PROGRESS and dossier.paused_at is None
        # Mon 9 09:00 + 16 h → Wed 11 09:00
        assert local(dossier.due_at) == at(11, 9)
        # B3: Thu 5 09:00 + 16 h = Thu 7 h + Fri 8 h + Mon 1 h → Mon 9 09:00
        assert _step_due(dossier, "B3") == at(9, 9)
        traveller.move_to(at(10, 9))  # after the old due time, before the moved one
        dossier = flow.act(dossier, "finish", LEADER)
    assert not dossier.is_late


def test_resume_also_moves_an_extended_appointment(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        fields = {"reason": "Chờ xác minh", "new_due_at": at(11, 17).isoformat()}
        dossier = flow.act(dossier, "extend", LEADER, fields=fields)
        dossier = flow.act(dossier, "pause", HEAD)
        traveller.move_to(at(3, 9))  # one working day paused (Mon 09:00 → Tue 09:00)
        dossier = flow.act(dossier, "resume", HEAD)
    # Wed 11 17:00 + 8 h → Thu 12 17:00; Mon 9 09:00 + 8 h → Tue 10 09:00
    assert local(dossier.extended_due_at) == at(12, 17)
    assert local(dossier.due_at) == at(10, 9)


def test_a_restart_from_zero_replaces_an_earlier_appointment(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        fields = {"reason": "Chờ xác minh", "new_due_at": at(10, 17).isoformat()}
        dossier = flow.act(dossier, "extend", LEADER, fields=fields)
        dossier = flow.act(dossier, "request_supplement", OFFICIAL)
        traveller.move_to(at(9, 14))
        dossier = flow.act(dossier, "supplement", APPLICANT)
    # the new legal due time (Mon 16 14:00) supersedes the apology's Tue 10 17:00
    assert dossier.extended_due_at is None and local(dossier.effective_due_at) == at(16, 14)
    assert dossier.is_late  # the apology was made: late in every statistic all the same
    assert not overdue(Dossier.objects.all(), now=at(16, 14)).exists()
