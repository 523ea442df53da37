"""The result endpoints: attach (multipart or JSON), sign, download with its signature status,
verify; refusals in the API's one error shape (404 outsider, 403 role, 409 rule, 422 field).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.agencies import services as agencies
from motcua.agencies.models import Role
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import document_store
from motcua.dossiers.states import State, actions_from
from tests.conftest import JsonClient
from tests.personas import PASSWORD, Province
from tests.test_dossier_api import (  # noqa: F401 - fixtures
    URL,
    fast_passwords,
    intake,
    login_fixture,
    monday_morning,
)
from tests.test_results import media_fixture, signer_fixture  # noqa: F401 - fixtures
from tests.test_signing import (  # noqa: F401 - session fixtures
    AGENCY_NAME,
    archive_fixture,
    authority_fixture,
    result_pdf_fixture,
)

pytestmark = pytest.mark.django_db


def upload(
    client: JsonClient, code: str, data: bytes, name: str = "Giấy phép.pdf", **form: str
) -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/pdf")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {client.token}"}
    return client.client.post(f"{URL}/{code}/result", {"file": file, **form}, **headers)


@pytest.fixture
def code(login, province: Province, signer) -> str:
    """A dossier received at the desk and assigned to the handling official."""
    created = intake(login, province)
    answer = login(province.head).post(
        f"{URL}/{created['code']}/actions/assign", {"assignee": province.handling_official.pk}
    )
    assert answer.json()["status"] == State.IN_PROGRESS, answer.content
    return str(created["code"])


def test_attach_sign_download_and_verify(login, province, code, result_pdf):
    official, leader, citizen = (
        login(province.handling_official),
        login(province.leader),
        login(province.citizen),
    )
    attached = upload(official, code, result_pdf)
    assert attached.status_code == 200, attached.content
    body = attached.json()
    assert (body["code"], body["e_result_issued"]) == (code, False)
    assert body["document"]["original_name"] == "Giấy phép.pdf"
    draft = official.get(f"{URL}/{code}/result")
    assert (draft.status_code, draft["X-Signature-Status"]) == (200, "UNSIGNED")
    assert citizen.get(f"{URL}/{code}/result").status_code == 404  # a draft is not theirs yet

    signed = leader.post(f"{URL}/{code}/result/sign", {"revision": body["revision"]})
    assert signed.status_code == 200, signed.content
    assert signed.json()["e_result_issued"] is True
    assert signed.json()["document"]["original_name"] == f"KQ-{code}.pdf"

    download = citizen.get(f"{URL}/{code}/result")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Signature-Status"] == "INTACT:TRUSTED,UNTOUCHED"
    assert f'filename="KQ-{code}.pdf"' in download["Content-Disposition"]
    assert download.content.startswith(result_pdf)

    verified = citizen.get(f"{URL}/{code}/result/verification")
    assert verified.status_code == 200
    report = verified.json()
    assert report["summary"] == "INTACT:TRUSTED,UNTOUCHED"
    assert report["ok"] and report["intact"] and report["trusted"] and report["untouched"]
    assert (report["signer"], report["signer_identifier"]) == (AGENCY_NAME, "H99.01")
    assert report["signed_at"].endswith("+07:00")
    events = citizen.get(f"{URL}/{code}/events").json()
    assert [e["action"] for e in events][-2:] == ["attach_result", "sign_result"]
    assert events[-1]["payload"] == {"code": code}
    assert events[-1]["action_label"] == "Ký số kết quả"


def test_attach_a_document_by_id_or_generate_the_standard_draft(login, province, code, result_pdf):
    official = login(province.handling_official)
    own = document_store(file=result_pdf, name="kq.pdf", uploaded_by=province.handling_official)
    by_id = official.post(f"{URL}/{code}/result", {"document": own.pk})
    assert by_id.status_code == 200 and by_id.json()["document"]["id"] == own.pk
    generated = official.post(f"{URL}/{code}/result", {"generate": True})
    assert generated.status_code == 200, generated.content
    assert generated.json()["document"]["content_type"] == "application/pdf"
    assert generated.json()["document"]["id"] != own.pk


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "document"),
        ({"document": 1, "generate": True}, 422, "document"),
        ({"document": 2**40}, 422, "document"),
        ({"document": "1"}, 422, "document"),
        ({"generate": "yes"}, 422, "generate"),
        ([], 422, "body"),
    ],
)
def test_attach_refuses_a_wrong_body(login, province, code, body, status, field):
    answer = login(province.handling_official).post(f"{URL}/{code}/result", body)
    assert answer.status_code == status, answer.content
    assert field in [e["field"] for e in answer.json()["errors"]]
    assert Document.objects.filter(kind=Document.Kind.RESULT).count() == 0


def test_attach_refuses_broken_json_files_that_are_not_pdf_and_stale_revisions(
    login, province, code, result_pdf
):
    official = login(province.handling_official)
    assert official.post(f"{URL}/{code}/result", raw="{nope").status_code == 400
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    answer = upload(official, code, png.getvalue(), "anh.pdf")
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["file"]
    for revision, status in (("²", 422), ("-1", 422), ("0", 409)):
        answer = upload(official, code, result_pdf, revision=revision)
        assert answer.status_code == status, (revision, answer.content)
    assert not Document.objects.filter(kind=Document.Kind.RESULT).exists()


def test_roles_and_rules_keep_their_status(login, province, code, result_pdf):
    citizen, official, leader = (
        login(province.citizen),
        login(province.handling_official),
        login(province.leader),
    )
    assert upload(citizen, code, result_pdf).status_code == 403
    assert upload(leader, code, result_pdf).status_code == 403
    early = leader.post(f"{URL}/{code}/result/sign")
    assert early.status_code == 409
    assert early.json()["allowed"] == actions_from(State.IN_PROGRESS)
    assert official.get(f"{URL}/{code}/result").status_code == 404  # nothing attached yet
    assert upload(official, code, result_pdf).status_code == 200
    assert official.post(f"{URL}/{code}/result/sign").status_code == 403
    assert citizen.post(f"{URL}/{code}/result/sign").status_code == 403
    assert leader.post(f"{URL}/{code}/result/sign").status_code == 200
    again = leader.post(f"{URL}/{code}/result/sign")
    assert again.status_code == 409 and "ký số" in again.json()["message"]


def test_outsiders_get_404_everywhere(login, province, code, result_pdf):
    assert upload(login(province.handling_official), code, result_pdf).status_code == 200
    assert login(province.leader).post(f"{URL}/{code}/result/sign").status_code == 200
    rival = agencies.account_create(username="lanhdaokhac", password=PASSWORD, full_name="x")
    agencies.staff_grant_role(user=rival, role=Role.LEADER, agency=province.other_department)
    for user in (province.outsider, province.other_citizen, rival):
        client = login(user)
        assert upload(client, code, result_pdf).status_code == 404
        assert client.post(f"{URL}/{code}/result/sign").status_code == 404
        assert client.get(f"{URL}/{code}/result").status_code == 404
        assert client.get(f"{URL}/{code}/result/verification").status_code == 404
    for path in ("result", "result/verification"):
        assert login(province.citizen).get(f"{URL}/NO-SUCH/{path}").status_code == 404
