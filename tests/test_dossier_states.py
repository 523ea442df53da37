"""The state table, walked pair by pair through the one service door.

For every state: each row leaving it succeeds for every actor it lists (after failing on
its required fields, which changes nothing); every action the table does not list from
it is an ``IllegalTransition`` whose ``allowed`` lists the state's actions; every persona
holding none of a row's roles is ``Forbidden``; and ``actions_for`` (the buttons a page
shows) offers each persona exactly what the table gives its roles, never more. Last, the
intake itself: who may hand a dossier in, to which agency, with texts stored NFC.
"""

from __future__ import annotations

import ast
import unicodedata
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from motcua.agencies import services as agencies
from motcua.agencies.models import Role
from motcua.dossiers.actions import HANDLERS
from motcua.dossiers.errors import Forbidden, IllegalTransition, InvalidInput
from motcua.dossiers.guards import GUARDS
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.selectors import actions_for, actors_for
from motcua.dossiers.states import (
    ACTION_LABELS,
    CLOCK_STOPPED,
    STATE_LABELS,
    TERMINAL,
    TRANSITIONS,
    Actor,
    State,
    actions_from,
    transitions_from,
)
from tests.dossier_flow import REQUIRED_FIELDS, Flow, at, fast_passwords, frozen  # noqa: F401
from tests.personas import PASSWORD, Province

ALL_ACTIONS = sorted({t.action for t in TRANSITIONS})
GUARD_ROUTES = {"received": "appraisal", "supplement_overdue": "overdue", "open_leg": "leg"}
ACTION_ROUTES = {"sign_result": "result"}  # a draft to sign and a certificate to sign with


@pytest.fixture
def flow(province: Province, settings) -> Flow:
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()  # signing keys at rest
    return Flow(province)


def _expected_actors(flow: Flow, dossier: Dossier) -> dict[str, set[Actor]]:
    """What each persona is on ``dossier``, written out by hand (not asked of the code)."""
    partner = {Actor.PARTNER} if dossier.legs.filter(returned_at__isnull=True).exists() else set()
    return {
        "citizen": {Actor.APPLICANT},
        "desk_officer": {Actor.DESK_OFFICER},
        "handling_official": {Actor.HANDLING_OFFICIAL},
        "head": {Actor.HEAD_OF_DIVISION},
        "leader": {Actor.LEADER},
        "clerk": {Actor.CLERK},
        "supervisor": set(),  # watches the centre, takes no action
        "other_citizen": set(),
        "partner_official": partner,
        "outsider": partner,  # a handling official of the partner agency too
    }


def test_the_table_is_complete_and_consistent():
    for row in TRANSITIONS:
        assert row.action in HANDLERS and row.action in ACTION_LABELS
        assert not row.guard or row.guard in GUARDS
        assert row.source not in TERMINAL
        assert row.actors
    assert set(STATE_LABELS) == set(State)
    for state in set(State) - TERMINAL:
        assert actions_from(state), f"{state} is a dead end"
    # rows sharing (state, action) are told apart by their guards
    for state in State:
        for action in actions_from(state):
            rows = transitions_from(state, action)
            assert len(rows) == 1 or all(r.guard for r in rows)
    assert {State.PAUSED, State.SUPPLEMENT_REQUESTED} == CLOCK_STOPPED


def test_only_the_service_assigns_a_dossier_status():
    """One door: no module of the dossier app but services.py writes ``.status``."""
    root = Path(__file__).resolve().parent.parent / "motcua" / "dossiers"
    writers = set()
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            if any(isinstance(t, ast.Attribute) and t.attr == "status" for t in targets):
                writers.add(path.name)
    assert writers == {"services.py"}


def _allowed_rows(state: State) -> list[tuple[int, Actor]]:
    return [
        (index, actor)
        for index, row in enumerate(TRANSITIONS)
        if row.source == state
        for actor in sorted(row.actors)
    ]


@pytest.mark.parametrize("state", list(State))
def test_every_row_from_a_state_succeeds_for_each_of_its_actors(flow: Flow, state: State):
    with frozen(at(2, 9)) as traveller:
        for index, actor in _allowed_rows(state):
            row = TRANSITIONS[index]
            traveller.move_to(at(2, 9))
            via = GUARD_ROUTES.get(row.guard, "") or ACTION_ROUTES.get(row.action, "")
            dossier = flow.reach(state, via=via, traveller=traveller)
            events = dossier.events.count()
            if row.action in REQUIRED_FIELDS:
                with pytest.raises(InvalidInput) as refused:
                    flow.act(dossier, row.action, actor, fields={})
                assert refused.value.field == REQUIRED_FIELDS[row.action]
                assert Dossier.objects.get(pk=dossier.pk).revision == dossier.revision
                assert dossier.events.count() == events
            done = flow.act(dossier, row.action, actor)
            assert done.status == row.target, (row, actor)
            assert done.revision == dossier.revision + 1
            last = done.events.order_by("-sequence").first()
            assert last is not None
            assert (last.action, last.from_state, last.to_state) == (
                row.action,
                state,
                row.target,
            )
            assert last.actor_role == actor
            assert last.actor == flow.people[actor]


@pytest.mark.parametrize("state", list(State))
def test_refused_pairs_and_foreign_roles_change_nothing_and_offers_match(flow: Flow, state: State):
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(state, traveller=traveller)
        before = (dossier.revision, dossier.events.count())
        for action in sorted(set(ALL_ACTIONS) - set(actions_from(state))):
            actor = next(a for t in TRANSITIONS if t.action == action for a in sorted(t.actors))
            with pytest.raises(IllegalTransition) as refused:
                flow.act(dossier, action, actor)
            assert refused.value.status == 409
            assert refused.value.allowed == actions_from(state)
        with pytest.raises(IllegalTransition):
            flow.act(dossier, "no_such_action", Actor.DESK_OFFICER)
        expected = _expected_actors(flow, dossier)
        for action in actions_from(state):
            roles = set().union(*(t.actors for t in transitions_from(state, action)))
            for name, actors in expected.items():
                if actors & roles:
                    continue
                with pytest.raises(Forbidden):
                    flow.act(dossier, action, getattr(flow.p, name))
            if Actor.SYSTEM not in roles:
                with pytest.raises(Forbidden):
                    flow.act(dossier, action, Actor.SYSTEM)
        dossier.refresh_from_db()
        assert (dossier.revision, dossier.events.count()) == before
        assert dossier.status == state
        _check_offers(flow, dossier)


def _check_offers(flow: Flow, dossier: Dossier) -> None:
    """``actions_for`` gives each persona exactly the state's actions its roles may take."""
    state = dossier.status
    for name, actors in _expected_actors(flow, dossier).items():
        user = getattr(flow.p, name)
        assert actors_for(user, dossier) == actors, name
        offered = actions_for(user, dossier)
        assert set(offered) <= set(actions_from(state))
        assert offered == [
            action
            for action in actions_from(state)
            if any(t.actors & actors for t in transitions_from(state, action))
        ], name


def test_actions_for_a_partner_agency_is_answering_its_leg(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.reach(State.IN_PROGRESS, via="leg")
        _check_offers(flow, dossier)
    assert actions_for(flow.p.partner_official, dossier) == ["return_inter_agency"]


def test_a_desk_role_without_a_centre_acts_on_no_dossier(flow: Flow):
    p = flow.p
    loose = agencies.account_create(username="tiepnhan0", password=PASSWORD, full_name="x")
    agencies.staff_grant_role(user=loose, role=Role.DESK_OFFICER, agency=p.centre.agency)
    with frozen(at(2, 9)):
        dossier = flow.new()  # the test centre has no parent centre
        assert actors_for(loose, dossier) == set()
        with pytest.raises(Forbidden):
            flow.act(dossier, "receive", loose)


# -- intake --------------------------------------------------------------------------------


def test_the_national_portal_adapter_hands_dossiers_in_as_the_system(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new(channel=Channel.NATIONAL_PORTAL, by=None)
    assert dossier.status == State.SUBMITTED and dossier.code == "H99.30-260302-0001"
    submit = dossier.events.get(action="submit")
    assert (submit.actor, submit.actor_role) == (None, Actor.SYSTEM)


def test_intake_refuses_an_agency_that_does_not_handle_the_procedure(flow: Flow):
    with frozen(at(2, 9)), pytest.raises(InvalidInput) as refused:
        flow.new(agency=flow.p.other_department)
    assert refused.value.field == "agency"
    assert not Dossier.objects.exists()
    with frozen(at(2, 9)):
        assert flow.new(agency=flow.p.department).agency == flow.p.department


def test_texts_of_actions_are_stored_in_nfc(flow: Flow):
    nfd = unicodedata.normalize("NFD", "Thiếu bản sao có chứng thực")
    with frozen(at(2, 9)):
        dossier = flow.new()
        fields = {"items": [nfd], "reason": nfd}
        dossier = flow.act(dossier, "request_supplement", Actor.DESK_OFFICER, fields=fields)
        dossier = flow.act(dossier, "withdraw", Actor.APPLICANT, fields={"reason": nfd})
    nfc = unicodedata.normalize("NFC", nfd)
    request = dossier.supplements.get()
    assert (request.items, request.note, dossier.decision_note) == ([nfc], nfc, nfc)
    assert dossier.events.get(action="withdraw").payload["reason"] == nfc
