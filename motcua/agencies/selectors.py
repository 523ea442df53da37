"""Reads with rules: which roles a user holds where, and lookups by public codes."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency, ServiceCentre, StaffRole
from motcua.core.models import User


def roles_of(user: User, *, on: date | None = None) -> QuerySet[StaffRole]:
    """The role assignments of ``user`` in force on ``on`` (today by default)."""
    day = on or timezone.localdate()
    return StaffRole.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gt=day),
        user=user,
        agency__is_active=True,
    ).select_related("agency", "centre")


def centre_by_code(code: str) -> ServiceCentre | None:
    return ServiceCentre.objects.filter(code=code, is_active=True).first()


def agency_by_identifier(e_identifier: str) -> Agency | None:
    return Agency.objects.filter(e_identifier=e_identifier, is_active=True).first()
