"""Documents over HTTP: hand in a file (multipart), read its metadata back.

``POST /documents`` takes a ``file`` part and optional ``kind`` (component | id_card) and
``digitised`` (staff only: the file was scanned at the desk). The content is checked by
``dossiers.documents.document_store``; a refusal is a 422 naming ``file`` (413 when too
large) and stores nothing.

The multipart body is read by the view itself, not by declared parameters, so that the
order is: token, then the announced Content-Length (a body over the limit is refused
before Django spools a byte of it to memory or a temporary file), then parsing, and every
malformed body is a 400/413/422 in the one error shape rather than a 500.

``GET /documents/{id}`` shows the metadata to the account that uploaded it; anyone else
gets a 404, as for a document that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.params import P, PathEx
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from motcua.agencies.selectors import roles_of
from motcua.api.errors import ApiError, validation_errors
from motcua.core.models import User
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import RejectedFile, document_store, max_upload_bytes, too_large

router = Router(tags=["documents"])

# Room for the multipart boundaries, part headers and the small form fields.
MULTIPART_OVERHEAD = 64 * 1024
MAX_ID = 2**63 - 1

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "PDF, JPEG, PNG hoặc DOCX; nhận diện theo nội dung.",
                        },
                        "kind": {
                            "type": "string",
                            "enum": ["component", "id_card"],
                            "default": "component",
                            "description": "id_card: ảnh giấy tờ tùy thân, được mã hóa khi lưu.",
                        },
                        "digitised": {
                            "type": "boolean",
                            "default": False,
                            "description": "Số hóa tại bộ phận một cửa (chỉ cán bộ).",
                        },
                    },
                }
            }
        },
    }
}


class UploadFields(BaseModel):
    kind: Literal["component", "id_card"] = "component"
    digitised: bool = False


class DocumentOut(Schema):
    id: int
    sha256: str
    content_type: str
    pages: int | None
    size: int
    kind: str
    original_name: str


class DocumentDetail(DocumentOut):
    encrypted: bool
    digitised_at_desk: bool
    created_at: datetime


def _file_error(status: int, message: str) -> ApiError:
    return ApiError(status, message, [{"field": "file", "message": message}])


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _read_form(request: HttpRequest) -> tuple[UploadedFile, UploadFields]:
    """The ``file`` part and the checked form fields, refusing an oversize body unread."""
    length = _content_length(request)
    if length > max_upload_bytes() + MULTIPART_OVERHEAD:
        raise _file_error(413, too_large(length).message)
    try:
        files, fields = request.FILES, request.POST
    except RequestDataTooBig as exc:  # a form that is not multipart, over the field limit
        message = _("Nội dung yêu cầu quá lớn: gửi tệp dưới dạng multipart/form-data.")
        raise ApiError(413, message) from exc
    except (MultiPartParserError, SuspiciousOperation) as exc:
        message = _("Không đọc được nội dung yêu cầu: cần multipart/form-data hợp lệ.")
        raise ApiError(400, message) from exc
    file = files.get("file")
    if file is None:
        raise _file_error(422, _("Thiếu tệp: gửi tệp trong trường «file» (multipart/form-data)."))
    given = {name: fields[name] for name in ("kind", "digitised") if fields.get(name)}
    try:
        return file, UploadFields.model_validate(given)
    except PydanticValidationError as exc:
        errors = validation_errors([dict(e) for e in exc.errors()])
        names = ", ".join(e["field"] for e in errors)
        raise ApiError(422, _("Dữ liệu không hợp lệ ở trường: %s") % names, errors) from exc


def _out(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "sha256": document.sha256,
        "content_type": document.content_type,
        "pages": document.pages,
        "size": document.size,
        "kind": document.kind,
        "original_name": document.original_name,
    }


def _is_staff(user: User) -> bool:
    return user.is_staff or roles_of(user).exists()


@router.post(
    "",
    response={201: DocumentOut},
    openapi_extra=UPLOAD_BODY,
    summary="Tải lên tài liệu (PDF, JPEG, PNG, DOCX)",
)
def document_upload(request: HttpRequest) -> dict[str, Any]:
    """Keep the file if its content is an acceptable PDF, JPEG, PNG or DOCX."""
    user: User = request.auth  # type: ignore[attr-defined]
    file, fields = _read_form(request)
    if fields.digitised and not _is_staff(user):
        message = _("Chỉ cán bộ mới được đánh dấu tài liệu là số hóa tại bộ phận một cửa.")
        raise ApiError(403, message, [{"field": "digitised", "message": message}])
    try:
        document = document_store(
            file=file,
            kind=fields.kind,
            uploaded_by=user,
            digitised_by=user if fields.digitised else None,
        )
    except RejectedFile as exc:
        raise _file_error(413 if exc.reason == "too_large" else 422, exc.message) from exc
    return _out(document)


@router.get("/{document_id}", response=DocumentDetail, summary="Thông tin một tài liệu đã tải lên")
def document_detail(
    request: HttpRequest, document_id: PathEx[int, P(ge=1, le=MAX_ID)]
) -> dict[str, Any]:
    """The document's metadata, for the account that uploaded it only."""
    user: User = request.auth  # type: ignore[attr-defined]
    document = Document.objects.filter(pk=document_id, uploaded_by=user).first()
    if document is None:
        message = _("Không tìm thấy tài liệu %s.") % document_id
        raise ApiError(404, message, [{"field": "document_id", "message": message}])
    return {
        **_out(document),
        "encrypted": document.encrypted,
        "digitised_at_desk": document.digitised_at_desk,
        "created_at": document.created_at,
    }
