"""POST /api/v1/documents and GET /api/v1/documents/{id}: multipart in, one error shape out."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Role
from motcua.core.models import User
from motcua.core.tokens import token_issue
from motcua.dossiers.document_models import Document
from motcua.dossiers.sniffing import DOCX
from tests import test_documents_samples as samples

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents"
PASSWORD = "mat-khau-dai-2026"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def bearer(username: str) -> dict[str, str]:
    if not User.objects.filter(username=username).exists():
        User.objects.create_user(username, password=PASSWORD)
    token = token_issue(username=username, password=PASSWORD)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def citizen() -> dict[str, str]:
    return bearer("congdan")


@pytest.fixture
def officer() -> dict[str, str]:
    headers = bearer("motcua01")
    agency = agencies.agency_upsert(
        e_identifier="H42.14", name="UBND xã Thạch Hà", kind=Agency.Kind.COMMUNE_COMMITTEE
    )
    user = User.objects.get(username="motcua01")
    agencies.staff_grant_role(user=user, role=Role.DESK_OFFICER, agency=agency)
    return headers


def upload(client: Client, headers: dict[str, str], data: bytes, name: str, **fields):
    body = {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), **fields}
    return client.post(URL, body, **headers)


def refused(response, status: int, field: str = "file") -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [field]
    return body["message"]


def test_upload_needs_a_token(client, media):
    response = client.post(URL, {"file": SimpleUploadedFile("a.pdf", samples.pdf())})
    assert response.status_code == 401
    assert Document.objects.count() == 0


def test_pdf_upload_returns_its_metadata(client, media, citizen):
    data = samples.pdf(2)
    response = upload(client, citizen, data, "Tờ khai.pdf")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "sha256", "content_type", "pages", "size", "kind", "original_name"}
    assert body["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["content_type"], body["pages"], body["size"]) == ("application/pdf", 2, len(data))
    assert (body["kind"], body["original_name"]) == ("component", "Tờ khai.pdf")
    document = Document.objects.get(pk=body["id"])
    assert document.uploaded_by.username == "congdan" and not document.digitised_at_desk


@pytest.mark.parametrize(
    ("build", "name", "content_type"),
    [
        (samples.jpeg, "anh.jpeg", "image/jpeg"),
        (samples.png, "anh.png", "image/png"),
        (samples.docx, "don.docx", DOCX),
    ],
)
def test_images_and_docx_are_accepted(client, media, citizen, build, name, content_type):
    response = upload(client, citizen, build(), name)
    assert response.status_code == 201, response.content
    assert response.json()["content_type"] == content_type


def test_nfd_name_comes_back_in_nfc(client, media, citizen):
    name = unicodedata.normalize("NFD", "Giấy khai sinh Nguyễn Văn Đức.pdf")
    response = upload(client, citizen, samples.pdf(), name)
    assert response.json()["original_name"] == unicodedata.normalize("NFC", name)


def test_id_card_is_encrypted(client, media, citizen):
    response = upload(client, citizen, samples.jpeg(), "cccd.jpg", kind="id_card")
    assert response.status_code == 201 and response.json()["kind"] == "id_card"
    document = Document.objects.get()
    assert document.encrypted
    assert Path(document.file.path).read_bytes()[:2] != b"\xff\xd8"


@pytest.mark.parametrize(
    ("build", "name", "words"),
    [
        (samples.exe, "ho-so.pdf", "không phải PDF, JPEG, PNG hoặc DOCX"),
        (samples.html, "ho-so.pdf", "HTML"),
        (samples.encrypted_pdf, "ho-so.pdf", "mật khẩu"),
        (samples.truncated_pdf, "ho-so.pdf", "bị hỏng"),
        (samples.zip_bomb_docx, "ho-so.docx", "tỷ lệ nén"),
        (lambda: b"", "rong.pdf", "rỗng"),
    ],
    ids=["exe", "html", "encrypted-pdf", "truncated-pdf", "zip-bomb", "empty"],
)
def test_bad_files_are_422_naming_file_and_store_nothing(
    client, media, citizen, build, name, words
):
    message = refused(upload(client, citizen, build(), name), 422)
    assert words in message
    assert (Document.objects.count(), stored_files(media)) == (0, [])


def test_missing_file_is_422_naming_file(client, media, citizen):
    response = client.post(URL, {"kind": "component"}, **citizen)
    assert "file" in refused(response, 422)


@pytest.mark.parametrize(("field", "value"), [("kind", "result"), ("digitised", "có lẽ")])
def test_bad_form_fields_are_422_naming_them(client, media, citizen, field, value):
    response = upload(client, citizen, samples.pdf(), "a.pdf", **{field: value})
    assert field in refused(response, 422, field=field)
    assert Document.objects.count() == 0


def test_json_body_is_422_naming_file(client, media, citizen):
    response = client.post(URL, {"kind": "component"}, content_type="application/json", **citizen)
    refused(response, 422)


def test_malformed_multipart_is_400_not_500(client, media, citizen):
    response = client.generic(
        "POST", URL, b"--x\r\nnot really", content_type="multipart/form-data", **citizen
    )
    assert response.status_code == 400
    assert "multipart/form-data" in response.json()["message"]


def test_large_urlencoded_body_is_413_not_500(client, media, citizen):
    body = "kind=" + "a" * (3 * 1024 * 1024)
    response = client.generic(
        "POST", URL, body, content_type="application/x-www-form-urlencoded", **citizen
    )
    assert response.status_code == 413
    assert Document.objects.count() == 0


def test_sixty_megabytes_are_refused_before_reading(client, media, citizen):
    response = upload(client, citizen, bytes(60 * 1024 * 1024), "lon.pdf")
    assert "tối đa là 20" in refused(response, 413)
    assert not hasattr(response.wsgi_request, "_files")  # the multipart body was never parsed
    assert (Document.objects.count(), stored_files(media)) == (0, [])


def test_a_file_just_over_the_limit_is_413(client, media, citizen, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 4096
    data = samples.pdf(40)
    assert 4096 < len(data) < 4096 + 64 * 1024  # passes the body check, caught while read
    assert "tối đa" in refused(upload(client, citizen, data, "a.pdf"), 413)
    assert (Document.objects.count(), stored_files(media)) == (0, [])


def test_only_staff_may_mark_a_file_digitised(client, media, citizen, officer):
    response = upload(client, citizen, samples.pdf(), "a.pdf", digitised="true")
    assert "cán bộ" in refused(response, 403, field="digitised")
    response = upload(client, officer, samples.pdf(), "a.pdf", digitised="true")
    assert response.status_code == 201, response.content
    document = Document.objects.get()
    assert document.digitised_at_desk and document.digitised_by.username == "motcua01"


def test_metadata_is_for_the_uploader_only(client, media, citizen):
    created = upload(client, citizen, samples.png(), "anh.png").json()
    response = client.get(f"{URL}/{created['id']}", **citizen)
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in created} == created
    assert body["encrypted"] is False and body["digitised_at_desk"] is False
    other = bearer("nguoikhac")
    for path in (f"{URL}/{created['id']}", f"{URL}/999999", f"{URL}/{2**63 - 1}"):
        assert client.get(path, **other).status_code == 404
    assert client.get(f"{URL}/{created['id']}").status_code == 401
