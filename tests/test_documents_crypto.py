"""ID-card images are encrypted at rest, readable back, and keys can be rotated."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from motcua.core import crypto
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import document_open, document_store
from tests import test_documents_samples as samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def key(settings) -> str:
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    return settings.MOTCUA_ENCRYPTION_KEY


def test_id_card_is_ciphertext_on_disk_and_plain_when_opened(media, key):
    plain = samples.jpeg()
    document = document_store(file=plain, name="cccd-mat-truoc.jpg", kind=Document.Kind.ID_CARD)
    on_disk = Path(document.file.path).read_bytes()
    assert document.encrypted and document.kind == Document.Kind.ID_CARD
    assert on_disk != plain and plain[:64] not in on_disk and not on_disk.startswith(b"\xff\xd8")
    assert Path(document.file.path).suffix == ".bin"
    assert document.sha256 == hashlib.sha256(plain).hexdigest() and document.size == len(plain)
    assert Fernet(key).decrypt(on_disk) == plain
    assert document_open(document) == plain


def test_components_are_not_encrypted(media, key):
    document = document_store(file=samples.jpeg(), name="a.jpg")
    assert not document.encrypted
    assert Path(document.file.path).read_bytes().startswith(b"\xff\xd8")


def test_rotation_old_files_still_open_and_reencrypt_moves_them(media, settings, key):
    document = document_store(file=samples.png(), name="cccd.png", kind=Document.Kind.ID_CARD)
    old_token = Path(document.file.path).read_bytes()
    new_key = Fernet.generate_key().decode()
    settings.MOTCUA_ENCRYPTION_KEY = [new_key, key]
    assert document_open(document) == samples.png()
    rotated = crypto.reencrypt(old_token)
    assert Fernet(new_key).decrypt(rotated) == samples.png()
    settings.MOTCUA_ENCRYPTION_KEY = f"{new_key}, {key}"  # the environment's spelling
    assert crypto.decrypt(old_token) == samples.png()


def test_removed_key_or_altered_ciphertext_fails_loudly(media, settings, key):
    token = crypto.encrypt(b"so dinh danh 001099012345")
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    with pytest.raises(crypto.DecryptionFailed, match="giải mã"):
        crypto.decrypt(token)
    settings.MOTCUA_ENCRYPTION_KEY = key
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token[:-4] + b"AAAA")


def test_without_a_key_production_refuses_and_stores_nothing(media, settings):
    settings.DEBUG = False
    settings.MOTCUA_ENCRYPTION_KEY = None
    with pytest.raises(ImproperlyConfigured, match="MOTCUA_ENCRYPTION_KEY"):
        document_store(file=samples.jpeg(), name="cccd.jpg", kind=Document.Kind.ID_CARD)
    assert Document.objects.count() == 0
    assert not Path(media).exists() or not any(Path(media).rglob("*.*"))


def test_without_a_key_debug_derives_a_stable_one_from_secret_key(settings):
    settings.DEBUG = True
    settings.MOTCUA_ENCRYPTION_KEY = ""
    token = crypto.encrypt(b"du lieu")
    assert crypto.decrypt(token) == b"du lieu"
    settings.SECRET_KEY = "another-secret-key-for-another-installation"
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token)


def test_malformed_key_is_a_configuration_error(settings):
    settings.MOTCUA_ENCRYPTION_KEY = "not-a-fernet-key"
    with pytest.raises(ImproperlyConfigured, match="không hợp lệ"):
        crypto.encrypt(b"x")
