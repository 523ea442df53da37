"""The public JSON of the catalogue, in the exchange format that import reads.

Exporting and re-importing gives the same content digests, so an export is also a
backup. Empty text is written as null (the source did not say); extra keys beyond the
sample's (version, dates, channels, flags, every province's process) are for readers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F

from motcua.catalog.models import (
    InternalProcess,
    LegalBasis,
    ProcedureVersion,
    ProcessStep,
    TimeUnit,
)
from motcua.catalog.selectors import versions_in_force, with_content
from motcua.catalog.timing import HOURS_PER_WORKING_DAY


def number(value: Decimal | None) -> int | float | None:
    """A JSON number: integral values as int, others as float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _or_null(text: str) -> str | None:
    return text or None


def step_time(step: ProcessStep) -> dict[str, Any]:
    """A step's time in the unit the source used."""
    unit = step.source_unit
    if step.clock_hours is not None:
        value, unit = step.clock_hours, unit or TimeUnit.HOUR
    elif step.working_days is not None and unit == TimeUnit.WORKING_HOUR:
        value = step.working_days * HOURS_PER_WORKING_DAY
    elif step.working_days is not None:
        value, unit = step.working_days, unit or TimeUnit.WORKING_DAY
    else:
        value, unit = None, ""
    return {"value": number(value), "unit": unit or None, "raw": _or_null(step.time_raw)}


def _steps(process: InternalProcess) -> list[dict[str, Any]]:
    return [
        {"step": s.label, "actor": s.actor, "time": step_time(s), "role": _or_null(s.role)}
        for s in process.steps.all()
    ]


def process_record(process: InternalProcess) -> dict[str, Any]:
    return {
        "province": _or_null(process.province),
        "agency": process.agency.e_identifier if process.agency else None,
        "published_in": _or_null(process.published_in),
        "check": {
            "status": process.check_status,
            "total": number(process.check_total),
            "scale": _or_null(process.check_scale),
            "discrepancy": number(process.check_discrepancy),
            "message": process.check_message,
        },
        "steps": _steps(process),
    }


def _legal(basis: LegalBasis) -> str | dict[str, Any]:
    if not (basis.title or basis.issued_on or basis.issuer):
        return basis.reference
    return {
        "reference": basis.reference,
        "title": _or_null(basis.title),
        "issued_on": basis.issued_on.isoformat() if basis.issued_on else None,
        "issuer": _or_null(basis.issuer),
    }


def _main_process(version: ProcedureVersion, province: str | None) -> InternalProcess | None:
    processes = list(version.processes.all())
    wanted = [p for p in processes if p.agency_id is None and p.province == (province or "")]
    if wanted:
        return wanted[0]
    return processes[0] if province is None and len(processes) == 1 else None


def _components(version: ProcedureVersion) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "original_or_copy": _or_null(c.original_or_copy),
            "count": c.count,
            "required": c.required,
            "reusable": c.reusable,
            "template": c.template.url if c.template else None,
        }
        for c in version.components.all()
    ]


def _channels(version: ProcedureVersion) -> list[dict[str, Any]]:
    return [
        {
            "kind": c.kind,
            "handling_time": {
                "value": number(c.handling_time_value),
                "unit": _or_null(c.handling_time_unit),
            },
            "fee_vnd": c.fee_vnd,
            "description": _or_null(c.description),
        }
        for c in version.channels.all()
    ]


def version_record(version: ProcedureVersion, *, province: str | None = None) -> dict[str, Any]:
    """One version as an exchange-format record; ``internal_steps`` are ``province``'s."""
    main = _main_process(version, province)
    return {
        "code": version.procedure.code,
        "name": version.name,
        "field": version.field.name,
        "level": version.level,
        "processing_time": {
            "value": number(version.handling_time_value),
            "unit": _or_null(version.handling_time_unit),
            "note": _or_null(version.handling_time_note),
        },
        "fee_vnd": version.fee_vnd,
        "fee_note": _or_null(version.fee_note),
        "online_level": _or_null(version.online_level),
        "components": _components(version),
        "result": _or_null(version.result),
        "internal_steps": _steps(main) if main else [],
        "legal_basis": [_legal(b) for b in version.legal_basis.all()],
        "sources": list(version.sources),
        "verified": version.verified,
        "published_in": _or_null(version.published_in),
        "notes": _or_null(version.notes),
        "version": version.number,
        "effective_from": _iso(version.effective_from),
        "effective_to": _iso(version.effective_to),
        "subjects": list(version.subjects),
        "channels": _channels(version),
        "online_only": version.online_only,
        "same_day": version.same_day,
        "cutoff": version.cutoff.strftime("%H:%M") if version.cutoff else None,
        "cutoff_before_closing_minutes": version.cutoff_before_closing,
        "conditions": _or_null(version.conditions),
        "steps_text": _or_null(version.steps_text),
        "competent_agency": _or_null(version.competent_agency),
        "internal_processes": [process_record(p) for p in version.processes.all()],
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def procedures_export(
    *, on: date | None = None, province: str | None = None
) -> list[dict[str, Any]]:
    """Every version in force on ``on`` (today by default) as exchange-format records."""
    versions = with_content(versions_in_force(on=on)).order_by(
        F("procedure__code").asc(nulls_last=True), "name", "pk"
    )
    return [version_record(v, province=province) for v in versions]
