"""Public lookup by dossier code and a second factor: no account, no personal data, throttled."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache

from tests.test_dossier_api import (  # noqa: F401 - fixtures
    AN,
    NOW,
    fast_passwords,
    intake,
    login_fixture,
    monday_morning,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/lookup"


@pytest.fixture(autouse=True)
def fresh_counters():
    """The try counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def code(login, province) -> str:
    return intake(login, province)["code"]


def test_lookup_with_the_phone_suffix(api, code):
    answer = api.get(f"{URL}/{code}", secret="5678")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["code"], body["status"], body["status_label"]) == (
        code,
        "received",
        "Đã tiếp nhận",
    )
    assert body["procedure"] == {"code": "1.999001", "name": "Cấp giấy phép thử nghiệm"}
    assert body["received_at"] and body["due_at"] and body["finished_at"] is None
    assert [(t["action"], t["state"]) for t in body["timeline"]] == [
        ("create", "draft"),
        ("submit", "submitted"),
        ("receive", "received"),
    ]
    assert body["timeline"][2]["action_label"] == "Tiếp nhận"
    assert body["timeline"][2]["state_label"] == "Đã tiếp nhận"
    text = json.dumps(body, ensure_ascii=False)
    for personal in (AN["name"], AN["phone"], AN["id_number"], AN["email"], "tiepnhan"):
        assert personal not in text


def test_lookup_costs_two_queries_whatever_the_timeline(api, code, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the dossier, its timeline
        assert api.get(f"{URL}/{code}", secret="5678").status_code == 200


def test_lookup_with_the_id_number_suffix(api, code):
    assert api.get(f"{URL}/{code}", secret="1234").status_code == 200
    assert api.get(f"{URL}/{code}", secret=" 1234 ").status_code == 200
    assert api.get(f"{URL}/{code.lower()}", secret="1234").status_code == 200


def test_an_organisation_answers_with_its_tax_code(api, login, province):
    firm = {"kind": "organisation", "name": "Công ty TNHH Thử", "id_number": "0101234567"}
    code = intake(login, province, applicant=firm, components=[])["code"]
    assert api.get(f"{URL}/{code}", secret="4567").status_code == 200


@pytest.mark.parametrize("secret", ["0000", "", "12345678", "56 78", "abcd", "٥٦٧٨"])
def test_a_wrong_secret_is_the_same_404_as_an_unknown_code(api, code, secret):
    wrong = api.get(f"{URL}/{code}", secret=secret)
    unknown = api.get(f"{URL}/H99.30-260302-9999", secret="5678")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert wrong.json()["message"].startswith("Không tìm thấy hồ sơ")


def test_missing_secret_is_the_same_404(api, code):
    assert api.get(f"{URL}/{code}").content == api.get(f"{URL}/nothing", secret="1").content


def test_tries_are_limited_per_address(api, code, settings):
    settings.MOTCUA_LOOKUP_TRIES_PER_MINUTE = 3
    for _ in range(3):
        assert api.get(f"{URL}/{code}", secret="0000").status_code == 404
    blocked = api.get(f"{URL}/{code}", secret="5678")
    assert blocked.status_code == 429
    assert blocked.json() == {
        "message": "Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau một phút.",
        "errors": [],
    }
    other = api.client.get(f"{URL}/{code}", {"secret": "5678"}, REMOTE_ADDR="10.0.0.7")
    assert other.status_code == 200
    with time_machine.travel(NOW + timedelta(seconds=61), tick=False):
        assert api.get(f"{URL}/{code}", secret="5678").status_code == 200


def test_the_default_limit_is_ten_a_minute(api, code):
    answers = [api.get(f"{URL}/{code}", secret="5678").status_code for _ in range(11)]
    assert answers == [200] * 10 + [429]
