"""Health and token endpoints."""

import pytest
from django.db import connection

from motcua.core.models import User
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_health_reports_database_engine(api):
    response = api.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_token_for_valid_credentials_opens_protected_calls(api):
    User.objects.create_user("canbo", password="mat-khau-dai-2026")
    credentials = {"username": "canbo", "password": "mat-khau-dai-2026"}
    response = api.post("/api/v1/auth/token", credentials)
    assert response.status_code == 200
    token = response.json()["token"]
    assert len(token) >= 40
    from motcua.core.tokens import token_user

    assert token_user(token).username == "canbo"


def test_wrong_password_is_401_in_vietnamese(api):
    User.objects.create_user("canbo", password="mat-khau-dai-2026")
    response = api.post("/api/v1/auth/token", {"username": "canbo", "password": "sai"})
    assert response.status_code == 401
    assert "không đúng" in response.json()["message"]


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"username": 5, "password": "x"}', "username"),
        ('{"username": "a"}', "password"),
        ("[1, 2]", "username"),
    ],
)
def test_bad_credentials_payload_is_422_naming_the_field(api, raw, field):
    response = api.post("/api/v1/auth/token", raw=raw)
    assert response.status_code == 422
    body = response.json()
    assert field in [e["field"] for e in body["errors"]]
    assert field in body["message"]


def test_malformed_json_is_400(api):
    response = api.post("/api/v1/auth/token", raw="{not json")
    assert response.status_code == 400
    assert "JSON" in response.json()["message"]


def test_inactive_user_gets_no_token(api):
    User.objects.create_user("nghi", password="mat-khau-dai-2026", is_active=False)
    response = api.post("/api/v1/auth/token", {"username": "nghi", "password": "mat-khau-dai-2026"})
    assert response.status_code == 401


def test_times_are_rendered_in_vietnam_time(api, province):
    from motcua.dossiers.services import dossier_create

    dossier = dossier_create(
        procedure_version=province.version,
        applicant=province.applicant,
        channel="desk",
        centre=province.centre,
        by=province.desk_officer,
        receive=True,
    )
    credentials = {"username": "tiepnhan", "password": PASSWORD}
    api.token = api.post("/api/v1/auth/token", credentials).json()["token"]
    body = api.get(f"/api/v1/dossiers/{dossier.code}").json()
    assert body["received_at"].endswith("+07:00")
    assert body["due_at"].endswith("+07:00")
