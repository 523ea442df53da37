"""Public API of the procedure catalogue: search and full detail of what is in force.

Public (no token): the catalogue is published information (DOMAIN §3). Search ignores
diacritics and đ/Đ and matches every word in any order; detail carries every public
field, the internal processes with their sum check, and the agencies that perform it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.params import P, PathEx
from pydantic import Field

from motcua.api.errors import ApiError
from motcua.catalog.exporting import number, step_time
from motcua.catalog.models import (
    CODE_PATTERN,
    CheckStatus,
    InternalProcess,
    Level,
    OnlineLevel,
    ProcedureVersion,
)
from motcua.catalog.selectors import (
    procedure_assignments,
    procedure_delegations,
    procedure_search,
    procedure_version_by_code,
    procedure_version_by_id,
    process_check,
)

router = Router(tags=["procedures"])

MAX_LIMIT = 100
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Number = int | float | None


class ProcedureQuery(Schema):
    q: str = Field(
        "", max_length=200, pattern=PRINTABLE, description="Từ khóa, không dấu cũng được"
    )
    field: str = Field("", max_length=250, pattern=PRINTABLE, description="Tên hoặc mã lĩnh vực")
    level: Level | None = None
    online_level: OnlineLevel | None = None
    on: date | None = Field(None, description="Ngày xét hiệu lực (mặc định hôm nay)")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=1_000_000)


class TimeOut(Schema):
    value: Number
    unit: str | None
    unit_label: str | None
    note: str | None = None


class FieldOut(Schema):
    name: str
    code: str | None


class ProcedureItem(Schema):
    id: int
    code: str | None
    name: str
    field: FieldOut
    level: str
    level_label: str
    online_level: str | None
    online_level_label: str | None
    handling_time: TimeOut
    fee_vnd: int | None
    version: int
    effective_from: date | None
    effective_to: date | None
    verified: bool


class ProcedurePage(Schema):
    total: int
    limit: int
    offset: int
    items: list[ProcedureItem]


class ChannelOut(Schema):
    kind: str
    kind_label: str
    handling_time: TimeOut
    fee_vnd: int | None
    description: str | None


class ComponentOut(Schema):
    name: str
    template: str | None
    original_or_copy: str | None
    original_or_copy_label: str | None
    count: int | None
    required: bool | None
    reusable: bool


class LegalOut(Schema):
    reference: str
    title: str | None
    issued_on: date | None
    issuer: str | None


class StepOut(Schema):
    step: str
    actor: str
    role: str | None
    working_days: Number
    clock_hours: Number
    time: dict[str, Any]


class ProcessOut(Schema):
    province: str | None
    agency: str | None
    published_in: str | None
    status: str
    status_label: str
    scale: str | None
    total: Number
    target: Number
    discrepancy: Number
    unknown_steps: int
    message: str
    note: str | None
    steps: list[StepOut]


class AgencyOut(Schema):
    e_identifier: str
    name: str
    valid_from: date | None
    valid_to: date | None


class DelegationOut(Schema):
    kind: str
    kind_label: str
    from_agency: str
    to_agency: str
    to_agency_name: str
    valid_from: date
    valid_to: date | None
    basis: str | None


class VersionRef(Schema):
    number: int
    effective_from: date | None
    effective_to: date | None
    locked: bool


class ProcedureDetail(ProcedureItem):
    subjects: list[str]
    same_day: bool | None
    cutoff: str | None
    cutoff_before_closing_minutes: int | None
    fee_note: str | None
    online_only: bool | None
    channels: list[ChannelOut]
    components: list[ComponentOut]
    result: str | None
    conditions: str | None
    steps_text: str | None
    competent_agency: str | None
    legal_basis: list[LegalOut]
    internal_processes: list[ProcessOut]
    agencies: list[AgencyOut]
    delegations: list[DelegationOut]
    sources: list[str]
    published_in: str | None
    notes: str | None
    versions: list[VersionRef]


def _text(value: str) -> str | None:
    return value or None


def _time(value: Any, unit: str, label: str, note: str = "") -> dict[str, Any]:
    return {
        "value": number(value),
        "unit": unit or None,
        "unit_label": label or None,
        "note": note or None,
    }


def _item(version: ProcedureVersion) -> dict[str, Any]:
    return {
        "id": version.procedure_id,
        "code": version.procedure.code,
        "name": version.name,
        "field": {"name": version.field.name, "code": _text(version.field.code)},
        "level": version.level,
        "level_label": version.get_level_display(),
        "online_level": _text(version.online_level),
        "online_level_label": _text(version.get_online_level_display()),
        "handling_time": _time(
            version.handling_time_value,
            version.handling_time_unit,
            version.get_handling_time_unit_display(),
            version.handling_time_note,
        ),
        "fee_vnd": version.fee_vnd,
        "version": version.number,
        "effective_from": version.effective_from,
        "effective_to": version.effective_to,
        "verified": version.verified,
    }


def _process(process: InternalProcess) -> dict[str, Any]:
    check = process_check(process=process)
    return {
        "province": _text(process.province),
        "agency": process.agency.e_identifier if process.agency else None,
        "published_in": _text(process.published_in),
        "status": check.status,
        "status_label": str(CheckStatus(check.status).label),
        "scale": check.scale,
        "total": number(check.total),
        "target": number(check.target),
        "discrepancy": number(check.discrepancy),
        "unknown_steps": check.unknown_steps,
        "message": check.message,
        "note": _text(process.import_note),
        "steps": [
            {
                "step": s.label,
                "actor": s.actor,
                "role": _text(s.role),
                "working_days": number(s.working_days),
                "clock_hours": number(s.clock_hours),
                "time": step_time(s),
            }
            for s in process.steps.all()
        ],
    }


def _content(version: ProcedureVersion) -> dict[str, Any]:
    return {
        "channels": [
            {
                "kind": c.kind,
                "kind_label": c.get_kind_display(),
                "handling_time": _time(
                    c.handling_time_value, c.handling_time_unit, c.get_handling_time_unit_display()
                ),
                "fee_vnd": c.fee_vnd,
                "description": _text(c.description),
            }
            for c in version.channels.all()
        ],
        "components": [
            {
                "name": c.name,
                "template": c.template.url if c.template else None,
                "original_or_copy": _text(c.original_or_copy),
                "original_or_copy_label": _text(c.get_original_or_copy_display()),
                "count": c.count,
                "required": c.required,
                "reusable": c.reusable,
            }
            for c in version.components.all()
        ],
        "legal_basis": [
            {
                "reference": b.reference,
                "title": _text(b.title),
                "issued_on": b.issued_on,
                "issuer": _text(b.issuer),
            }
            for b in version.legal_basis.all()
        ],
        "internal_processes": [_process(p) for p in version.processes.all()],
    }


def _who(version: ProcedureVersion, on: date | None) -> dict[str, Any]:
    procedure = version.procedure
    return {
        "agencies": [
            {
                "e_identifier": a.agency.e_identifier,
                "name": a.agency.name,
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
            }
            for a in procedure_assignments(procedure=procedure, on=on)
        ],
        "delegations": [
            {
                "kind": d.kind,
                "kind_label": d.get_kind_display(),
                "from_agency": d.from_agency.e_identifier,
                "to_agency": d.to_agency.e_identifier,
                "to_agency_name": d.to_agency.name,
                "valid_from": d.valid_from,
                "valid_to": d.valid_to,
                "basis": _text(d.basis),
            }
            for d in procedure_delegations(procedure=procedure, on=on)
        ],
        "versions": [
            {
                "number": v.number,
                "effective_from": v.effective_from,
                "effective_to": v.effective_to,
                "locked": v.is_locked,
            }
            for v in procedure.versions.order_by("number")
        ],
    }


def _detail(version: ProcedureVersion, on: date | None) -> dict[str, Any]:
    return {
        **_item(version),
        **_content(version),
        **_who(version, on),
        "subjects": list(version.subjects),
        "same_day": version.same_day,
        "cutoff": version.cutoff.strftime("%H:%M") if version.cutoff else None,
        "cutoff_before_closing_minutes": version.cutoff_before_closing,
        "fee_note": _text(version.fee_note),
        "online_only": version.online_only,
        "result": _text(version.result),
        "conditions": _text(version.conditions),
        "steps_text": _text(version.steps_text),
        "competent_agency": _text(version.competent_agency),
        "sources": list(version.sources),
        "published_in": _text(version.published_in),
        "notes": _text(version.notes),
    }


@router.get("", response=ProcedurePage, auth=None, summary="Tra cứu thủ tục hành chính")
def procedure_list(request: HttpRequest, filters: Query[ProcedureQuery]) -> dict[str, Any]:
    versions = procedure_search(
        q=filters.q,
        field=filters.field,
        level=filters.level or "",
        online_level=filters.online_level or "",
        on=filters.on,
    )
    page = versions[filters.offset : filters.offset + filters.limit]
    return {
        "total": versions.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_item(v) for v in page],
    }


def _not_found(field: str, value: object) -> ApiError:
    message = _("Không tìm thấy thủ tục hành chính %s có hiệu lực.") % value
    return ApiError(404, message, [{"field": field, "message": message}])


@router.get(
    "/by-id/{procedure_id}",
    response=ProcedureDetail,
    auth=None,
    summary="Chi tiết thủ tục (kể cả thủ tục chưa có mã)",
)
def procedure_detail_by_id(
    request: HttpRequest, procedure_id: PathEx[int, P(ge=1, le=2**63 - 1)], on: date | None = None
) -> dict[str, Any]:
    version = procedure_version_by_id(procedure_id=procedure_id, on=on)
    if version is None:
        raise _not_found("procedure_id", procedure_id)
    return _detail(version, on)


@router.get("/{code}", response=ProcedureDetail, auth=None, summary="Chi tiết thủ tục hành chính")
def procedure_detail(
    request: HttpRequest,
    code: PathEx[str, P(pattern=CODE_PATTERN, max_length=20)],
    on: date | None = None,
) -> dict[str, Any]:
    """The version in force on ``on`` (today by default) with everything published."""
    version = procedure_version_by_code(code=code, on=on)
    if version is None:
        raise _not_found("code", code)
    return _detail(version, on)
