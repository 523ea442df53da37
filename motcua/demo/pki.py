"""The demo's certificates: a local authority and a signing certificate for each agency.

A real installation records the certificates its agencies receive from a provider (see
the admin); the demo province has none, so it makes them with ``core.pki``: "motcua Demo
CA", trusted, its key kept encrypted so that it can issue more, and one RSA 2048
certificate for every department, sector agency and commune committee — the agencies
whose leaders sign results. The certificates start a year back so that back-dated demo
dossiers can be signed too. Running it again reuses the authority and leaves agencies that
hold a certificate in force alone.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from motcua.agencies.certificate_models import (
    CertificateAuthority,
    SigningCertificate,
    certificate_authority_store,
    signing_certificate_store,
)
from motcua.agencies.models import Agency
from motcua.core import pki

SIGNING_KINDS = (Agency.Kind.DEPARTMENT, Agency.Kind.SECTOR, Agency.Kind.COMMUNE_COMMITTEE)
HISTORY = timedelta(days=400)  # older than the oldest demo dossier
AUTHORITY_DAYS = 20 * 365
CERTIFICATE_DAYS = 5 * 365


def demo_authority() -> pki.Authority:
    """The demo authority in force, created and recorded as a trust root the first time."""
    row = (
        CertificateAuthority.objects.filter(
            name=pki.DEMO_CA_NAME, key_encrypted__isnull=False, valid_to__gt=timezone.now()
        )
        .order_by("-valid_to")
        .first()
    )
    if row is not None:
        return row.authority()
    authority = pki.authority_create(
        days=AUTHORITY_DAYS, key_type="rsa", not_before=timezone.now() - HISTORY
    )
    certificate_authority_store(
        certificate=authority.certificate_pem(), key_pem=authority.key_pem(), trusted=True
    )
    return authority


def certificate_for(agency: Agency, authority: pki.Authority) -> SigningCertificate:
    """Issue ``agency`` a signing certificate under ``authority`` and record it."""
    passphrase = secrets.token_urlsafe(24).encode()
    archive = pki.certificate_issue(
        authority,
        common_name=agency.name,
        identifier=agency.e_identifier,
        organisation=agency.parent.name if agency.parent else agency.name,
        passphrase=passphrase,
        days=CERTIFICATE_DAYS,
        key_type="rsa",
        not_before=timezone.now() - HISTORY,
    )
    return signing_certificate_store(agency_id=agency.pk, pkcs12=archive, passphrase=passphrase)


def load_certificates() -> tuple[int, int]:
    """Certificates for the signing agencies that lack one: (issued, already held)."""
    authority = demo_authority()
    issued = held = 0
    agencies = Agency.objects.filter(kind__in=SIGNING_KINDS, is_active=True)
    for agency in agencies.select_related("parent").order_by("e_identifier"):
        if SigningCertificate.objects.usable(agency.pk).exists():
            held += 1
            continue
        certificate_for(agency, authority)
        issued += 1
    return issued, held
