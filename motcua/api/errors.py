"""One error shape for the whole API, in the request's language (Vietnamese by default).

Every 4xx body is ``{"message": str, "errors": [{"field": str, "message": str}]}`` so a
client can show the message and highlight the fields; nothing ever escapes as a 500 for
input that was merely wrong.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

_DATETIME = gettext_lazy("Phải là thời điểm ISO-8601, ví dụ 2026-03-02T08:30:00+07:00.")

# Pydantic's error types, said in the interface language; others keep pydantic's text.
_MESSAGES = {
    "missing": gettext_lazy("Thiếu trường bắt buộc."),
    "string_type": gettext_lazy("Phải là chuỗi ký tự."),
    "int_type": gettext_lazy("Phải là số nguyên."),
    "int_parsing": gettext_lazy("Phải là số nguyên."),
    "float_type": gettext_lazy("Phải là số."),
    "float_parsing": gettext_lazy("Phải là số."),
    "decimal_parsing": gettext_lazy("Phải là số."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "date_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "date_type": gettext_lazy("Phải là ngày dạng YYYY-MM-DD."),
    "literal_error": gettext_lazy("Giá trị không thuộc danh sách cho phép: %(expected)s."),
    "enum": gettext_lazy("Giá trị không thuộc danh sách cho phép: %(expected)s."),
    "string_too_short": gettext_lazy("Quá ngắn (tối thiểu %(min_length)s ký tự)."),
    "string_too_long": gettext_lazy("Quá dài (tối đa %(max_length)s ký tự)."),
    "string_pattern_mismatch": gettext_lazy("Không đúng định dạng."),
    "greater_than": gettext_lazy("Phải lớn hơn %(gt)s."),
    "greater_than_equal": gettext_lazy("Phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": gettext_lazy("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": gettext_lazy("Phải nhỏ hơn hoặc bằng %(le)s."),
    "finite_number": gettext_lazy("Phải là số hữu hạn."),
    "model_attributes_type": gettext_lazy("Phải là một đối tượng JSON."),
    "dict_type": gettext_lazy("Phải là một đối tượng JSON."),
    "list_type": gettext_lazy("Phải là một danh sách."),
    "json_invalid": gettext_lazy("JSON không hợp lệ."),
}


class ApiError(Exception):
    """A client error raised from a face with a status, a message and optional fields."""

    def __init__(self, status: int, message: str, errors: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = errors or []


_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _field_name(loc: list[Any]) -> str:
    """``["body", "payload", "start"]`` → ``start``: drop where the value came from."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts) or "body"


def _message(err: dict[str, Any]) -> str:
    template = _MESSAGES.get(str(err.get("type", "")))
    if template is not None:
        try:
            return str(template) % {k: v for k, v in (err.get("ctx") or {}).items()}
        except (KeyError, TypeError, ValueError):
            return str(template)
    message = str(err.get("msg", ""))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def validation_errors(raw_errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"field": _field_name(list(err.get("loc", []))), "message": _message(err)}
        for err in raw_errors
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers that give every error the one shape."""

    def respond(
        request: HttpRequest, status: int, message: str, errors: list[dict[str, str]]
    ) -> HttpResponse:
        return api.create_response(request, {"message": message, "errors": errors}, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = validation_errors(list(exc.errors))
        fields = ", ".join(dict.fromkeys(e["field"] for e in errors))
        return respond(request, 422, _("Dữ liệu không hợp lệ ở trường: %s") % fields, errors)

    @api.exception_handler(AuthenticationError)
    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = _("Cần đăng nhập: gửi mã truy cập trong tiêu đề Authorization.")
        return respond(request, 401, message, [])

    @api.exception_handler(ApiError)
    def on_api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return respond(request, exc.status, exc.message, exc.errors)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            message = _("Không đọc được nội dung yêu cầu: cần JSON hợp lệ.")
        else:
            message = str(exc.message)
        return respond(request, exc.status_code, message, [])
