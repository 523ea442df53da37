"""Writes for agencies, centres, staff roles and applicants: one door, normalised text."""

from __future__ import annotations

from datetime import time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.agencies.models import Agency, Applicant, Role, ServiceCentre, StaffRole
from motcua.core.models import User
from motcua.core.text import nfc


@transaction.atomic
def agency_upsert(
    *,
    e_identifier: str,
    name: str,
    kind: str,
    parent: Agency | None = None,
    unit_code: str = "",
    short_name: str = "",
) -> Agency:
    """Create or update the agency with this electronic identifier."""
    agency = Agency.objects.filter(e_identifier=e_identifier).first() or Agency(
        e_identifier=e_identifier
    )
    agency.name, agency.short_name = nfc(name), nfc(short_name)
    agency.kind, agency.parent, agency.unit_code = kind, parent, unit_code
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def centre_upsert(
    *,
    code: str,
    name: str,
    level: str,
    agency: Agency,
    parent: ServiceCentre | None = None,
    unit_code: str = "",
    address: str = "",
    counter_hours: str = "08:00-12:00,13:00-17:00",
    cutoff: time | None = None,
) -> ServiceCentre:
    """Create or update the one-stop centre with this code."""
    centre = ServiceCentre.objects.filter(code=code).first() or ServiceCentre(code=code)
    centre.name, centre.address = nfc(name), nfc(address)
    centre.level, centre.agency, centre.parent = level, agency, parent
    centre.unit_code, centre.counter_hours, centre.cutoff = unit_code, counter_hours, cutoff
    centre.full_clean()
    centre.save()
    return centre


@transaction.atomic
def account_create(
    *, username: str, password: str, full_name: str, email: str = "", phone: str = ""
) -> User:
    """Create an account; staff get rights only from role grants, applicants from their record."""
    user_model = get_user_model()
    user = user_model(
        username=username, full_name=nfc(full_name), email=email, phone=phone, is_staff=False
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def staff_grant_role(
    *, user: User, role: Role | str, agency: Agency, centre: ServiceCentre | None = None
) -> StaffRole:
    """Give ``user`` a role in ``agency`` (idempotent); administrators also get the admin."""
    grant, _ = StaffRole.objects.get_or_create(user=user, role=role, agency=agency, centre=centre)
    if role == Role.ADMINISTRATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return grant


@transaction.atomic
def applicant_upsert(
    *,
    kind: str,
    name: str,
    id_number: str = "",
    tax_code: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    user: User | None = None,
) -> Applicant:
    """Find the applicant by ID number or tax code and refresh its details, or create it."""
    key = {"id_number": id_number} if kind == Applicant.Kind.CITIZEN else {"tax_code": tax_code}
    if not next(iter(key.values())):
        raise ValidationError({next(iter(key)): "Thiếu số định danh hoặc mã số thuế."})
    applicant = Applicant.objects.select_for_update().filter(**key).first() or Applicant(**key)
    applicant.kind, applicant.name = kind, nfc(name)
    # What the caller leaves out is kept: a phone is also a lookup secret.
    applicant.phone = phone.strip() or applicant.phone
    applicant.email = email.strip() or applicant.email
    applicant.address = nfc(address) or applicant.address
    if user is not None:
        applicant.user = user
    applicant.full_clean()
    applicant.save()
    return applicant
