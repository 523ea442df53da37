"""Dossier API v1 intake: at the desk, by post and online; who may; bad input writes nothing.

Time stands still on Monday 2 March 2026, 09:00 in Vietnam (a working day with no holiday
near), so due times are known. The helpers and fixtures here are shared with the other
dossier API test modules and the lookup tests.
"""

from __future__ import annotations

import importlib
import io
import json
import unicodedata
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfWriter

from motcua.agencies.models import Applicant
from motcua.core.models import User
from motcua.dossiers.models import Dossier, DossierEvent
from tests.conftest import JsonClient
from tests.personas import PASSWORD, PROCEDURE_CODE, Province

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN)
URL = "/api/v1/dossiers"
CENTRE = "H99.30"
AN = {
    "kind": "citizen",
    "name": "Nguyễn Văn An",
    "id_number": "001095001234",
    "phone": "0912345678",
    "email": "an@example.vn",
    "address": "Số 1 đường Thử, phường Thử",
}
Login = Callable[[User], JsonClient]


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Personas get real accounts; argon2 would spend most of the test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def monday_morning() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(name="login")
def login_fixture(api: JsonClient) -> Login:
    """A JSON client holding a bearer token of ``user``, got through the token endpoint."""

    def as_(user: User) -> JsonClient:
        answer = api.post("/api/v1/auth/token", {"username": user.username, "password": PASSWORD})
        assert answer.status_code == 200, answer.content
        return JsonClient(api.client, answer.json()["token"])

    return as_


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document_store() -> Callable[..., Any] | None:
    """The document store, when this tree has one (else components go without files)."""
    try:
        module = importlib.import_module("motcua.dossiers.documents")
    except ImportError:
        return None
    return getattr(module, "document_store", None)


def components(province: Province, by: User | None = None) -> list[dict[str, Any]]:
    """Both components of the test procedure, with a stored PDF each when uploads exist."""
    store = document_store()
    rows = []
    for component in province.version.components.order_by("position", "pk"):
        documents = []
        if store is not None and by is not None:
            stored = store(file=pdf_bytes(), name="ho-so.pdf", uploaded_by=by)
            documents.append(stored.pk)
        rows.append({"component": component.pk, "documents": documents})
    return rows


def desk_body(province: Province, **changes: Any) -> dict[str, Any]:
    body = {
        "procedure": PROCEDURE_CODE,
        "channel": "desk",
        "centre": CENTRE,
        "applicant": dict(AN),
        "components": components(province, province.desk_officer),
    }
    return body | changes


def counts() -> tuple[int, int, int]:
    return Dossier.objects.count(), Applicant.objects.count(), DossierEvent.objects.count()


def fields_of(answer: Any) -> list[str]:
    return [e["field"] for e in answer.json()["errors"]]


def intake(login: Login, province: Province, **changes: Any) -> dict[str, Any]:
    """A desk intake received at once; returns the 201 body."""
    answer = login(province.desk_officer).post(URL, desk_body(province, receive=True, **changes))
    assert answer.status_code == 201, answer.content
    return answer.json()


# --- intake ----------------------------------------------------------------------------------


def test_desk_intake_with_receive_answers_the_received_dossier(login, province):
    body = intake(login, province)
    assert body["code"].startswith("H99.30-260302-")
    assert body["status"] == "received"
    assert body["status_label"] == "Đã tiếp nhận"
    assert body["procedure"] == {
        "code": PROCEDURE_CODE,
        "name": "Cấp giấy phép thử nghiệm",
        "version": 1,
    }
    assert body["channel"] == "desk"
    assert body["centre"]["code"] == CENTRE
    assert body["agency"]["e_identifier"] == "H99.01"
    assert body["submitted_at"] and body["received_at"] and body["due_at"]
    assert datetime.fromisoformat(body["due_at"]) > NOW
    assert body["effective_due_at"] == body["due_at"]
    assert body["acceptance_due_at"] is None  # desk dossiers are received on the spot
    assert body["revision"] == 2  # submitted, then received
    assert body["allowed_actions"] == ["withdraw"]  # the desk officer cannot assign
    assert [c["name"] for c in body["components"]] == [
        "Đơn đề nghị cấp giấy phép",
        "Bản sao giấy chứng nhận đăng ký",
    ]
    assert [s["code"] for s in body["steps"]][:2] == ["B1", "B2"]
    assert body["steps"][0]["outcome"] in {"early", "on_time"}


def test_desk_intake_without_receive_waits_for_receipt(login, province):
    answer = login(province.desk_officer).post(URL, desk_body(province))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["status"], body["received_at"], body["due_at"]) == ("submitted", None, None)
    assert "receive" in body["allowed_actions"]


def test_desk_intake_upserts_the_applicant_in_nfc(login, province):
    name = unicodedata.normalize("NFD", "Lê Thị Đào")
    applicant = {
        "kind": "citizen",
        "name": name,
        "id_number": "001199009999",
        "phone": "0901000222",
    }
    body = intake(login, province, applicant=applicant)
    stored = Applicant.objects.get(id_number="001199009999")
    assert stored.name == unicodedata.normalize("NFC", name) == body["applicant"]["name"]
    assert Dossier.objects.get(code=body["code"]).applicant == stored


def test_desk_intake_keeps_contact_details_it_does_not_mention(login, province):
    short = {"kind": "citizen", "name": AN["name"], "id_number": AN["id_number"]}
    intake(login, province, applicant=short, components=[])
    stored = Applicant.objects.get(id_number=AN["id_number"])
    assert (stored.phone, stored.email) == (AN["phone"], AN["email"])


def test_an_organisation_is_known_by_its_tax_code(login, province):
    firm = {"kind": "organisation", "name": "Công ty TNHH Thử", "id_number": "0101234567"}
    body = intake(login, province, applicant=firm)
    assert body["applicant"]["tax_code"] == "0101234567"
    assert body["applicant"]["id_number"] == ""


def test_citizen_files_online_for_themselves(login, province):
    body = {
        "procedure": PROCEDURE_CODE,
        "channel": "portal",
        "centre": CENTRE,
        "applicant": {"name": "Nguyễn Văn An"},
        "result_delivery": "online",
    }
    answer = login(province.citizen).post(URL, body)
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["status"] == "submitted"
    assert created["acceptance_due_at"]  # 8 working hours to accept online dossiers
    assert created["applicant"]["id_number"] == AN["id_number"]
    assert created["result_delivery"] == "online"
    assert created["allowed_actions"] == ["withdraw"]


def test_online_body_cannot_claim_another_identity(login, province):
    before = counts()
    body = {
        "procedure": PROCEDURE_CODE,
        "channel": "portal",
        "centre": CENTRE,
        "applicant": {"name": "Trần Thị Bình", "id_number": "001198007654"},
    }
    answer = login(province.citizen).post(URL, body)
    assert answer.status_code == 422
    assert fields_of(answer) == ["applicant.name", "applicant.id_number"]
    assert counts() == before


def test_citizen_cannot_receive_or_take_desk_intake(login, province):
    citizen = login(province.citizen)
    portal = {"procedure": PROCEDURE_CODE, "channel": "portal", "centre": CENTRE, "receive": True}
    before = counts()
    answer = citizen.post(URL, portal)
    assert (answer.status_code, fields_of(answer)) == (403, ["receive"])
    answer = citizen.post(URL, desk_body(province, components=[]))
    assert (answer.status_code, fields_of(answer)) == (403, ["channel"])
    assert counts() == before


def test_desk_officer_of_another_centre_is_refused_naming_the_centre(login, province):
    from motcua.agencies import services
    from motcua.agencies.models import ServiceCentre

    other = services.centre_upsert(
        code="H99.31",
        name="Bộ phận một cửa khác",
        level=ServiceCentre.Level.COMMUNE,
        agency=province.department,
    )
    before = counts()
    answer = login(province.desk_officer).post(
        URL, desk_body(province, centre=other.code, components=[])
    )
    assert (answer.status_code, fields_of(answer)) == (403, ["centre"])
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "status", "fields"),
    [
        ({"procedure": "9.999999"}, 422, ["procedure"]),
        ({"centre": "H00.00"}, 422, ["centre"]),
        ({"agency": "H00.99"}, 422, ["agency"]),
        ({"channel": "fax"}, 422, ["channel"]),
        ({"procedure": 1999001}, 422, ["procedure"]),
        ({"components": "tất cả"}, 422, ["components"]),
        ({"components": [{"component": "một"}]}, 422, ["components.0.component"]),
        (
            {"components": [{"component": 999_999, "documents": []}]},
            422,
            ["components.0.component"],
        ),
        ({"components": [{"component": None, "documents": [1]}]}, 422, ["components.0.component"]),
        ({"receive": "yes"}, 422, ["receive"]),
        ({"applicant": None}, 422, ["applicant"]),
        ({"applicant": "Nguyễn Văn An"}, 422, ["applicant"]),
        ({"authorised_person": []}, 422, ["authorised_person"]),
        ({"applicant": {"kind": "citizen", "name": "An"}}, 422, ["applicant.id_number"]),
        ({"applicant": {**AN, "id_number": "12345"}}, 422, ["applicant.id_number"]),
        ({"applicant": {**AN, "email": "không-phải-thư"}}, 422, ["applicant.email"]),
        ({"applicant": {**AN, "kind": "robot"}}, 422, ["applicant.kind"]),
    ],
)
def test_bad_intake_names_the_field_and_writes_nothing(login, province, changes, status, fields):
    desk = login(province.desk_officer)
    body = desk_body(province, receive=True) | changes
    before = counts()
    answer = desk.post(URL, body)
    assert answer.status_code == status, answer.content
    assert fields_of(answer) == fields
    assert answer.json()["message"]
    assert counts() == before


def test_an_agency_that_does_not_handle_the_procedure_is_refused(login, province):
    before = counts()
    answer = login(province.desk_officer).post(URL, desk_body(province, agency="H99.02"))
    assert answer.status_code == 422
    assert fields_of(answer) == ["agency"]
    assert counts() == before


def test_a_document_of_someone_else_is_refused(login, province):
    rows = components(province, province.other_citizen)
    if not any(r["documents"] for r in rows):
        pytest.skip("document store not available")
    before = counts()
    answer = login(province.desk_officer).post(URL, desk_body(province, components=rows))
    assert (answer.status_code, fields_of(answer)) == (422, ["components.0.documents"])
    assert counts() == before


def test_malformed_and_huge_bodies_are_refused_cleanly(login, province, settings):
    desk = login(province.desk_officer)
    before = counts()
    answer = desk.post(URL, raw="{not json")
    assert answer.status_code == 400 and answer.json()["errors"] == []
    answer = desk.post(URL, raw="[1, 2]")
    assert answer.status_code == 422
    assert answer.json()["errors"] == [{"field": "body", "message": "Phải là một đối tượng JSON."}]
    huge = json.dumps(desk_body(province) | {"padding": "x" * (2 * 1024 * 1024 + 1)})
    answer = desk.post(URL, raw=huge)
    assert answer.status_code == 413
    assert fields_of(answer) == ["body"] and "quá lớn" in answer.json()["message"]
    assert counts() == before


def test_intake_needs_a_token(api, province):
    assert api.post(URL, desk_body(province)).status_code == 401
