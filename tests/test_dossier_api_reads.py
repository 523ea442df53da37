"""Dossier API v1 reads: detail, events and lists, with visibility and a fixed query cost."""

from __future__ import annotations

import json
import unicodedata
from datetime import datetime
from typing import Any

import pytest
import time_machine

from motcua.dossiers.models import Dossier
from tests.test_dossier_api import (  # noqa: F401 - fixtures
    URL,
    desk_body,
    fast_passwords,
    intake,
    login_fixture,
    monday_morning,
)

pytestmark = pytest.mark.django_db


# --- detail, events, visibility --------------------------------------------------------------


def test_detail_for_staff_and_applicant(login, province):
    code = intake(login, province)["code"]
    staff = login(province.supervisor).get(f"{URL}/{code}")
    assert staff.status_code == 200, staff.content
    assert staff.json()["steps"][0]["assignee"] == {
        "id": province.desk_officer.pk,
        "name": str(province.desk_officer),
    }
    own = login(province.citizen).get(f"{URL}/{code}")
    assert own.status_code == 200
    assert own.json()["code"] == code
    assert own.json()["allowed_actions"] == ["withdraw"]
    assert all(s["assignee"] is None and s["given_by"] is None for s in own.json()["steps"])


@pytest.mark.parametrize("who", ["other_citizen", "outsider"])
def test_a_dossier_not_visible_is_the_same_404_as_an_unknown_one(login, province, who):
    code = intake(login, province)["code"]
    caller = login(getattr(province, who))
    hidden = caller.get(f"{URL}/{code}")
    unknown = caller.get(f"{URL}/H99.30-260302-9999")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json()["message"].startswith("Không tìm thấy hồ sơ")
    assert hidden.json()["message"].replace(code, "?") == unknown.json()["message"].replace(
        "H99.30-260302-9999", "?"
    )
    assert caller.get(f"{URL}/{code}/events").status_code == 404
    assert caller.post(f"{URL}/{code}/actions/withdraw", {}).status_code == 404


def test_events_show_staff_names_to_staff_only(login, province):
    code = intake(login, province)["code"]
    head = login(province.head)
    assigned = head.post(
        f"{URL}/{code}/actions/assign", {"assignee": province.handling_official.pk}
    )
    assert assigned.status_code == 200, assigned.content
    staff = login(province.head).get(f"{URL}/{code}/events").json()
    assert [e["action"] for e in staff] == ["create", "submit", "receive", "assign"]
    assert [e["sequence"] for e in staff] == [1, 2, 3, 4]
    assert staff[3]["actor"]["id"] == province.head.pk
    assert staff[3]["payload"]["assignee"] == province.handling_official.pk
    assert staff[2]["action_label"] == "Tiếp nhận" and staff[2]["state_label"] == "Đã tiếp nhận"
    own = login(province.citizen).get(f"{URL}/{code}/events").json()
    assert [e["action"] for e in own] == ["create", "submit", "receive", "assign"]
    assert all(e["actor"] is None for e in own)
    assert own[3]["payload"] == {}
    assert own[2]["payload"]["due_at"]
    assert "chuyenvien" not in json.dumps(own)


# --- lists -----------------------------------------------------------------------------------


def test_list_shows_only_visible_dossiers_ordered_by_due(login, province):
    first = intake(login, province)["code"]
    desk = login(province.desk_officer)
    waiting = desk.post(URL, desk_body(province, components=[])).json()["code"]
    other = {"kind": "citizen", "name": "Trần Thị Bình", "id_number": "001198007654"}
    third = intake(login, province, applicant=other, components=[])["code"]
    listed = login(province.supervisor).get(URL).json()
    assert listed["total"] == 3
    assert [d["code"] for d in listed["items"]] == [first, third, waiting]  # no due time last
    own = login(province.citizen).get(URL).json()
    assert {d["code"] for d in own["items"]} == {first, waiting}
    assert login(province.outsider).get(URL).json() == {
        "total": 0,
        "page": 1,
        "page_size": 20,
        "items": [],
    }


def test_list_filters(login, province):
    first = intake(login, province)["code"]
    other = {"kind": "citizen", "name": "Đỗ Đức Đạt", "id_number": "001090000001"}
    second = intake(login, province, applicant=other, components=[])["code"]
    head = login(province.head)
    head.post(f"{URL}/{second}/actions/assign", {"assignee": province.handling_official.pk})

    def codes(**params: Any) -> list[str]:
        answer = official.get(URL, **params)
        assert answer.status_code == 200, answer.content
        return [d["code"] for d in answer.json()["items"]]

    official = login(province.handling_official)
    assert codes(status="received") == [first]
    assert codes(status="in_progress") == [second]
    assert codes(assignee="me") == [second]
    assert codes(agency="H99.01") == [first, second]
    assert codes(agency="H99.02") == []
    assert codes(q="do duc dat") == [second]  # diacritics and đ ignored
    assert codes(q="ĐỖ ĐỨC") == [second]
    assert codes(q=unicodedata.normalize("NFD", "Nguyễn")) == [first]
    assert codes(q=first) == [first]
    assert codes(q=second.lower()) == [second]
    assert codes(overdue="true") == []
    assert codes(overdue="false") == [first, second]
    assert official.get(URL, status="lost").status_code == 422
    assert official.get(URL, page_size=101).status_code == 422


def test_overdue_uses_the_effective_due_time(login, province):
    code = intake(login, province)["code"]
    due = datetime.fromisoformat(login(province.head).get(f"{URL}/{code}").json()["due_at"])
    with time_machine.travel(due.replace(hour=18), tick=False):
        listed = login(province.head).get(URL, overdue="true").json()
    assert [d["code"] for d in listed["items"]] == [code]


def test_pagination(login, province):
    made = [intake(login, province, components=[])["code"] for _ in range(3)]
    supervisor = login(province.supervisor)
    page = supervisor.get(URL, page=2, page_size=2).json()
    assert (page["total"], page["page"], page["page_size"]) == (3, 2, 2)
    assert [d["code"] for d in page["items"]] == made[2:]
    assert supervisor.get(URL, page=3, page_size=2).json()["items"] == []


def test_list_and_detail_cost_a_fixed_number_of_queries(
    login, province, django_assert_max_num_queries
):
    for _ in range(5):
        intake(login, province)
    code = Dossier.objects.order_by("code").values_list("code", flat=True)[0]
    official = login(province.handling_official)
    # token, roles, count, page
    with django_assert_max_num_queries(4):
        assert len(official.get(URL).json()["items"]) == 5
    # token, roles, dossier; components, documents, steps, legs, supplements; allowed actions:
    # open legs and roles again
    with django_assert_max_num_queries(10):
        assert official.get(f"{URL}/{code}").json()["code"] == code
    # token, roles, dossier, events
    with django_assert_max_num_queries(4):
        assert len(official.get(f"{URL}/{code}/events").json()) == 3
