"""Symmetric encryption at rest for sensitive files (ID-card images, Law 91/2025).

Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``) authenticates what it
encrypts, so a tampered or truncated file fails to decrypt instead of yielding garbage.
Keys come from ``settings.MOTCUA_ENCRYPTION_KEY``: one Fernet key, or several (a list, or
a comma-separated string) to rotate them — the first encrypts, every one decrypts, and
``reencrypt`` moves old ciphertext to the first key. With no key configured a development
installation (``DEBUG``) derives a stable one from ``SECRET_KEY`` with HKDF; production
refuses to start encrypting rather than invent a key it could lose.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

_HKDF_SALT = b"motcua.core.crypto"
_HKDF_INFO = b"fernet-key-for-files-at-rest-v1"


class DecryptionFailed(Exception):
    """The ciphertext was altered, truncated, or made with a key no longer configured."""


def _configured_keys() -> list[str]:
    value = getattr(settings, "MOTCUA_ENCRYPTION_KEY", None)
    if isinstance(value, str | bytes):
        text = value.decode() if isinstance(value, bytes) else value
        return [part.strip() for part in text.split(",") if part.strip()]
    if isinstance(value, Sequence):
        return [str(part.decode() if isinstance(part, bytes) else part).strip() for part in value]
    return []


def _derived_key() -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(str(settings.SECRET_KEY).encode()))


def _fernet(key: str | bytes) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError) as exc:
        message = _(
            "MOTCUA_ENCRYPTION_KEY chứa một khóa không hợp lệ: mỗi khóa phải là 32 byte "
            "mã hóa base64 an toàn cho URL (tạo bằng Fernet.generate_key())."
        )
        raise ImproperlyConfigured(message) from exc


def cipher() -> MultiFernet:
    """The configured keys, newest first; raises ``ImproperlyConfigured`` when there are none."""
    keys: list[str | bytes] = list(_configured_keys())
    if not keys:
        if not settings.DEBUG:
            message = _(
                "Chưa cấu hình MOTCUA_ENCRYPTION_KEY: không thể mã hóa ảnh giấy tờ tùy thân "
                "khi DEBUG tắt. Tạo khóa bằng Fernet.generate_key() và đặt vào cấu hình."
            )
            raise ImproperlyConfigured(message)
        keys = [_derived_key()]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(data: bytes) -> bytes:
    """Encrypt ``data`` with the current (first) key."""
    return cipher().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """Decrypt ``token`` with whichever configured key made it."""
    try:
        return cipher().decrypt(token)
    except InvalidToken as exc:
        raise _undecryptable() from exc


def reencrypt(token: bytes) -> bytes:
    """Return ``token`` re-encrypted with the current key (for key rotation)."""
    try:
        return cipher().rotate(token)
    except InvalidToken as exc:
        raise _undecryptable() from exc


def _undecryptable() -> DecryptionFailed:
    return DecryptionFailed(
        _("Không giải mã được tệp: dữ liệu bị thay đổi hoặc khóa đã bị gỡ khỏi cấu hình.")
    )
