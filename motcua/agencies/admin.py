"""Admin pages for agencies, centres, counters, staff roles, applicants and certificates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.agencies.certificate_models import (
    CertificateAuthority,
    KeyUnavailable,
    SigningCertificate,
    certificate_authority_fill,
    env_passphrase,
    signing_certificate_fill,
)
from motcua.agencies.models import Agency, Applicant, Counter, ServiceCentre, StaffRole
from motcua.core import pki


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["e_identifier", "name", "kind", "parent", "unit_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["e_identifier", "name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [StaffRoleInline]


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "agency", "counter_hours", "cutoff", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["agency", "parent"]
    inlines = [CounterInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "centre", "valid_from", "valid_to"]
    list_filter = ["role", "agency__kind"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__e_identifier"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["agency", "centre"]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "id_number", "tax_code", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["search_key", "name", "id_number", "tax_code", "phone"]
    readonly_fields = ["created_at"]


# --- signing certificates and trust roots ---------------------------------------------------

ARCHIVE_MAX_BYTES = 1024 * 1024  # a PKCS#12 archive or a certificate is a few kilobytes


def _read_upload(upload: UploadedFile | None) -> bytes:
    if upload is None:
        return b""
    if upload.size is not None and upload.size > ARCHIVE_MAX_BYTES:
        raise forms.ValidationError(_("Tệp quá lớn cho một chứng thư số (tối đa 1 MB)."))
    return bytes(upload.read())


class SigningCertificateForm(forms.ModelForm):
    """Add a certificate from its PKCS#12 archive: uploaded (kept encrypted with the passphrase
    typed), or left on the server (its passphrase in the environment variable named)."""

    archive = forms.FileField(label=_("Tệp PKCS#12 (.p12, .pfx)"), required=False)
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"), required=False, strip=False, widget=forms.PasswordInput
    )

    class Meta:
        model = SigningCertificate
        fields = ["agency", "pkcs12_path", "passphrase_env", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk:
            return data
        upload, path = data.get("archive"), (data.get("pkcs12_path") or "").strip()
        if bool(upload) == bool(path):
            raise forms.ValidationError(
                _("Tải lên tệp PKCS#12 hoặc ghi đường dẫn tệp trên máy chủ (chỉ một trong hai).")
            )
        env, typed = data.get("passphrase_env") or "", data.get("passphrase") or ""
        try:
            if upload:  # kept encrypted with the passphrase typed here
                archive, passphrase = _read_upload(upload), typed.encode() or None
            else:  # left on the server: its passphrase is read where signing will read it
                archive, passphrase = Path(path).read_bytes(), env_passphrase(env)
            signing_certificate_fill(
                self.instance, pkcs12=archive, passphrase=passphrase, path=path, env=env
            )
        except (OSError, KeyUnavailable, pki.PkiError) as exc:
            raise forms.ValidationError(
                _("Không dùng được tệp PKCS#12 (sai tệp hoặc sai mật khẩu): %s") % exc
            ) from exc
        except ImproperlyConfigured as exc:  # no key to encrypt the archive with
            raise forms.ValidationError(str(exc)) from exc
        if SigningCertificate.objects.filter(fingerprint=self.instance.fingerprint).exists():
            raise forms.ValidationError(_("Chứng thư số này đã được ghi nhận."))
        return data


@admin.register(SigningCertificate)
class SigningCertificateAdmin(admin.ModelAdmin):
    form = SigningCertificateForm
    list_display = ["agency", "subject", "issuer", "valid_from", "valid_to", "is_active"]
    list_filter = ["is_active", "agency__kind"]
    search_fields = ["agency__name", "agency__e_identifier", "subject", "fingerprint"]
    autocomplete_fields = ["agency"]
    computed = ["subject", "issuer", "serial_number", "fingerprint", "valid_from", "valid_to"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["agency", *self.computed, "pkcs12_path", "passphrase_env", "certificate_pem"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("agency", "archive", "passphrase", "pkcs12_path", "passphrase_env", "is_active")
        return (*self.get_readonly_fields(request, obj), "is_active")


class CertificateAuthorityForm(forms.ModelForm):
    """Add a trust root from its certificate file (PEM or DER)."""

    certificate_file = forms.FileField(label=_("Tệp chứng thư gốc (.cer, .crt, .pem)"))

    class Meta:
        model = CertificateAuthority
        fields = ["is_trusted"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk or not data.get("certificate_file"):
            return data
        try:
            content = _read_upload(data["certificate_file"])
            certificate_authority_fill(self.instance, certificate=content)
        except pki.PkiError as exc:
            raise forms.ValidationError(_("Tệp không phải chứng thư số X.509.")) from exc
        if CertificateAuthority.objects.filter(fingerprint=self.instance.fingerprint).exists():
            raise forms.ValidationError(_("Chứng thư gốc này đã được ghi nhận."))
        return data


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(admin.ModelAdmin):
    form = CertificateAuthorityForm
    list_display = ["name", "valid_from", "valid_to", "is_trusted", "issues_locally"]
    list_filter = ["is_trusted"]
    search_fields = ["name", "fingerprint"]

    @admin.display(boolean=True, description=_("cấp chứng thư tại chỗ"))
    def issues_locally(self, obj: CertificateAuthority) -> bool:
        return bool(obj.key_encrypted)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if obj is None:
            return ("certificate_file", "is_trusted")
        return (*self.get_readonly_fields(request, obj), "is_trusted")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:
            return []
        return ["name", "fingerprint", "valid_from", "valid_to", "certificate_pem"]
