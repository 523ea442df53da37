"""Health and login endpoints."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from motcua.api.errors import ApiError
from motcua.core.tokens import token_issue

router = Router(tags=["system"])


class HealthOut(Schema):
    status: str
    database: str


class Credentials(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)


class TokenOut(Schema):
    token: str


@router.get("/health", response=HealthOut, auth=None, summary="Tình trạng hệ thống")
def health(request: HttpRequest) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "database": connection.vendor}


@router.post("/auth/token", response=TokenOut, auth=None, summary="Lấy mã truy cập")
def auth_token(request: HttpRequest, payload: Credentials) -> dict[str, str]:
    token = token_issue(username=payload.username, password=payload.password)
    if token is None:
        raise ApiError(401, _("Tên đăng nhập hoặc mật khẩu không đúng."))
    return {"token": token}
