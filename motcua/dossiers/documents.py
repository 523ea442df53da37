"""The one door for keeping a file handed in for a dossier, and for reading it back.

``document_store`` checks size, sniffs the content (``sniffing``), hashes the plain bytes,
encrypts ID-card images (``core.crypto``), writes the bytes through Django's storage API
under a random name — never the client's — and records a ``Document``. A refusal raises
``RejectedFile`` before anything is written, so it leaves no file and no row; a failure
after the write removes the file again. ``document_open`` returns the plain bytes,
decrypting when needed and checking them against the stored SHA-256.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from motcua.core import crypto
from motcua.core.text import nfc
from motcua.dossiers.document_models import Document
from motcua.dossiers.sniffing import RejectedFile, sniff

if TYPE_CHECKING:
    from motcua.agencies.models import Applicant
    from motcua.core.models import User

__all__ = [
    "DocumentCorrupted",
    "RejectedFile",
    "clean_file_name",
    "document_open",
    "document_store",
    "max_upload_bytes",
    "too_large",
]

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ENCRYPTED_EXTENSION = ".bin"
NAME_MAX_LENGTH = 255
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}

BytesLike = bytes | bytearray | memoryview


class DocumentCorrupted(Exception):
    """The stored bytes no longer match the SHA-256 recorded when they were handed in."""


def max_upload_bytes() -> int:
    """The largest file accepted, ``settings.MOTCUA_MAX_UPLOAD_BYTES`` (default 20 MB)."""
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def too_large(size: int | None = None) -> RejectedFile:
    """The refusal for a file over the limit (``size`` when it is known)."""
    limit = str(filesizeformat(max_upload_bytes()))
    if size is None:
        message = _("Tệp vượt quá dung lượng tối đa %(limit)s.") % {"limit": limit}
    else:
        message = _("Tệp quá lớn (%(size)s); dung lượng tối đa là %(limit)s.") % {
            "size": str(filesizeformat(size)),
            "limit": limit,
        }
    return RejectedFile(message, reason="too_large")


def clean_file_name(name: str) -> str:
    """The client's file name fit to show: last path part, NFC, no control characters."""
    text = nfc(name).replace("\\", "/").rsplit("/", 1)[-1]
    # Drops controls and invisible format characters (such as U+202E, which can make
    # "hoso\u202efdp.exe" display as "hosoexe.pdf"); any run of white space becomes one space.
    text = " ".join(text.split())
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _INVISIBLE).strip()
    if len(text) <= NAME_MAX_LENGTH:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"
    return text[:NAME_MAX_LENGTH]


def _read(file: UploadedFile | BytesLike) -> bytes:
    limit = max_upload_bytes()
    if isinstance(file, bytes | bytearray | memoryview):
        data = bytes(file)
    else:
        if file.size is not None and file.size > limit:
            raise too_large(file.size)
        chunks: list[bytes] = []
        total = 0
        for chunk in file.chunks():
            total += len(chunk)
            if total > limit:
                raise too_large()
            chunks.append(chunk)
        data = b"".join(chunks)
    if len(data) > limit:
        raise too_large(len(data))
    return data


@transaction.atomic
def document_store(
    *,
    file: UploadedFile | BytesLike,
    name: str | None = None,
    kind: str = Document.Kind.COMPONENT,
    uploaded_by: User | None = None,
    owner: Applicant | None = None,
    digitised_by: User | None = None,
) -> Document:
    """Check, hash, (for ID cards) encrypt and keep ``file``; return the new ``Document``.

    ``name`` is the client's file name (required for raw bytes; an ``UploadedFile``'s own
    name otherwise); it is only shown, never used in the storage path. Raises
    ``RejectedFile`` (nothing stored) for empty, oversize, or unacceptable content.
    """
    kind = Document.Kind(kind)
    data = _read(file)
    sniffed = sniff(data)
    raw_name = name if name is not None else (getattr(file, "name", None) or "")
    original_name = clean_file_name(raw_name) or f"tài liệu{sniffed.extension}"
    encrypted = kind == Document.Kind.ID_CARD
    payload = crypto.encrypt(data) if encrypted else data
    document = Document(
        original_name=original_name,
        content_type=sniffed.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=sniffed.pages,
        kind=kind,
        encrypted=encrypted,
        digitised_at_desk=digitised_by is not None,
        digitised_by=digitised_by,
        uploaded_by=uploaded_by,
        owner=owner,
    )
    extension = ENCRYPTED_EXTENSION if encrypted else sniffed.extension
    document.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(payload), save=False)
    stored_name = document.file.name
    assert stored_name is not None
    try:
        document.save()
    except BaseException:
        document.file.storage.delete(stored_name)
        raise
    return document


def document_open(document: Document) -> bytes:
    """The plain bytes of ``document``, decrypted when it is encrypted at rest.

    Raises ``DocumentCorrupted`` when they do not match the recorded SHA-256, and
    ``crypto.DecryptionFailed`` when an encrypted file cannot be decrypted.
    """
    if not document.file.name:
        raise DocumentCorrupted(_("Tài liệu %s không có tệp lưu trữ.") % document.pk)
    with document.file.storage.open(document.file.name, "rb") as handle:
        data = handle.read()
    if document.encrypted:
        data = crypto.decrypt(data)
    if hashlib.sha256(data).hexdigest() != document.sha256:
        message = _("Tệp %(name)s đã bị thay đổi kể từ khi tiếp nhận (sai mã băm SHA-256).")
        raise DocumentCorrupted(message % {"name": document.original_name})
    return data
