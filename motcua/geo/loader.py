"""Write the 2025 reorganisation (read by ``motcua.geo.sources``) into the database.

Idempotent by construction: rows are matched on their version key ``(level, code,
valid_from)``. A missing row is inserted; a row that still carries the dataset's end date
but whose text differs is refreshed (a corrected name in a newer package); a row whose
end date changed since it was loaded (closed by a rename, merge… through
``motcua.geo.services``) is left alone, so a re-run never undoes recorded history.
Successions are inserted when missing. All of it runs in one transaction: an interrupted
load leaves nothing half-written. Inserts are batched (``bulk_create``).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from motcua.geo.models import AdministrativeUnit, UnitSuccession, unit_search_key
from motcua.geo.sources import Key, ProvinceGroup, UnitRow, reorganisation_2025

BATCH_SIZE = 500
TEXT_FIELDS = ("name", "short_name", "kind", "parent_code", "dataset", "search_key")


class UnknownProvinceError(ValueError):
    """The code is not one of the current (34) provinces."""


@dataclass
class LoadReport:
    """What a load did, for the command's output and for callers that want to check."""

    provinces: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # changed since through the services; left as they are
    successions_created: int = 0
    successions_unchanged: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.successions_created)


def province_codes() -> list[str]:
    """Codes of the current provinces, the values ``load_units(provinces=…)`` accepts."""
    return list(reorganisation_2025())


def load_units(*, provinces: Collection[str] | None = None, progress: bool = False) -> LoadReport:
    """Load the current and legacy units with their successions.

    ``provinces`` limits the load to those current provinces (2-digit codes, ``"1"`` is
    read as ``"01"``), each with the old provinces merged into it and their districts
    and communes; ``None`` loads the whole country. ``progress`` shows a progress bar on
    standard error.
    """
    started = time.perf_counter()
    groups = _select(provinces)
    report = LoadReport(provinces=[g.code for g in groups])
    with transaction.atomic():
        for group in tqdm(groups, disable=not progress, unit=" tỉnh", desc=_("Nạp đơn vị")):
            ids = _write_units(group, report)
            _write_successions(group, ids, report)
    report.seconds = time.perf_counter() - started
    return report


def _select(provinces: Collection[str] | None) -> list[ProvinceGroup]:
    groups = reorganisation_2025()
    if provinces is None:
        return list(groups.values())
    wanted = [code.strip().zfill(2) for code in provinces]
    unknown = [code for code in wanted if code not in groups]
    if unknown:
        raise UnknownProvinceError(
            _("Không có tỉnh, thành phố mã %(codes)s trong danh sách 34 tỉnh, thành phố hiện hành.")
            % {"codes": ", ".join(unknown)}
        )
    return [groups[code] for code in dict.fromkeys(wanted)]


def _wanted_fields(row: UnitRow) -> dict[str, str]:
    return {
        "name": row.name,
        "short_name": row.short_name,
        "kind": row.kind,
        "parent_code": row.parent_code,
        "dataset": row.dataset,
        "search_key": unit_search_key(row.name),
    }


def _new_unit(row: UnitRow) -> AdministrativeUnit:
    return AdministrativeUnit(
        level=row.level,
        code=row.code,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        **_wanted_fields(row),
    )


def _write_units(group: ProvinceGroup, report: LoadReport) -> dict[Key, int]:
    """Insert or refresh the group's units; return the database id of every version key."""
    codes = {row.code for row in group.units.values()}
    existing = {
        (u.level, u.code, u.valid_from): u
        for u in AdministrativeUnit.objects.filter(code__in=codes)
    }
    to_create: list[AdministrativeUnit] = []
    to_update: list[AdministrativeUnit] = []
    for key, row in group.units.items():
        unit = existing.get(key)
        if unit is None:
            to_create.append(_new_unit(row))
        elif unit.valid_to != row.valid_to:
            report.kept += 1
        elif all(getattr(unit, name) == value for name, value in _wanted_fields(row).items()):
            report.unchanged += 1
        else:
            for name, value in _wanted_fields(row).items():
                setattr(unit, name, value)
            to_update.append(unit)
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    AdministrativeUnit.objects.bulk_update(to_update, TEXT_FIELDS, batch_size=BATCH_SIZE)
    report.created += len(to_create)
    report.updated += len(to_update)
    if any(unit.pk is None for unit in to_create):  # a backend that returns no ids
        existing = {
            (u.level, u.code, u.valid_from): u
            for u in AdministrativeUnit.objects.filter(code__in=codes)
        }
    else:
        existing.update({(u.level, u.code, u.valid_from): u for u in to_create})
    return {key: existing[key].pk for key in group.units}


def _write_successions(group: ProvinceGroup, ids: dict[Key, int], report: LoadReport) -> None:
    wanted = {(ids[s.predecessor], ids[s.successor]): s for s in group.successions}
    present = set(
        UnitSuccession.objects.filter(predecessor_id__in={pair[0] for pair in wanted}).values_list(
            "predecessor_id", "successor_id"
        )
    )
    missing = [
        UnitSuccession(
            predecessor_id=pair[0],
            successor_id=pair[1],
            kind=row.kind,
            effective=row.effective,
            is_default=row.is_default,
            basis=row.basis,
        )
        for pair, row in wanted.items()
        if pair not in present
    ]
    UnitSuccession.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    report.successions_created += len(missing)
    report.successions_unchanged += len(wanted) - len(missing)
