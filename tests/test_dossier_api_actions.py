"""Dossier API v1: actions through ``POST /dossiers/{code}/actions/{action}`` and the table.

A whole dossier life over HTTP, then each refusal with its status: 404 (not visible),
403 (no role for the action), 409 (not from this state, with the allowed actions; stale
revision), 422 (the field that is wrong).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.states import ACTION_LABELS, TRANSITIONS
from tests.personas import PROCEDURE_CODE
from tests.test_dossier_api import (  # noqa: F401 - fixtures
    CENTRE,
    NOW,
    URL,
    VN,
    fast_passwords,
    fields_of,
    intake,
    login_fixture,
    monday_morning,
)

pytestmark = pytest.mark.django_db


def act(client: Any, code: str, action: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(f"{URL}/{code}/actions/{action}", body or {})


def ok(answer: Any) -> Any:
    assert answer.status_code == 200, answer.content
    return answer.json()


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=VN)


def test_a_whole_life_over_http(login, province):
    created = intake(login, province)  # Monday 2 March, 09:00
    code = created["code"]
    assert created["status"] == "received"
    due = datetime.fromisoformat(created["due_at"])
    assert due == at(9, 9)  # 5 working days

    with time_machine.travel(at(2, 10), tick=False):
        head = login(province.head)
        assigned = ok(act(head, code, "assign", {"assignee": province.handling_official.pk}))
    assert assigned["status"] == "in_progress"
    assert assigned["assignee"]["id"] == province.handling_official.pk
    assert assigned["current_step"] == "B3"

    with time_machine.travel(at(4, 9), tick=False):
        official = login(province.handling_official)
        assert "forward" in ok(official.get(f"{URL}/{code}"))["allowed_actions"]
        forwarded = ok(act(official, code, "forward", {"note": "Đủ điều kiện cấp phép"}))
    assert (forwarded["status"], forwarded["current_step"]) == ("in_progress", "B4")

    with time_machine.travel(at(4, 11), tick=False):
        leader = login(province.leader)
        finished = ok(act(leader, code, "finish", {"revision": forwarded["revision"]}))
    assert finished["status"] == "result_ready"
    assert finished["finished_at"] and finished["is_late"] is False

    with time_machine.travel(at(4, 15), tick=False):
        desk = login(province.desk_officer)
        returned = ok(act(desk, code, "return_result", {"delivery": "desk"}))
        events = ok(desk.get(f"{URL}/{code}/events"))
    assert returned["status"] == "returned"
    assert datetime.fromisoformat(returned["returned_at"]) == at(4, 15)
    assert returned["allowed_actions"] == []
    assert returned["due_at"] == created["due_at"] and returned["is_late"] is False
    assert [(s["code"], s["outcome"]) for s in returned["steps"]] == [
        ("B1", "on_time"),
        ("B2", "on_time"),
        ("B3", "early"),
        ("B4", "on_time"),
        ("B5", "on_time"),
    ]
    assert all(s["due_at"] and s["finished_at"] for s in returned["steps"])

    assert [(e["action"], e["to_state"]) for e in events] == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("receive", "received"),
        ("assign", "in_progress"),
        ("forward", "in_progress"),
        ("finish", "result_ready"),
        ("return_result", "returned"),
    ]
    assert [e["actor_role"] for e in events[2:]] == [
        "desk_officer",
        "head_of_division",
        "handling_official",
        "leader",
        "desk_officer",
    ]
    assert [e["sequence"] for e in events] == list(range(1, 8))
    assert events[-1]["payload"] == {"delivery": "desk"}


def test_inter_agency_leg_there_and_back(login, province):
    code = intake(login, province)["code"]
    head = login(province.head)
    ok(act(head, code, "assign", {"assignee": province.handling_official.pk}))
    official = login(province.handling_official)
    sent = ok(act(official, code, "send_inter_agency", {"agency": "H99.02", "share": 2}))
    assert [(leg["agency"]["e_identifier"], leg["share"]) for leg in sent["legs"]] == [
        ("H99.02", 2.0)
    ]
    partner = login(province.partner_official)
    seen = ok(partner.get(f"{URL}/{code}"))
    assert seen["code"] == code
    back = ok(act(partner, code, "return_inter_agency", {"note": "Đã có ý kiến"}))
    assert back["legs"][0]["returned_at"] and back["legs"][0]["outcome"] == "early"


def test_extend_and_supplement_fields(login, province):
    code = intake(login, province)["code"]
    ok(act(login(province.head), code, "assign", {"assignee": province.handling_official.pk}))
    head = login(province.head)
    due = datetime.fromisoformat(ok(head.get(f"{URL}/{code}"))["due_at"])
    new_due = (due + timedelta(days=3)).isoformat()
    extended = ok(act(head, code, "extend", {"new_due_at": new_due, "reason": "Chờ xác minh"}))
    assert (
        extended["extended_due_at"] and extended["effective_due_at"] == extended["extended_due_at"]
    )
    assert extended["is_late"] is True  # an extension stays late in every statistic
    official = login(province.handling_official)
    items = ["Bản sao giấy chứng nhận có chứng thực"]
    asked = ok(act(official, code, "request_supplement", {"items": items, "reason": "Bản sao mờ"}))
    assert asked["status"] == "supplement_requested"
    assert asked["supplements"][0]["items"] == items
    assert asked["supplements"][0]["phase"] == "appraisal"


def test_citizen_may_not_receive_their_own_dossier(login, province):
    citizen = login(province.citizen)
    body = {"procedure": PROCEDURE_CODE, "channel": "portal", "centre": CENTRE}
    code = citizen.post(URL, body).json()["code"]
    answer = act(citizen, code, "receive")
    assert answer.status_code == 403
    assert answer.json()["message"] and answer.json()["errors"] == []
    assert Dossier.objects.get(code=code).status == "submitted"
    withdrawn = ok(act(citizen, code, "withdraw", {"reason": "Nộp nhầm thủ tục"}))
    assert withdrawn["status"] == "withdrawn"


def test_illegal_action_is_409_with_the_allowed_ones(login, province):
    code = intake(login, province)["code"]
    desk = login(province.desk_officer)
    events = DossierEvent.objects.count()
    answer = act(desk, code, "return_result")
    assert answer.status_code == 409
    body = answer.json()
    assert body["errors"] == [] and body["message"]
    assert set(body["allowed"]) >= {"assign", "withdraw"}
    assert "return_result" not in body["allowed"]
    unknown = act(desk, code, "fly")
    assert unknown.status_code == 409 and unknown.json()["allowed"] == body["allowed"]
    assert DossierEvent.objects.count() == events


def test_role_without_the_action_is_403(login, province):
    code = intake(login, province)["code"]
    answer = act(login(province.handling_official), code, "assign", {"assignee": 1})
    assert answer.status_code == 403
    assert Dossier.objects.get(code=code).status == "received"


def test_stale_revision_is_409(login, province):
    created = intake(login, province)
    head = login(province.head)
    body = {"assignee": province.handling_official.pk, "revision": created["revision"] - 1}
    answer = act(head, created["code"], "assign", body)
    assert answer.status_code == 409 and "allowed" in answer.json()
    body["revision"] = created["revision"]
    assert ok(act(head, created["code"], "assign", body))["revision"] == created["revision"] + 1


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("assign", {}, "assignee"),
        ("assign", {"assignee": "chuyenvien"}, "assignee"),
        ("assign", {"assignee": 10**9}, "assignee"),
        ("assign", {"assignee": 1, "revision": "mới nhất"}, "revision"),
        ("withdraw", {"reason": 42}, "reason"),
    ],
)
def test_field_errors_are_422_naming_the_field(login, province, action, body, field):
    code = intake(login, province)["code"]
    who = province.head if action == "assign" else province.desk_officer
    events = DossierEvent.objects.count()
    answer = act(login(who), code, action, body)
    assert answer.status_code == 422, answer.content
    assert fields_of(answer) == [field]
    assert DossierEvent.objects.count() == events


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("extend", {"reason": "Chờ", "new_due_at": "ngày mai"}, "new_due_at"),
        ("extend", {"new_due_at": (NOW + timedelta(days=30)).isoformat()}, "reason"),
        ("request_supplement", {"items": []}, "items"),
        ("send_inter_agency", {"agency": "H00.00", "share": 1}, "agency"),
        ("send_inter_agency", {"agency": "H99.02", "share": True}, "share"),
        ("pause", {}, "reason"),
    ],
)
def test_in_progress_field_errors(login, province, action, body, field):
    code = intake(login, province)["code"]
    ok(act(login(province.head), code, "assign", {"assignee": province.handling_official.pk}))
    who = province.head if action in {"extend", "pause"} else province.handling_official
    answer = act(login(who), code, action, body)
    assert answer.status_code == 422, answer.content
    assert fields_of(answer) == [field]
    assert Dossier.objects.get(code=code).status == "in_progress"


def test_action_body_must_be_an_object(login, province):
    code = intake(login, province)["code"]
    desk = login(province.desk_officer)
    assert desk.post(f"{URL}/{code}/actions/withdraw", raw="[]").status_code == 422
    assert desk.post(f"{URL}/{code}/actions/withdraw", raw="{").status_code == 400


def test_the_transition_table_is_public_and_is_the_table(api):
    answer = api.get("/api/v1/actions")
    assert answer.status_code == 200
    rows = answer.json()
    assert [(r["state"], r["action"], r["target"]) for r in rows] == [
        (t.source.value, t.action, t.target.value) for t in TRANSITIONS
    ]
    for row, transition in zip(rows, TRANSITIONS, strict=True):
        assert row["roles"] == sorted(a.value for a in transition.actors)
        assert (row["clock"], row["guard"]) == (transition.clock.value, transition.guard)
        assert row["label"] == str(ACTION_LABELS[transition.action])
    receive = next(r for r in rows if r["action"] == "receive")
    assert (receive["state_label"], receive["target_label"]) == ("Chờ tiếp nhận", "Đã tiếp nhận")


def test_action_texts_are_stored_in_nfc(login, province):
    nfd = unicodedata.normalize("NFD", "Thiếu bản sao có chứng thực")
    nfc = unicodedata.normalize("NFC", nfd)
    code = intake(login, province)["code"]
    ok(act(login(province.head), code, "assign", {"assignee": province.handling_official.pk}))
    official = login(province.handling_official)
    asked = ok(act(official, code, "request_supplement", {"items": [nfd], "reason": nfd}))
    assert asked["supplements"][0]["items"] == [nfc]
    assert asked["supplements"][0]["note"] == nfc
    withdrawn = ok(act(login(province.citizen), code, "withdraw", {"reason": nfd}))
    assert withdrawn["decision_note"] == nfc
