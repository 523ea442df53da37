"""Keeping dossier files: content sniffing, size limits, random names, hashing, no orphans."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.models import User
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import (
    DocumentCorrupted,
    RejectedFile,
    clean_file_name,
    document_open,
    document_store,
)
from motcua.dossiers.sniffing import DOCX, JPEG, PDF, PNG, sniff
from tests import test_documents_samples as samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("build", "content_type", "pages"),
    [
        (lambda: samples.pdf(3), PDF, 3),
        (samples.jpeg, JPEG, 1),
        (samples.png, PNG, 1),
        (samples.docx, DOCX, None),
    ],
)
def test_accepted_types_are_recognised_by_content(build, content_type, pages):
    found = sniff(build())
    assert (found.content_type, found.pages) == (content_type, pages)


@pytest.mark.parametrize(
    ("data", "reason", "words"),
    [
        (samples.exe(), "type", "EXE"),
        (samples.html(), "type", "HTML"),
        (b"ho so xin cap phep", "type", "văn bản thuần"),
        (samples.image("GIF"), "type", "image/gif"),
        (samples.encrypted_pdf(), "encrypted", "mật khẩu"),
        (samples.truncated_pdf(), "broken", "PDF bị hỏng"),
        (b"%PDF-1.7\n%%EOF\n", "broken", "PDF bị hỏng"),
        (samples.jpeg()[:-400], "broken", "JPEG bị hỏng"),
        (samples.png()[:-20], "broken", "PNG bị hỏng"),
        (samples.zip_bomb_docx(), "bomb", "tỷ lệ nén"),
        (samples.docx(content_types="<Types/>"), "type", "Excel"),
        (samples.docx({"word/vbaProject.bin": b"macro"}), "type", "macro"),
        (samples.docx()[:-30], "type", "hỏng"),
        (b"", "empty", "rỗng"),
    ],
    ids=[
        "exe",
        "html",
        "text",
        "gif",
        "encrypted-pdf",
        "truncated-pdf",
        "pdf-without-body",
        "truncated-jpeg",
        "truncated-png",
        "zip-bomb",
        "zip-not-word",
        "docm",
        "truncated-docx",
        "empty",
    ],
)
def test_refusals_say_what_is_wrong_in_vietnamese(data, reason, words):
    with pytest.raises(RejectedFile) as caught:
        sniff(data)
    assert caught.value.reason == reason
    assert words in caught.value.message


def test_plain_zip_is_not_a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "x")
    with pytest.raises(RejectedFile, match=r"word/document\.xml"):
        sniff(out.getvalue())


def test_many_small_bombs_hit_the_total_uncompressed_limit():
    parts = {f"word/media/part{i}.bin": bytes(1024 * 1024) for i in range(260)}
    with pytest.raises(RejectedFile) as caught:
        sniff(samples.docx(parts))
    assert caught.value.reason == "bomb"


def test_too_many_entries_is_a_bomb():
    parts = {f"word/p{i}.xml": b"<p/>" for i in range(1001)}
    with pytest.raises(RejectedFile) as caught:
        sniff(samples.docx(parts))
    assert caught.value.reason == "bomb"


@pytest.fixture(scope="module")
def image_bomb() -> bytes:
    bomb = samples.image("PNG", size=(10_000, 9_000), mode="1")  # 90 Mpx in a few KiB
    assert len(bomb) < 100_000
    return bomb


def test_decompression_bomb_image_is_refused_before_decoding(image_bomb):
    with pytest.raises(RejectedFile) as caught:
        sniff(image_bomb)
    assert caught.value.reason == "bomb"
    assert "điểm ảnh" in caught.value.message


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_decompression_bomb_is_refused_where_pillow_only_warns(image_bomb):
    with pytest.raises(RejectedFile) as caught:
        sniff(image_bomb)
    assert caught.value.reason == "bomb"


def test_store_keeps_a_pdf_under_a_random_name_with_its_hash(media):
    data = samples.pdf(2)
    document = document_store(file=data, name="Tờ khai.pdf")
    assert document.pk and document.content_type == PDF and document.pages == 2
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data) and not document.encrypted
    assert document.original_name == "Tờ khai.pdf"
    path = Path(document.file.path)
    assert path.is_relative_to(media / "documents") and path.read_bytes() == data
    assert "khai" not in document.file.name and path.suffix == ".pdf"
    assert document_open(document) == data


def test_store_takes_an_uploaded_file_and_its_name(media):
    upload = SimpleUploadedFile("anh-the.png", samples.png(), content_type="application/pdf")
    document = document_store(file=upload)
    assert (document.original_name, document.content_type) == ("anh-the.png", PNG)


def test_nfd_name_is_stored_in_nfc_and_never_in_the_path(media):
    name = unicodedata.normalize("NFD", "Giấy khai sinh Nguyễn Văn Đức.docx")
    document = document_store(file=samples.docx(), name=name)
    assert document.original_name == unicodedata.normalize("NFC", name)
    assert "Nguy" not in document.file.name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("C:\\fakepath\\don.pdf", "don.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("hoso\u202efdp.exe", "hosofdp.exe"),
        ("a\x00b\r\n.pdf", "ab .pdf"),
        ("  Tờ\u00a0khai   mẫu\t01.pdf ", "Tờ khai mẫu 01.pdf"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_client_names_are_cleaned(raw, clean):
    assert clean_file_name(raw) == clean


def test_refusal_leaves_no_row_and_no_file(media):
    for data in (samples.exe(), samples.encrypted_pdf(), samples.zip_bomb_docx(), b""):
        with pytest.raises(RejectedFile):
            document_store(file=data, name="ho-so.pdf")
    assert Document.objects.count() == 0
    assert stored_files(media) == []


def test_size_limit_comes_from_settings(media, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 500
    big = samples.pdf(5)
    assert len(big) > 500
    for file in (big, SimpleUploadedFile("lon.pdf", big)):
        with pytest.raises(RejectedFile) as caught:
            document_store(file=file, name="lon.pdf")
        assert caught.value.reason == "too_large"
        assert "tối đa" in caught.value.message
    assert (Document.objects.count(), stored_files(media)) == (0, [])


def test_failure_after_writing_removes_the_file(media):
    unsaved = User(username="chua-luu")
    with pytest.raises(ValueError, match="unsaved"):
        document_store(file=samples.pdf(), name="a.pdf", uploaded_by=unsaved)
    assert (Document.objects.count(), stored_files(media)) == (0, [])


def test_digitised_by_marks_desk_digitisation(media):
    officer = User.objects.create_user("motcua01")
    document = document_store(file=samples.jpeg(), name="scan.jpg", digitised_by=officer)
    assert document.digitised_at_desk and document.digitised_by == officer
    plain = document_store(file=samples.jpeg(), name="scan.jpg", uploaded_by=officer)
    assert not plain.digitised_at_desk and plain.digitised_by is None


def test_tampered_file_is_detected_on_open(media):
    document = document_store(file=samples.pdf(), name="a.pdf")
    Path(document.file.path).write_bytes(samples.pdf(2))
    with pytest.raises(DocumentCorrupted, match="SHA-256"):
        document_open(document)
