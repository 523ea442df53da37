"""The certificates an agency signs e-results with, and the roots signatures are checked against.

A signing certificate belongs to one agency and is in force between two dates; its key
material is a PKCS#12 archive, kept in one of two ways:

- **stored**: the archive and its passphrase are encrypted at rest with the installation's
  Fernet keys (``core.crypto``) — convenient, and what the demo uses;
- **on file**: the archive stays on the server's disk (``pkcs12_path``) and its passphrase
  comes from the environment variable named in ``passphrase_env`` (or a setting of that
  name), so that neither the key nor its passphrase is ever in the database.

A certificate authority row is a trust root: validation trusts the roots marked trusted
here plus those listed in ``MOTCUA_TRUST_ROOTS``. A local authority (the demo CA) also
keeps its private key, encrypted, so that it can issue certificates.

The ``*_fill`` and ``*_store`` functions read a certificate's facts from its file, never
from what someone typed; the admin and the demo both record certificates through them.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from motcua.core import crypto, pki, signing


class KeyUnavailable(Exception):
    """The key material of a signing certificate cannot be read (file, passphrase, key)."""


class CertificateAuthority(models.Model):
    name = models.CharField(_("tên"), max_length=200)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_to = models.DateTimeField(_("hiệu lực đến"))
    is_trusted = models.BooleanField(
        _("tin cậy"),
        default=True,
        help_text=_("Chữ ký có chuỗi chứng thư dẫn tới gốc này được coi là tin cậy."),
    )
    key_encrypted = models.BinaryField(_("khóa bí mật (đã mã hóa)"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tổ chức cung cấp dịch vụ chứng thực (gốc tin cậy)")
        verbose_name_plural = _("tổ chức cung cấp dịch vụ chứng thực (gốc tin cậy)")

    def __str__(self) -> str:
        return self.name

    def authority(self) -> pki.Authority:
        """The authority with its key, to issue certificates; only a local authority has one."""
        if not self.key_encrypted:
            raise KeyUnavailable(gettext("Tổ chức chứng thực này không lưu khóa bí mật."))
        key_pem = crypto.decrypt(bytes(self.key_encrypted))
        return pki.authority_load(self.certificate_pem.encode("ascii"), key_pem)


def trust_roots() -> list[bytes]:
    """Every root signatures are checked against: trusted rows here, then the settings'."""
    rows = CertificateAuthority.objects.filter(is_trusted=True).values_list(
        "certificate_pem", flat=True
    )
    return [pem.encode("ascii") for pem in rows] + signing.trust_roots()


class SigningCertificateQuerySet(models.QuerySet["SigningCertificate"]):
    def usable(self, agency_id: int, at: datetime | None = None) -> SigningCertificateQuerySet:
        """The agency's active certificates in force at ``at``, newest first."""
        moment = at or timezone.now()
        return self.filter(
            agency_id=agency_id, is_active=True, valid_from__lte=moment, valid_to__gt=moment
        ).order_by("-valid_from", "-pk")


class SigningCertificate(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="signing_certificates",
    )
    subject = models.CharField(_("chủ thể"), max_length=500)
    issuer = models.CharField(_("tổ chức cấp"), max_length=500)
    serial_number = models.CharField(_("số hiệu"), max_length=64)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, unique=True)
    certificate_pem = models.TextField(_("chứng thư (PEM)"))
    valid_from = models.DateTimeField(_("hiệu lực từ"))
    valid_to = models.DateTimeField(_("hiệu lực đến"))
    pkcs12_encrypted = models.BinaryField(_("tệp PKCS#12 (đã mã hóa)"), null=True, editable=False)
    passphrase_encrypted = models.BinaryField(_("mật khẩu (đã mã hóa)"), null=True, editable=False)
    pkcs12_path = models.CharField(
        _("đường dẫn tệp PKCS#12 trên máy chủ"),
        max_length=500,
        blank=True,
        help_text=_("Để trống nếu tệp được lưu (mã hóa) trong cơ sở dữ liệu."),
    )
    passphrase_env = models.CharField(
        _("biến môi trường chứa mật khẩu"),
        max_length=100,
        blank=True,
        help_text=_("Tên biến môi trường (hoặc thiết lập) chứa mật khẩu của tệp PKCS#12."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SigningCertificateQuerySet.as_manager()

    class Meta:
        ordering = ["agency", "-valid_from"]
        verbose_name = _("chứng thư số ký kết quả")
        verbose_name_plural = _("chứng thư số ký kết quả")
        constraints = [
            models.CheckConstraint(
                condition=Q(pkcs12_encrypted__isnull=False) | ~Q(pkcs12_path=""),
                name="agencies_signingcertificate_has_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})"

    def key_material(self) -> tuple[bytes, bytes | None]:
        """The PKCS#12 archive and its passphrase, decrypted or read from where they are kept."""
        if self.pkcs12_encrypted:
            passphrase = self.passphrase_encrypted
            return (
                crypto.decrypt(bytes(self.pkcs12_encrypted)),
                crypto.decrypt(bytes(passphrase)) if passphrase else None,
            )
        try:
            archive = Path(self.pkcs12_path).read_bytes()
        except OSError as exc:
            message = gettext("Không đọc được tệp khóa ký số %s.") % self.pkcs12_path
            raise KeyUnavailable(message) from exc
        return archive, env_passphrase(self.passphrase_env)


def env_passphrase(name: str) -> bytes | None:
    """The passphrase in environment variable ``name`` (else the setting of that name)."""
    if not name:
        return None
    value = os.environ.get(name)
    if value is None:
        value = getattr(settings, name, None)
    if value is None:
        message = gettext("Chưa đặt biến môi trường %s chứa mật khẩu khóa ký số.") % name
        raise KeyUnavailable(message)
    return value.encode() if isinstance(value, str) else bytes(value)


def signing_certificate_fill(
    certificate: SigningCertificate,
    *,
    pkcs12: bytes,
    passphrase: bytes | None,
    path: str = "",
    env: str = "",
) -> SigningCertificate:
    """Set what the PKCS#12 archive says on ``certificate`` (not saved); ``pki.PkiError`` if
    it is unusable. With ``path`` the archive stays on disk and its passphrase in ``env``;
    without, archive and passphrase are kept encrypted."""
    info = pki.pkcs12_inspect(pkcs12, passphrase)
    stored = not path
    certificate.subject = info.subject
    certificate.issuer = info.issuer
    certificate.serial_number = info.serial_number
    certificate.fingerprint = info.fingerprint
    certificate.certificate_pem = info.pem
    certificate.valid_from, certificate.valid_to = info.valid_from, info.valid_to
    certificate.pkcs12_encrypted = crypto.encrypt(pkcs12) if stored else None
    certificate.passphrase_encrypted = crypto.encrypt(passphrase) if stored and passphrase else None
    certificate.pkcs12_path = path
    certificate.passphrase_env = "" if stored else env
    return certificate


def signing_certificate_store(
    *, agency_id: int, pkcs12: bytes, passphrase: bytes | None, path: str = "", env: str = ""
) -> SigningCertificate:
    """Record an agency's certificate from its PKCS#12 archive (updated if already known)."""
    fingerprint = pki.pkcs12_inspect(pkcs12, passphrase).fingerprint
    certificate = SigningCertificate.objects.filter(fingerprint=fingerprint).first()
    certificate = certificate or SigningCertificate(agency_id=agency_id)
    certificate.agency_id = agency_id
    signing_certificate_fill(certificate, pkcs12=pkcs12, passphrase=passphrase, path=path, env=env)
    certificate.save()
    return certificate


def certificate_authority_fill(
    authority: CertificateAuthority, *, certificate: bytes, key_pem: bytes | None = None
) -> CertificateAuthority:
    """Set what a root certificate (PEM or DER) says on ``authority`` (not saved), with the
    private key of a local authority; ``pki.PkiError`` if the bytes are not a certificate."""
    info = pki.certificate_info(pki.certificate_load(certificate))
    authority.name = info.common_name or info.subject
    authority.certificate_pem = info.pem
    authority.fingerprint = info.fingerprint
    authority.valid_from, authority.valid_to = info.valid_from, info.valid_to
    if key_pem:  # recording the certificate again never drops a key kept before
        authority.key_encrypted = crypto.encrypt(key_pem)
    return authority


def certificate_authority_store(
    *, certificate: bytes, key_pem: bytes | None = None, trusted: bool = True
) -> CertificateAuthority:
    """Record a root certificate (updated if already known); see ``certificate_authority_fill``."""
    fingerprint = pki.certificate_info(pki.certificate_load(certificate)).fingerprint
    authority = CertificateAuthority.objects.filter(fingerprint=fingerprint).first()
    authority = authority or CertificateAuthority()
    certificate_authority_fill(authority, certificate=certificate, key_pem=key_pem)
    authority.is_trusted = trusted
    authority.save()
    return authority
