"""Writes of who performs procedures (re-exported by ``motcua.catalog.services``).

Assignments and delegations are dated so that routing on a past date (a dossier received
last year) gives the answer that was true then.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import (
    DelegationKind,
    Field,
    Procedure,
    ProcedureAssignment,
    ProcedureDelegation,
)
from motcua.catalog.selectors import field_find, versions_in_force
from motcua.core.text import nfc


def _check_range(valid_from: date | None, valid_to: date | None) -> None:
    if valid_from and valid_to and valid_to <= valid_from:
        raise ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))


def _overlapping(valid_from: date | None, valid_to: date | None) -> Q:
    """Rows whose ``[valid_from, valid_to)`` meets the given range (open ends allowed)."""
    overlap = Q()
    if valid_to is not None:
        overlap &= Q(valid_from__isnull=True) | Q(valid_from__lt=valid_to)
    if valid_from is not None:
        overlap &= Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from)
    return overlap


@transaction.atomic
def procedure_assign(
    *,
    procedure: Procedure,
    agency: Agency,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> ProcedureAssignment:
    """Record that ``agency`` performs ``procedure``; idempotent for an overlapping period."""
    _check_range(valid_from, valid_to)
    existing = (
        ProcedureAssignment.objects.select_for_update()
        .filter(_overlapping(valid_from, valid_to), procedure=procedure, agency=agency)
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing
    assignment = ProcedureAssignment(
        procedure=procedure, agency=agency, valid_from=valid_from, valid_to=valid_to, note=nfc(note)
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def procedure_unassign(*, assignment: ProcedureAssignment, valid_to: date) -> ProcedureAssignment:
    """End an assignment on ``valid_to`` (the history stays)."""
    _check_range(assignment.valid_from, valid_to)
    assignment.valid_to = valid_to
    assignment.save(update_fields=["valid_to"])
    return assignment


@transaction.atomic
def procedures_assign_by_field(
    *, field: Field | str, agency: Agency, valid_from: date | None = None
) -> int:
    """Assign every procedure whose version in force is in ``field`` to ``agency``.

    ``field`` is a Field or its name (diacritics and case ignored). Returns how many
    procedures are now assigned to the agency for that field.
    """
    found = field if isinstance(field, Field) else field_find(field)
    if found is None:
        raise ValidationError(_("Không tìm thấy lĩnh vực “%s”.") % field)
    versions = versions_in_force(on=valid_from).filter(field=found).select_related("procedure")
    count = 0
    for version in versions:
        procedure_assign(procedure=version.procedure, agency=agency, valid_from=valid_from)
        count += 1
    return count


@transaction.atomic
def procedure_delegate(
    *,
    procedure: Procedure,
    from_agency: Agency,
    to_agency: Agency,
    valid_from: date,
    valid_to: date | None = None,
    kind: DelegationKind | str = DelegationKind.DELEGATION,
    basis: str = "",
) -> ProcedureDelegation:
    """Hand ``procedure`` from ``from_agency`` to ``to_agency`` for a period.

    ``kind`` is ``delegation`` (ủy quyền) or ``decentralisation`` (phân cấp); ``basis``
    names the decision. The same hand-over may not overlap itself.
    """
    if from_agency.pk == to_agency.pk:
        raise ValidationError(_("Cơ quan ủy quyền và cơ quan được giao phải khác nhau."))
    _check_range(valid_from, valid_to)
    clash = ProcedureDelegation.objects.filter(
        _overlapping(valid_from, valid_to),
        procedure=procedure,
        from_agency=from_agency,
        to_agency=to_agency,
    )
    if clash.exists():
        raise ValidationError(_("Đã có ủy quyền, phân cấp trùng thời gian cho hai cơ quan này."))
    delegation = ProcedureDelegation(
        procedure=procedure,
        kind=kind,
        from_agency=from_agency,
        to_agency=to_agency,
        valid_from=valid_from,
        valid_to=valid_to,
        basis=nfc(basis),
    )
    delegation.full_clean()
    delegation.save()
    return delegation
