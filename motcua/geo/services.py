"""Every write to administrative units: create, rename, re-type, move, merge, split.

History is never edited in place. A change closes the version in force
(``valid_to = effective``) and opens a new one (``valid_from = effective``), and a
``UnitSuccession`` row links them, so "the unit with code X on date D" keeps its answer
for every past date. Only the open version of a unit (no end date) can be changed, from a
date after it started; the rows being closed are locked first. Children are referenced by
code and are not touched: after a merge that retires a code, move them with
``unit_move``. Each function is keyword-only, typed and atomic; on success the instances
passed in read as closed (their ``valid_to`` is set) and the new versions are returned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.core.text import nfc
from motcua.geo.models import (
    CHILD_LEVELS,
    CODE_LENGTH,
    AdministrativeUnit,
    UnitLevel,
    UnitSuccession,
    unit_search_key,
    valid_on,
)

DATASET_MANUAL = "manual"
Kind = UnitSuccession.Kind


class UnitChangeError(ValueError):
    """A change that would break the units' history or rules; the message is for people."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewUnit:
    """A unit to open by a merge or a split; empty fields are taken from the old unit."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    parent_code: str | None = None
    is_default: bool = False


def _short(name: str, kind: str, short_name: str) -> str:
    if short_name:
        return nfc(short_name)
    return name[len(kind) + 1 :] if name.startswith(kind + " ") else name


def _check_text(name: str, kind: str, short_name: str) -> None:
    if not name or len(name) > 200:
        raise UnitChangeError(_("Tên đơn vị phải có từ 1 đến 200 ký tự."), "name")
    if not kind or len(kind) > 40:
        raise UnitChangeError(_("Loại đơn vị phải có từ 1 đến 40 ký tự."), "kind")
    if len(short_name) > 150:
        raise UnitChangeError(_("Tên ngắn tối đa 150 ký tự."), "short_name")


def _check_code(level: str, code: str) -> None:
    if level not in UnitLevel.values:
        raise UnitChangeError(_("Cấp đơn vị không hợp lệ."), "level")
    length = CODE_LENGTH[UnitLevel(level)]
    if not (code.isascii() and code.isdigit() and len(code) == length):
        raise UnitChangeError(
            _("Mã đơn vị %(level)s phải gồm đúng %(length)d chữ số.")
            % {"level": UnitLevel(level).label, "length": length},
            "code",
        )


def _check_free(level: str, code: str, start: date | None, closing: Sequence[int] = ()) -> None:
    """No other version of ``(level, code)`` may be in force on or after ``start``."""
    later = Q() if start is None else Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    clash = (
        AdministrativeUnit.objects.filter(level=level, code=code)
        .filter(later)
        .exclude(pk__in=closing)
        .first()
    )
    if clash is not None:
        raise UnitChangeError(
            _("Mã %(code)s đang dùng cho %(name)s (%(period)s).")
            % {"code": code, "name": clash.name, "period": clash.period},
            "code",
        )


def _check_parent(level: str, parent_code: str, on: date | None) -> None:
    parent_levels = [lvl for lvl, children in CHILD_LEVELS.items() if level in children]
    if not parent_levels:
        if parent_code:
            raise UnitChangeError(_("Tỉnh, thành phố không có đơn vị cấp trên."), "parent_code")
        return
    parents = AdministrativeUnit.objects.filter(code=parent_code, level__in=parent_levels)
    if on is not None:
        parents = parents.filter(valid_on(on))
    if not parent_code or not parents.exists():
        raise UnitChangeError(
            _("Không có đơn vị cấp trên mã %(code)s có hiệu lực vào ngày %(date)s.")
            % {"code": parent_code or "—", "date": f"{on:%d/%m/%Y}" if on else "—"},
            "parent_code",
        )


def _lock_open(unit: AdministrativeUnit, effective: date) -> AdministrativeUnit:
    """Re-read ``unit`` under a row lock and check it can be closed on ``effective``."""
    locked = AdministrativeUnit.objects.select_for_update().get(pk=unit.pk)
    if locked.valid_to is not None:
        raise UnitChangeError(
            _("%(name)s đã hết hiệu lực từ %(date)s; chỉ thay đổi được phiên bản đang có hiệu lực.")
            % {"name": locked.name, "date": f"{locked.valid_to:%d/%m/%Y}"},
            "unit",
        )
    if locked.valid_from is not None and effective <= locked.valid_from:
        raise UnitChangeError(
            _("Ngày hiệu lực phải sau ngày bắt đầu của phiên bản hiện tại (%(date)s).")
            % {"date": f"{locked.valid_from:%d/%m/%Y}"},
            "effective",
        )
    return locked


def _open(
    *,
    level: str,
    code: str,
    name: str,
    kind: str,
    short_name: str,
    parent_code: str,
    valid_from: date | None,
    dataset: str = DATASET_MANUAL,
) -> AdministrativeUnit:
    name, kind = nfc(name), nfc(kind)
    short_name = _short(name, kind, short_name)
    _check_text(name, kind, short_name)
    return AdministrativeUnit.objects.create(
        level=level,
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent_code=parent_code,
        valid_from=valid_from,
        dataset=dataset,
        search_key=unit_search_key(name),
    )


def _close(unit: AdministrativeUnit, effective: date) -> AdministrativeUnit:
    """Lock ``unit`` and end it on ``effective``."""
    old = _lock_open(unit, effective)
    old.valid_to = effective
    old.save(update_fields=["valid_to"])
    return old


def _link(
    old: AdministrativeUnit,
    new: AdministrativeUnit,
    *,
    change: str,
    basis: str,
    effective: date,
    is_default: bool = True,
) -> None:
    UnitSuccession.objects.create(
        predecessor=old,
        successor=new,
        kind=change,
        effective=effective,
        is_default=is_default,
        basis=nfc(basis)[:200],
    )


def _replace(
    unit: AdministrativeUnit, *, effective: date, change: str, basis: str, **fields: str
) -> AdministrativeUnit:
    """Close ``unit`` on ``effective`` and open a copy with ``fields`` changed."""
    old = _close(unit, effective)
    values = {
        "level": old.level,
        "code": old.code,
        "name": old.name,
        "kind": old.kind,
        "short_name": old.short_name,
        "parent_code": old.parent_code,
        **fields,
    }
    _check_free(old.level, old.code, effective, [old.pk])
    new = _open(**values, valid_from=effective)
    _link(old, new, change=change, basis=basis, effective=effective)
    unit.valid_to = effective  # the caller's instance now reads as closed too
    return new


@transaction.atomic
def unit_create(
    *,
    level: str,
    code: str,
    name: str,
    kind: str,
    parent_code: str = "",
    short_name: str = "",
    valid_from: date | None = None,
    dataset: str = DATASET_MANUAL,
) -> AdministrativeUnit:
    """Record a unit that has no predecessor (a newly established one)."""
    code, parent_code = code.strip(), parent_code.strip()
    _check_code(level, code)
    _check_free(level, code, valid_from)
    _check_parent(level, parent_code, valid_from)
    return _open(
        level=level,
        code=code,
        name=name,
        kind=kind,
        short_name=short_name,
        parent_code=parent_code,
        valid_from=valid_from,
        dataset=dataset,
    )


@transaction.atomic
def unit_rename(
    *, unit: AdministrativeUnit, name: str, effective: date, short_name: str = "", basis: str = ""
) -> AdministrativeUnit:
    """Give ``unit`` a new name from ``effective``; returns the new version."""
    name = nfc(name)
    if name == unit.name:
        raise UnitChangeError(_("Tên mới trùng với tên hiện tại."), "name")
    short = _short(name, unit.kind, short_name)
    return _replace(
        unit, effective=effective, change=Kind.RENAME, basis=basis, name=name, short_name=short
    )


@transaction.atomic
def unit_retype(
    *,
    unit: AdministrativeUnit,
    kind: str,
    effective: date,
    name: str = "",
    short_name: str = "",
    basis: str = "",
) -> AdministrativeUnit:
    """Change the kind of ``unit`` (Tỉnh → Thành phố, Xã → Phường…) from ``effective``.

    Without ``name`` the new name is the new kind followed by the short name.
    """
    kind = nfc(kind)
    if kind == unit.kind:
        raise UnitChangeError(_("Loại mới trùng với loại hiện tại."), "kind")
    short = nfc(short_name) or unit.short_name
    return _replace(
        unit,
        effective=effective,
        change=Kind.RETYPE,
        basis=basis,
        kind=kind,
        name=nfc(name) or f"{kind} {short}",
        short_name=short,
    )


@transaction.atomic
def unit_move(
    *, unit: AdministrativeUnit, parent_code: str, effective: date, basis: str = ""
) -> AdministrativeUnit:
    """Put ``unit`` under another parent from ``effective`` (after its parent was merged)."""
    parent_code = parent_code.strip()
    if parent_code == unit.parent_code:
        raise UnitChangeError(_("Đơn vị cấp trên mới trùng với đơn vị hiện tại."), "parent_code")
    _check_parent(unit.level, parent_code, effective)
    return _replace(
        unit, effective=effective, change=Kind.TRANSFER, basis=basis, parent_code=parent_code
    )


def _open_part(
    part: NewUnit, *, level: str, parent_code: str, effective: date, closing: Sequence[int]
) -> AdministrativeUnit:
    """Check and open one unit of a merge or split (``parent_code`` unless it says otherwise)."""
    code = part.code.strip()
    parent = (part.parent_code if part.parent_code is not None else parent_code).strip()
    _check_code(level, code)
    _check_free(level, code, effective, closing)
    _check_parent(level, parent, effective)
    return _open(
        level=level,
        code=code,
        name=part.name,
        kind=part.kind,
        short_name=part.short_name,
        parent_code=parent,
        valid_from=effective,
    )


@transaction.atomic
def units_merge(
    *,
    units: Sequence[AdministrativeUnit],
    into: NewUnit,
    effective: date,
    basis: str = "",
) -> AdministrativeUnit:
    """Merge ``units`` (same level) into one new unit from ``effective``.

    ``into.code`` may reuse the code of one of the merged units. Without
    ``into.parent_code`` the new unit sits under the first unit's parent.
    """
    if len({u.pk for u in units}) < 2:
        raise UnitChangeError(_("Cần ít nhất hai đơn vị để sáp nhập."), "units")
    levels = {u.level for u in units}
    if len(levels) != 1:
        raise UnitChangeError(_("Chỉ sáp nhập được các đơn vị cùng cấp."), "units")
    level = levels.pop()
    olds = [_close(u, effective) for u in sorted(units, key=lambda u: u.pk)]
    closing = [old.pk for old in olds]
    new = _open_part(
        into, level=level, parent_code=units[0].parent_code, effective=effective, closing=closing
    )
    for old in olds:
        _link(old, new, change=Kind.MERGE, basis=basis, effective=effective)
    for unit in units:
        unit.valid_to = effective
    return new


@transaction.atomic
def unit_split(
    *,
    unit: AdministrativeUnit,
    into: Sequence[NewUnit],
    effective: date,
    basis: str = "",
) -> list[AdministrativeUnit]:
    """Split ``unit`` into several new units from ``effective``.

    Exactly one part is the default successor (the one that keeps the main part); if no
    part says so, the first one is. A part may reuse the old code.
    """
    if len(into) < 2:
        raise UnitChangeError(_("Cần ít nhất hai đơn vị mới để chia tách."), "into")
    if len({p.code for p in into}) != len(into):
        raise UnitChangeError(_("Các đơn vị mới phải có mã khác nhau."), "into")
    defaults = [p for p in into if p.is_default]
    if len(defaults) > 1:
        raise UnitChangeError(_("Chỉ một đơn vị mới được là đơn vị kế thừa mặc định."), "into")
    default = defaults[0] if defaults else into[0]
    old = _close(unit, effective)
    created = []
    for part in into:
        new = _open_part(
            part,
            level=old.level,
            parent_code=old.parent_code,
            effective=effective,
            closing=[old.pk],
        )
        _link(
            old,
            new,
            change=Kind.SPLIT,
            basis=basis,
            effective=effective,
            is_default=part is default,
        )
        created.append(new)
    unit.valid_to = effective
    return created
