"""Administrative units over HTTP: a dated list with diacritic-free search, and one unit.

Public reference data (no token). Every answer is "as of" a date, today
(Asia/Ho_Chi_Minh) unless ``as_of`` says otherwise, because a code names different units
over time. Empty query parameters count as absent; anything else that is wrong is a 422
naming the field; a code with no unit is a 404 that says why.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import BaseModel, Field, field_validator, model_validator

from motcua.api.errors import ApiError
from motcua.geo.models import AdministrativeUnit, UnitLevel, UnitSuccession
from motcua.geo.selectors import (
    parents_by_code,
    search_units,
    successions_from,
    successions_into,
    today,
    unit_as_of,
    unit_versions,
)

router = Router(tags=["units"])

LevelName = Literal["province", "district", "commune"]
MAX_LIMIT = 200
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_VN_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_CODE = re.compile(r"^[0-9A-Za-z.]{1,10}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _parse_date(value: Any) -> Any:
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        match = _VN_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        pass
    raise ValueError(_("Phải là ngày dạng YYYY-MM-DD."))


class UnitParams(BaseModel):
    as_of: date | None = Field(
        None, description="Ngày xem (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay."
    )
    level: LevelName | None = Field(None, description="Cấp: province, district, commune.")

    @model_validator(mode="before")
    @classmethod
    def _empty_is_absent(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> Any:
        return _parse_date(value)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        text = str(value).strip().lower()
        if text not in UnitLevel.values:
            raise ValueError(_("Cấp phải là một trong: province, district, commune."))
        return text


class UnitListParams(UnitParams):
    q: str | None = Field(
        None, max_length=100, description="Tìm theo tên, không phân biệt dấu; hoặc đầu mã số."
    )
    parent: str | None = Field(None, max_length=10, description="Mã đơn vị cấp trên.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)

    @field_validator("q", "parent", mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        if isinstance(value, str) and _CONTROL.search(value):
            raise ValueError(_("Không được chứa ký tự điều khiển."))
        return value.strip() if isinstance(value, str) else value


class UnitRef(Schema):
    code: str
    level: str
    name: str
    kind: str
    valid_from: date | None
    valid_to: date | None


class UnitLink(UnitRef):
    change: str = Field(description="rename, retype, merge, split, transfer")
    change_name: str
    effective: date
    is_default: bool


class UnitOut(Schema):
    code: str
    level: str
    level_name: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    parent_name: str | None
    valid_from: date | None
    valid_to: date | None
    dataset: str


class UnitDetail(UnitOut):
    as_of: date
    parent: UnitRef | None
    predecessors: list[UnitLink]
    successors: list[UnitLink]
    versions: list[UnitRef] = Field(description="Mọi phiên bản cùng mã và cấp, cũ trước.")


class UnitPage(Schema):
    total: int
    limit: int
    offset: int
    as_of: date
    items: list[UnitOut]


def _ref(unit: AdministrativeUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "level": unit.level,
        "name": unit.name,
        "kind": unit.kind,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
    }


def _link(row: UnitSuccession, other: AdministrativeUnit) -> dict[str, Any]:
    return {
        **_ref(other),
        "change": row.kind,
        "change_name": str(UnitSuccession.Kind(row.kind).label),
        "effective": row.effective,
        "is_default": row.is_default,
    }


def _out(unit: AdministrativeUnit, parent: AdministrativeUnit | None) -> dict[str, Any]:
    return {
        **_ref(unit),
        "level_name": str(UnitLevel(unit.level).label),
        "short_name": unit.short_name,
        "parent_code": unit.parent_code,
        "parent_name": parent.name if parent else None,
        "dataset": unit.dataset,
    }


@router.get("", response=UnitPage, auth=None, summary="Danh sách đơn vị hành chính tại một ngày")
def list_units(request: HttpRequest, params: Query[UnitListParams]) -> dict[str, Any]:
    on = params.as_of or today()
    units = search_units(params.q, on=on, level=params.level, parent_code=params.parent)
    total = units.count()
    page = list(units[params.offset : params.offset + params.limit])
    parents = parents_by_code(page, on=on)
    return {
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
        "as_of": on,
        "items": [_out(u, parents.get(u.parent_code)) for u in page],
    }


def _not_found(code: str, on: date, level: str | None) -> ApiError:
    """A 404 that says whether the code is unknown, or known at another date or level."""
    versions = list(unit_versions(code)) if _CODE.match(code) else []
    if not versions:
        shown = _CONTROL.sub("", code)[:20] or "?"
        message = _("Không tìm thấy đơn vị hành chính mã %(code)s.") % {"code": shown}
        return ApiError(404, message, [{"field": "code", "message": message}])
    day = f"{on:%d/%m/%Y}"
    same_day = [v for v in versions if v.is_valid_on(on)]
    if level and same_day:
        message = _(
            "Vào ngày %(date)s, mã %(code)s không phải đơn vị cấp %(level)s mà là %(name)s."
        ) % {"date": day, "code": code, "level": UnitLevel(level).label, "name": same_day[0].name}
        return ApiError(404, message, [{"field": "level", "message": message}])
    known = "; ".join(f"{v.name} ({v.period})" for v in versions if not level or v.level == level)
    message = _(
        "Mã %(code)s không có đơn vị hành chính nào có hiệu lực vào ngày %(date)s. "
        "Các phiên bản đã ghi nhận: %(versions)s."
    ) % {"code": code, "date": day, "versions": known or "—"}
    return ApiError(404, message, [{"field": "as_of", "message": message}])


@router.get("/{code}", response=UnitDetail, auth=None, summary="Một đơn vị hành chính tại một ngày")
def get_unit(request: HttpRequest, code: str, params: Query[UnitParams]) -> dict[str, Any]:
    on = params.as_of or today()
    code = code.strip()
    unit = unit_as_of(code, on=on, level=params.level) if _CODE.match(code) else None
    if unit is None:
        raise _not_found(code, on, params.level)
    parent = parents_by_code([unit], on=on).get(unit.parent_code)
    return {
        **_out(unit, parent),
        "as_of": on,
        "parent": _ref(parent) if parent else None,
        "predecessors": [_link(r, r.predecessor) for r in successions_into(unit)],
        "successors": [_link(r, r.successor) for r in successions_from(unit)],
        "versions": [_ref(v) for v in unit_versions(unit.code, level=unit.level)],
    }
