"""Issue and check API bearer tokens (the token itself is shown once, never stored)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone

from motcua.core.models import ApiToken, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, username: str, password: str) -> str | None:
    """Return a new token for valid credentials of an active user, else ``None``."""
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        return None
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        expires_at=timezone.now() + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    return token


def token_user(token: str) -> User | None:
    """Return the active user a still-valid token belongs to, else ``None``."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=_digest(token), expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )
    return row.user if row else None
