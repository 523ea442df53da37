"""A dossier's result over HTTP: attach the draft, sign it, download and verify the e-result.

- ``POST /dossiers/{code}/result``: the handling official attaches the draft, either as a
  multipart upload (``file``), or as JSON ``{"document": id}`` (a PDF they uploaded to
  ``/documents``) or ``{"generate": true}`` (the standard draft rendered from the dossier).
- ``POST /dossiers/{code}/result/sign``: the leader signs it with the agency's certificate.
- ``GET /dossiers/{code}/result``: the PDF for whoever may see the dossier (the applicant
  once it is signed), with ``X-Signature-Status`` (pyHanko's summary, ``UNSIGNED`` for a
  draft).
- ``GET /dossiers/{code}/result/verification``: the validation as JSON.

As for the other dossier endpoints: a dossier the caller may not see is a 404; the state
table's refusals keep their status (403 role, 409 with ``allowed``, 422 field).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.params import P, PathEx
from pydantic import Field, StrictBool, StrictInt
from pydantic import ValidationError as PydanticValidationError

from motcua.api.dossier_schemas import MAX_ID, DocumentRef, ObjectIn
from motcua.api.errors import ApiError, validation_errors
from motcua.core.models import User
from motcua.core.signing import SignatureCheck
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import DocumentCorrupted, RejectedFile, max_upload_bytes, too_large
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.results import (
    result_attach,
    result_generate,
    result_read,
    result_sign,
    result_upload,
    result_visible,
)
from motcua.dossiers.selectors import dossiers_visible_to

router = Router(tags=["results"])

Code = PathEx[str, P(max_length=60)]
MULTIPART_OVERHEAD = 64 * 1024
JSON_LIMIT = 64 * 1024

_REVISION = {"type": "integer", "minimum": 0, "description": "Số lần cập nhật đã đọc"}
ATTACH_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "revision": _REVISION,
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "document": {"type": "integer", "minimum": 1},
                        "generate": {"type": "boolean"},
                        "revision": _REVISION,
                    },
                }
            },
        },
    }
}


class AttachIn(ObjectIn):
    document: StrictInt | None = Field(None, ge=1, le=MAX_ID)
    generate: StrictBool = False
    revision: StrictInt | None = Field(None, ge=0, le=MAX_ID)


class SignIn(ObjectIn):
    revision: StrictInt | None = Field(None, ge=0, le=MAX_ID)


class ResultOut(Schema):
    code: str
    revision: int
    e_result_issued: bool
    document: DocumentRef | None


class VerificationOut(Schema):
    code: str
    document: DocumentRef
    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    untouched: bool
    ok: bool
    signer: str
    signer_identifier: str
    issuer: str
    signed_at: datetime | None
    signatures: int
    summary: str


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _dossier(user: User, code: str) -> Dossier:
    found = (
        dossiers_visible_to(user)
        .filter(code=code)
        .select_related("applicant", "agency", "result_document")
        .first()
    )
    if found is None:
        raise ApiError(404, _("Không tìm thấy hồ sơ %s.") % code)
    return found


def _refused(exc: DossierError) -> HttpResponse:
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    body: dict[str, Any] = {"message": exc.message, "errors": errors}
    if exc.status == 409:
        body["allowed"] = list(exc.allowed)
    text = json.dumps(body, ensure_ascii=False)
    return HttpResponse(text, status=exc.status, content_type="application/json; charset=utf-8")


def _document(document: Document | None) -> dict[str, Any] | None:
    if document is None:
        return None
    names = ("id", "original_name", "content_type", "size", "pages", "sha256")
    return {name: getattr(document, name) for name in names}


def _out(dossier: Dossier) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "revision": dossier.revision,
        "e_result_issued": dossier.e_result_issued,
        "document": _document(dossier.result_document),
    }


def _length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _multipart(request: HttpRequest) -> tuple[UploadedFile, dict[str, Any]]:
    """The uploaded ``file`` and the form's ``revision``, refusing an oversize body unread."""
    length = _length(request)
    if length > max_upload_bytes() + MULTIPART_OVERHEAD:
        raise ApiError(413, too_large(length).message)
    try:
        files, form = request.FILES, request.POST
    except (RequestDataTooBig, MultiPartParserError, SuspiciousOperation) as exc:
        message = _("Không đọc được nội dung yêu cầu: cần multipart/form-data hợp lệ.")
        raise ApiError(400, message) from exc
    file = files.get("file")
    if file is None:
        message = _("Thiếu tệp: gửi tệp trong trường «file» (multipart/form-data).")
        raise ApiError(422, message, [{"field": "file", "message": message}])
    raw = form.get("revision") or ""
    digits = raw.isascii() and raw.isdigit() and len(raw) < 19
    given = {"revision": int(raw)} if digits else {}
    if raw and not given:
        message = _("Phải là số nguyên.")
        raise ApiError(422, message, [{"field": "revision", "message": message}])
    return file, given


def _json_body(request: HttpRequest, schema: type[ObjectIn]) -> Any:
    if _length(request) > JSON_LIMIT:
        raise ApiError(413, _("Nội dung yêu cầu quá lớn (tối đa %s byte).") % JSON_LIMIT)
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, RequestDataTooBig) as exc:
        raise ApiError(400, _("Không đọc được nội dung yêu cầu: cần JSON hợp lệ.")) from exc
    try:
        return schema.model_validate(data)
    except PydanticValidationError as exc:
        errors = validation_errors([dict(e) for e in exc.errors()])
        names = ", ".join(dict.fromkeys(e["field"] for e in errors))
        raise ApiError(422, _("Dữ liệu không hợp lệ ở trường: %s") % names, errors) from exc


def _attach(request: HttpRequest, user: User, dossier: Dossier) -> Dossier:
    if request.content_type == "multipart/form-data":
        file, fields = _multipart(request)
        return result_upload(dossier=dossier, by=user, file=file, **fields)
    body: AttachIn = _json_body(request, AttachIn)
    if body.generate == (body.document is not None):
        message = _("Gửi đúng một trong hai: «document» (mã tài liệu) hoặc «generate»: true.")
        raise ApiError(422, message, [{"field": "document", "message": message}])
    if body.document is None:
        return result_generate(dossier=dossier, by=user, revision=body.revision)
    document = Document.objects.filter(pk=body.document).first()
    if document is None:
        message = _("Không tìm thấy tài liệu đã tải lên.")
        raise ApiError(422, message, [{"field": "document", "message": message}])
    return result_attach(dossier=dossier, by=user, document=document, revision=body.revision)


@router.post(
    "/{code}/result",
    response={200: ResultOut},
    openapi_extra=ATTACH_BODY,
    summary="Đính kèm dự thảo kết quả (tải lên, chọn tài liệu, hoặc tạo mẫu)",
)
def result_attach_view(request: HttpRequest, code: Code) -> Any:
    user = _user(request)
    dossier = _dossier(user, code)
    try:
        _attach(request, user, dossier)
    except DossierError as exc:
        return _refused(exc)
    except RejectedFile as exc:
        status = 413 if exc.reason == "too_large" else 422
        raise ApiError(status, exc.message, [{"field": "file", "message": exc.message}]) from exc
    return _out(_dossier(user, code))


@router.post("/{code}/result/sign", response={200: ResultOut}, summary="Ký số kết quả")
def result_sign_view(request: HttpRequest, code: Code, payload: SignIn | None = None) -> Any:
    user = _user(request)
    dossier = _dossier(user, code)
    revision = payload.revision if payload is not None else None
    try:
        result_sign(dossier=dossier, by=user, revision=revision)
    except DossierError as exc:
        return _refused(exc)
    return _out(_dossier(user, code))


def _result(user: User, code: str) -> tuple[Dossier, Document]:
    dossier = _dossier(user, code)
    document = result_visible(dossier, user)
    if document is None:
        raise ApiError(404, _("Hồ sơ %s chưa có kết quả điện tử.") % code)
    return dossier, document


def _read(document: Document) -> tuple[bytes, SignatureCheck]:
    try:
        return result_read(document)
    except DocumentCorrupted as exc:  # the stored bytes changed: the server's fault, not input
        raise ApiError(500, str(exc)) from exc


@router.get(
    "/{code}/result",
    summary="Tải kết quả điện tử (PDF đã ký số)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "PDF; tiêu đề X-Signature-Status cho biết kết quả kiểm tra chữ ký",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def result_download(request: HttpRequest, code: Code) -> HttpResponse:
    _dossier, document = _result(_user(request), code)
    data, check = _read(document)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_ascii_name(document)}"'
    response["X-Signature-Status"] = check.summary
    response["Cache-Control"] = "private, no-store"
    return response


def _ascii_name(document: Document) -> str:
    name = document.original_name.encode("ascii", "ignore").decode()
    return "".join(ch for ch in name if ch.isalnum() or ch in "-_.") or f"{document.pk}.pdf"


@router.get(
    "/{code}/result/verification",
    response=VerificationOut,
    summary="Kiểm tra chữ ký số của kết quả",
)
def result_verification(request: HttpRequest, code: Code) -> dict[str, Any]:
    dossier, document = _result(_user(request), code)
    _data, check = _read(document)
    return {"code": dossier.code, "document": _document(document), **check.as_dict()}
