"""Steps B1…B5 and inter-agency legs: rows beside the dossier that the control sheet reads.

Working time 08:00–12:00, 13:00–17:00; March 2026 has no holiday. The test procedure's
steps take B1 0.5, B2 0.5, B3 3, B4 0.5, B5 0.5 working days (4, 4, 24, 4, 4 hours).
"""

from __future__ import annotations

from typing import Any

import pytest

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Role
from motcua.dossiers.errors import Forbidden, IllegalTransition, InvalidInput
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import actions_for, dossiers_visible_to, open_legs_for
from motcua.dossiers.states import Actor, State
from motcua.dossiers.step_models import Outcome
from tests.dossier_flow import Flow, at, fast_passwords, frozen, local  # noqa: F401
from tests.personas import PASSWORD, Province

DESK, OFFICIAL, HEAD = Actor.DESK_OFFICER, Actor.HANDLING_OFFICIAL, Actor.HEAD_OF_DIVISION
LEADER, PARTNER = Actor.LEADER, Actor.PARTNER


@pytest.fixture
def flow(province: Province) -> Flow:
    return Flow(province)


def _sheet(dossier: Dossier) -> list[tuple]:
    """The control sheet (form 06) rows: step, giver, receiver, start, due, end, outcome."""
    return [
        (
            s.code,
            s.given_by.username if s.given_by else None,
            s.assignee.username if s.assignee else None,
            local(s.started_at),
            local(s.due_at),
            local(s.finished_at),
            s.outcome,
        )
        for s in dossier.steps.select_related("given_by", "assignee").order_by("position")
    ]


def _current(dossier: Dossier) -> str | None:
    return dossier.current_step.code if dossier.current_step else None


def _last(dossier: Dossier) -> DossierEvent:
    event = dossier.events.order_by("sequence").last()
    assert event is not None
    return event


def _staff(username: str, role: Role, agency: Agency):
    user = agencies.account_create(username=username, password=PASSWORD, full_name=username)
    agencies.staff_grant_role(user=user, role=role, agency=agency)
    return user


def test_receipt_copies_the_internal_process_with_due_times(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new(receive=True)
    # B1 (the receipt) is done by receiving; B2 starts at once: 09:00 + 4 h → 14:00
    assert _sheet(dossier) == [
        ("B1", "tiepnhan", "tiepnhan", at(2, 9), at(2, 14), at(2, 9), Outcome.ON_TIME),
        ("B2", "tiepnhan", None, at(2, 9), at(2, 14), None, ""),
        ("B3", None, None, None, None, None, ""),
        ("B4", None, None, None, None, None, ""),
        ("B5", None, None, None, None, None, ""),
    ]
    assert [s.budget_seconds for s in dossier.steps.all()] == [
        4 * 3600,
        4 * 3600,
        24 * 3600,
        4 * 3600,
        4 * 3600,
    ]
    assert dossier.current_step is not None and dossier.current_step.code == "B2"


def test_hand_overs_record_who_gave_who_received_when_and_how_it_ended(flow: Flow):
    p = flow.p
    second = _staff("chuyenvien2", Role.HANDLING_OFFICIAL, p.department)
    with frozen(at(2, 9)) as traveller:
        dossier = flow.new(receive=True)
        traveller.move_to(at(2, 11))
        for wrong in (p.partner_official, p.citizen, True, "1"):
            pk = wrong.pk if hasattr(wrong, "pk") else wrong
            with pytest.raises(InvalidInput) as refused:
                flow.act(dossier, "assign", HEAD, fields={"assignee": pk})
            assert refused.value.field == "assignee"
        dossier = flow.act(dossier, "assign", HEAD)
        traveller.move_to(at(2, 11, 30))
        dossier = flow.act(dossier, "assign", HEAD, fields={"assignee": second.pk})
        assert dossier.assignee == second and _current(dossier) == "B3"
        traveller.move_to(at(4, 9))  # Wednesday, a day before B3's due time
        with pytest.raises(InvalidInput):  # a hand-over goes to the agency's staff only
            flow.act(dossier, "forward", second, fields={"assignee": p.citizen.pk})
        dossier = flow.act(dossier, "forward", second, fields={"assignee": p.leader.pk})
        traveller.move_to(at(5, 10))  # Thursday, B4 was due Wednesday 14:00
        dossier = flow.act(dossier, "finish", LEADER)
        traveller.move_to(at(5, 15))
        dossier = flow.act(dossier, "return_result", DESK)
    assert _sheet(dossier) == [
        ("B1", "tiepnhan", "tiepnhan", at(2, 9), at(2, 14), at(2, 9), Outcome.ON_TIME),
        # assigned at 11:00, before its 14:00 due time on the same day
        ("B2", "tiepnhan", None, at(2, 9), at(2, 14), at(2, 11), Outcome.ON_TIME),
        # 24 h from Mon 11:00: Mon 1+4, Tue 8, Wed 8, Thu 08–11 3 → Thu 5 11:00
        ("B3", "truongphong", "chuyenvien2", at(2, 11), at(5, 11), at(4, 9), Outcome.EARLY),
        # 4 h from Wed 09:00: 09–12 3 h + 13–14 1 h → Wed 14:00; ended Thursday
        ("B4", "chuyenvien2", "lanhdao", at(4, 9), at(4, 14), at(5, 10), Outcome.LATE),
        # 4 h from Thu 10:00: 10–12 2 h + 13–15 2 h → Thu 15:00, ended on the dot
        ("B5", "lanhdao", None, at(5, 10), at(5, 15), at(5, 15), Outcome.ON_TIME),
    ]
    assert dossier.status == State.RETURNED and dossier.current_step is None
    forward = dossier.events.get(action="forward")
    assert forward.payload["step"] == "B4" and forward.payload["assignee"] == p.leader.pk


def test_an_inter_agency_leg_has_its_share_and_due_time(flow: Flow):
    p = flow.p
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        assert dossier not in dossiers_visible_to(p.partner_official)
        bad: list[dict[str, Any]] = [
            {"agency": "H99.77", "share": 1},  # unknown
            {"agency": "H99.01", "share": 1},  # the competent agency itself
            {"agency": "H99.02", "share": 0},
            {"agency": "H99.02", "share": 400},
            {"agency": "H99.02", "share": True},
            {"agency": "H99.02", "share": "2"},
        ]
        for fields in bad:
            with pytest.raises(InvalidInput) as refused:
                flow.act(dossier, "send_inter_agency", OFFICIAL, fields=fields)
            assert refused.value.field in ("agency", "share")
        fields = {"agency": "H99.02", "share": 1.5, "note": "Xin ý kiến về quy hoạch"}
        dossier = flow.act(dossier, "send_inter_agency", OFFICIAL, fields=fields)
        leg = dossier.legs.get()
        # 12 h from Mon 09:00: Mon 7 h, Tue 08–12 4 h, 13–14 1 h → Tue 3 14:00
        assert (leg.agency.e_identifier, float(leg.share)) == ("H99.02", 1.5)
        assert (local(leg.sent_at), local(leg.due_at), leg.sent_by) == (
            at(2, 9),
            at(3, 14),
            p.handling_official,
        )
        assert _last(dossier).payload["due_at"] == at(3, 14).isoformat()

        # the partner agency's official sees the dossier and may answer the leg, only that
        assert dossier in dossiers_visible_to(p.partner_official)
        assert list(open_legs_for(p.partner_official)) == [leg]
        assert actions_for(p.partner_official, dossier) == ["return_inter_agency"]
        for action in ("forward", "pause", "request_supplement", "send_inter_agency"):
            with pytest.raises(Forbidden):
                flow.act(dossier, action, PARTNER)
        traveller.move_to(at(3, 15))  # an hour after the leg's due time
        dossier = flow.act(dossier, "return_inter_agency", PARTNER, fields={"note": "Đồng ý"})
    leg.refresh_from_db()
    assert (local(leg.returned_at), leg.outcome) == (at(3, 15), Outcome.LATE)
    event = _last(dossier)
    assert event.actor == p.partner_official and event.actor_role == Actor.PARTNER
    assert event.payload == {"agency": "H99.02", "outcome": "late", "note": "Đồng ý"}
    # answered: still visible (it was routed there) but nothing more to do
    assert dossier in dossiers_visible_to(p.partner_official)
    assert actions_for(p.partner_official, dossier) == []
    assert list(open_legs_for(p.partner_official)) == []
    with pytest.raises(IllegalTransition):  # no open leg left
        flow.act(dossier, "return_inter_agency", OFFICIAL)


def test_each_partner_answers_its_own_leg(flow: Flow):
    p = flow.p
    committee = Agency.objects.get(e_identifier="H99")
    committee_official = _staff("uybantinh", Role.HANDLING_OFFICIAL, committee)
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        for code in ("H99", "H99.02"):  # the committee's leg is the older one
            fields = {"agency": code, "share": 2}
            dossier = flow.act(dossier, "send_inter_agency", OFFICIAL, fields=fields)
        traveller.move_to(at(2, 10))
        dossier = flow.act(dossier, "return_inter_agency", PARTNER)
        assert dossier.legs.get(returned_at__isnull=True).agency == committee
        assert actions_for(p.partner_official, dossier) == []
        # the lead agency may close a leg for its partner, naming it; early: Mon < Wed
        dossier = flow.act(dossier, "return_inter_agency", OFFICIAL, fields={"agency": "H99"})
    outcomes = {leg.agency.e_identifier: leg.outcome for leg in dossier.legs.all()}
    assert outcomes == {"H99": Outcome.EARLY, "H99.02": Outcome.EARLY}
    assert actions_for(committee_official, dossier) == []


def test_steps_follow_the_pause(flow: Flow):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)  # B3 due Thu 5 09:00
        dossier = flow.act(dossier, "pause", OFFICIAL)
        traveller.move_to(at(2, 13))  # paused 09:00–13:00 = 3 working hours (12–13 is lunch)
        dossier = flow.act(dossier, "resume", OFFICIAL)
    # Thu 5 09:00 + 3 h → Thu 5 12:00; the finished steps keep theirs
    steps = {s.code: local(s.due_at) for s in dossier.steps.all()}
    assert steps == {"B1": at(2, 14), "B2": at(2, 14), "B3": at(5, 12), "B4": None, "B5": None}
