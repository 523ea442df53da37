"""Reads of the catalogue that carry rules: what is in force, search, routing to an agency.

"In force on D" means ``effective_from <= D < effective_to`` with open ends. Routing
answers "which agency handles procedure P for context X on date D": the assigned agency
nearest to X, then any delegation (ủy quyền) or decentralisation (phân cấp) in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Agency
from motcua.catalog.models import (
    Field,
    InternalProcess,
    Procedure,
    ProcedureAssignment,
    ProcedureDelegation,
    ProcedureVersion,
    search_key_of,
)
from motcua.catalog.timing import ProcessCheck, StepTime, check_process

MAX_DELEGATION_HOPS = 5


def _in_force(day: date, start: str, end: str) -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day})
    )


def versions_in_force(*, on: date | None = None) -> QuerySet[ProcedureVersion]:
    day = on or timezone.localdate()
    return ProcedureVersion.objects.filter(_in_force(day, "effective_from", "effective_to"))


def search_terms(q: str) -> list[str]:
    """Folded words of a query: diacritics, đ/Đ, case and punctuation ignored."""
    return search_key_of(q).split()


def field_find(name_or_code: str) -> Field | None:
    """A field by its name (ignoring diacritics and case) or its code."""
    text = name_or_code.replace("\x00", "").strip()
    if not text:
        return None
    return (
        Field.objects.filter(Q(search_key=search_key_of(text)) | Q(code=text))
        .order_by("pk")
        .first()
    )


def procedure_search(
    *,
    q: str = "",
    field: str = "",
    level: str = "",
    online_level: str = "",
    on: date | None = None,
) -> QuerySet[ProcedureVersion]:
    """Versions in force on ``on`` whose name or code contains every word of ``q``."""
    versions = versions_in_force(on=on).select_related("procedure", "field")
    for term in search_terms(q):
        versions = versions.filter(search_key__contains=f" {term}")
    field = field.replace("\x00", "").strip()
    if field:
        versions = versions.filter(Q(field__search_key=search_key_of(field)) | Q(field__code=field))
    if level:
        versions = versions.filter(level=level)
    if online_level:
        versions = versions.filter(online_level=online_level)
    return versions.order_by(F("procedure__code").asc(nulls_last=True), "name", "pk")


def with_content(versions: QuerySet[ProcedureVersion]) -> QuerySet[ProcedureVersion]:
    processes = InternalProcess.objects.select_related("agency").prefetch_related("steps")
    return versions.select_related("procedure", "field").prefetch_related(
        "channels", "components", "legal_basis", Prefetch("processes", queryset=processes)
    )


def procedure_version_on(
    *, procedure: Procedure, on: date | None = None
) -> ProcedureVersion | None:
    """The version of ``procedure`` in force on ``on`` (today by default)."""
    return with_content(versions_in_force(on=on).filter(procedure=procedure)).first()


def procedure_version_by_code(*, code: str, on: date | None = None) -> ProcedureVersion | None:
    return with_content(versions_in_force(on=on).filter(procedure__code=code)).first()


def procedure_version_by_id(
    *, procedure_id: int, on: date | None = None
) -> ProcedureVersion | None:
    return with_content(versions_in_force(on=on).filter(procedure_id=procedure_id)).first()


def process_check(*, process: InternalProcess) -> ProcessCheck:
    """How the steps of ``process`` add up against its version's legal time (live)."""
    times = [StepTime(s.working_days, s.clock_hours) for s in process.steps.all()]
    version = process.version
    return check_process(version.handling_time_value, version.handling_time_unit, times)


def processes_broken_by(
    *, version: ProcedureVersion, value: Decimal | None, unit: str
) -> list[tuple[InternalProcess, ProcessCheck]]:
    """Processes of ``version`` that are complete and fit its stored legal time but would
    not fit ``value``/``unit`` (a handling-time edit that must be refused)."""
    stored = ProcedureVersion.objects.filter(pk=version.pk).first() if version.pk else None
    if stored is None:
        return []
    broken = []
    for process in InternalProcess.objects.filter(version=stored).prefetch_related("steps"):
        times = [StepTime(s.working_days, s.clock_hours) for s in process.steps.all()]
        before = check_process(stored.handling_time_value, stored.handling_time_unit, times)
        after = check_process(value, unit, times)
        if after.refusable and not before.refusable:
            broken.append((process, after))
    return broken


def process_for(
    *, version: ProcedureVersion, province: str = "", agency: Agency | None = None
) -> InternalProcess | None:
    """The process that applies: the agency's own, else the province's, else an unplaced one."""
    processes = list(version.processes.all())
    chain = _ancestry(agency) if agency else []
    for candidate in chain:
        for process in processes:
            if process.agency_id == candidate.pk:
                return process
    for wanted in (province, ""):
        for process in processes:
            if process.agency_id is None and process.province == wanted:
                return process
    return None


def procedure_assignments(
    *, procedure: Procedure, on: date | None = None
) -> QuerySet[ProcedureAssignment]:
    day = on or timezone.localdate()
    return ProcedureAssignment.objects.filter(
        _in_force(day, "valid_from", "valid_to"), procedure=procedure, agency__is_active=True
    ).select_related("agency")


def procedure_delegations(
    *, procedure: Procedure, on: date | None = None
) -> QuerySet[ProcedureDelegation]:
    day = on or timezone.localdate()
    return ProcedureDelegation.objects.filter(
        _in_force(day, "valid_from", "valid_to"), procedure=procedure
    ).select_related("from_agency", "to_agency")


@dataclass(frozen=True)
class Handling:
    """Who handles a procedure: ``agency``; ``competent`` is the assigned one before delegation."""

    agency: Agency
    competent: Agency
    delegations: tuple[ProcedureDelegation, ...] = ()


def _ancestry(agency: Agency) -> list[Agency]:
    chain: list[Agency] = []
    current: Agency | None = agency
    while current is not None and current not in chain:
        chain.append(current)
        current = current.parent
    return chain


def _nearest(candidates: list[Agency], context: Agency | None, unit_code: str) -> Agency | None:
    """The candidate that is the context or its nearest ancestor, else serves its unit."""
    for ancestor in _ancestry(context) if context else []:
        if ancestor in candidates:
            return ancestor
    unit = unit_code or (context.unit_code if context else "")
    serving = [agency for agency in candidates if unit and agency.unit_code == unit]
    if len(serving) == 1:
        return serving[0]
    return candidates[0] if len(candidates) == 1 else None


def procedure_handler(
    *,
    procedure: Procedure,
    context: Agency | None = None,
    unit_code: str = "",
    on: date | None = None,
) -> Handling | None:
    """Which agency handles ``procedure`` for ``context`` (an agency) or ``unit_code`` on ``on``.

    The competent agency is the assigned agency that is ``context`` or its nearest
    ancestor, else the one serving the administrative unit, else the only one assigned
    (None when several are assigned and none matches). Delegations are then followed: a
    single delegation from an agency applies in every context; several (phân cấp to many
    communes) apply only to the one matching the context.
    """
    candidates = [a.agency for a in procedure_assignments(procedure=procedure, on=on)]
    competent = _nearest(candidates, context, unit_code)
    if competent is None:
        return None
    delegations = list(procedure_delegations(procedure=procedure, on=on))
    current, followed = competent, []
    for _hop in range(MAX_DELEGATION_HOPS):
        outgoing = [d for d in delegations if d.from_agency_id == current.pk and d not in followed]
        if len(outgoing) > 1:
            target = _nearest([d.to_agency for d in outgoing], context, unit_code)
            outgoing = [d for d in outgoing if target is not None and d.to_agency == target]
        if len(outgoing) != 1:
            break
        followed.append(outgoing[0])
        current = outgoing[0].to_agency
    return Handling(agency=current, competent=competent, delegations=tuple(followed))
