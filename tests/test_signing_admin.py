"""The admin records signing certificates and trust roots from their files.

A PKCS#12 uploaded with its passphrase is kept encrypted; one left on the server is
checked with the passphrase from the environment variable named; a wrong passphrase or a
file that is not a certificate is a form error, and nothing is recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.agencies import services as agencies
from motcua.agencies.certificate_models import CertificateAuthority, SigningCertificate
from motcua.agencies.models import Agency
from motcua.core.models import User
from tests.test_signing import (  # noqa: F401 - session fixtures
    AGENCY_ID,
    PASSPHRASE,
    archive_fixture,
    authority_fixture,
)

pytestmark = pytest.mark.django_db

ADD_CERTIFICATE = reverse("admin:agencies_signingcertificate_add")
ADD_ROOT = reverse("admin:agencies_certificateauthority_add")


@pytest.fixture
def admin_client(client, settings):
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    user = User.objects.create_superuser("quantri", email="quantri@example.vn", password=None)
    client.force_login(user)
    return client


@pytest.fixture
def department() -> Agency:
    return agencies.agency_upsert(
        e_identifier=AGENCY_ID, name="Sở Thử nghiệm", kind=Agency.Kind.DEPARTMENT
    )


def p12(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("so.p12", data, content_type="application/x-pkcs12")


def test_an_uploaded_archive_is_kept_encrypted(admin_client, department, archive):
    wrong = {"agency": department.pk, "archive": p12(archive), "passphrase": "sai"}
    page = admin_client.post(ADD_CERTIFICATE, wrong)
    assert page.status_code == 200 and "sai mật khẩu" in page.content.decode()
    assert not SigningCertificate.objects.exists()

    good = {
        "agency": department.pk,
        "archive": p12(archive),
        "passphrase": PASSPHRASE.decode(),
        "is_active": "on",
    }
    assert admin_client.post(ADD_CERTIFICATE, good).status_code == 302
    certificate = SigningCertificate.objects.get()
    assert AGENCY_ID in certificate.subject and certificate.is_active
    assert certificate.key_material() == (archive, PASSPHRASE)
    change = reverse("admin:agencies_signingcertificate_change", args=[certificate.pk])
    page = admin_client.get(change).content.decode()
    assert certificate.fingerprint in page and PASSPHRASE.decode() not in page
    again = admin_client.post(ADD_CERTIFICATE, good | {"archive": p12(archive)})
    assert "đã được ghi nhận" in again.content.decode()


def test_an_archive_left_on_the_server_needs_its_passphrase_in_the_environment(
    admin_client, department, archive, tmp_path: Path, monkeypatch
):
    path = tmp_path / "so.p12"
    path.write_bytes(archive)
    form = {"agency": department.pk, "pkcs12_path": str(path), "passphrase_env": "MOTCUA_P12"}
    page = admin_client.post(ADD_CERTIFICATE, form)
    assert "MOTCUA_P12" in page.content.decode() and not SigningCertificate.objects.exists()
    monkeypatch.setenv("MOTCUA_P12", PASSPHRASE.decode())
    assert admin_client.post(ADD_CERTIFICATE, form).status_code == 302
    certificate = SigningCertificate.objects.get()
    assert certificate.pkcs12_encrypted is None and certificate.pkcs12_path == str(path)
    assert certificate.key_material() == (archive, PASSPHRASE)


def test_a_root_is_recorded_from_its_certificate_file(admin_client, authority):
    pem = SimpleUploadedFile("root.pem", authority.certificate_pem())
    added = admin_client.post(ADD_ROOT, {"certificate_file": pem, "is_trusted": "on"})
    assert added.status_code == 302
    root = CertificateAuthority.objects.get()
    assert root.name == "motcua Demo CA" and root.is_trusted and not root.key_encrypted
    junk = SimpleUploadedFile("root.pem", b"not a certificate")
    page = admin_client.post(ADD_ROOT, {"certificate_file": junk})
    assert "X.509" in page.content.decode() and CertificateAuthority.objects.count() == 1
    listing = admin_client.get(reverse("admin:agencies_certificateauthority_changelist"))
    assert listing.status_code == 200 and "motcua Demo CA" in listing.content.decode()
