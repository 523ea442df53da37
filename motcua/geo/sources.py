"""The 2025 reorganisation as published by the ``vietnamadminunits`` package (MIT licence).

The package ships the 63-province legacy list and the 34-province list in one SQLite file
(``data/dataset.db``: tables ``admin_units_legacy`` and ``admin_units``) and the old→new
mapping in ``data/converter_2025.json``, keyed by name keys such as
``thanhphohanoi_quanbadinh_phuongtrucbach``. This module reads those files from the
installed package without importing it (importing would load its address parser) and
turns them into plain rows, one group per current province: the province, its communes,
the old provinces merged into it with their districts and communes, and the successions.
It touches no database of ours; ``motcua.geo.loader`` writes the rows.

Dating rules (two-level local government from 1/7/2025): legacy districts and communes
end on 1/7/2025 and new communes start then; a province whose code, name and kind are
unchanged and that absorbed no other stays one open version; every other old province
ends and the new one starts. Legacy rows have an open start: the dataset does not say
when each unit was created.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from motcua.core.text import nfc

REORGANISATION_DATE = date(2025, 7, 1)
DATASET_LEGACY = "vn63-pre2025"
DATASET_CURRENT = "vn34-2025"
PROVINCE_BASIS = "Nghị quyết 202/2025/QH15"
COMMUNE_BASIS = "Nghị quyết của UBTVQH về sắp xếp đơn vị hành chính cấp xã năm 2025"

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
MERGE, SPLIT, RENAME, RETYPE = "merge", "split", "rename", "retype"

# Unit kinds, longest first where one is a prefix of another's first word.
KINDS = ("Thành phố", "Tỉnh", "Thị xã", "Thị trấn", "Quận", "Huyện", "Phường", "Xã", "Đặc khu")
_DISAMBIGUATION = re.compile(r"\s*\((?:" + "|".join(KINDS) + r")\)$", re.IGNORECASE)

Key = tuple[str, str, date | None]  # (level, code, valid_from): one version


@dataclass(frozen=True)
class UnitRow:
    level: str
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    valid_from: date | None
    valid_to: date | None
    dataset: str

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_from)


@dataclass(frozen=True)
class SuccessionRow:
    predecessor: Key
    successor: Key
    kind: str
    is_default: bool
    basis: str
    effective: date = REORGANISATION_DATE


@dataclass
class ProvinceGroup:
    """Everything that belongs to one current province, old and new."""

    code: str
    name: str
    units: dict[Key, UnitRow] = field(default_factory=dict)
    successions: list[SuccessionRow] = field(default_factory=list)

    def add(self, row: UnitRow) -> None:
        self.units.setdefault(row.key, row)


def package_data_dir() -> Path:
    """The ``data`` folder of the installed ``vietnamadminunits`` package."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("vietnamadminunits is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def split_name(name: str, short_name: str, kind_hint: str | None) -> tuple[str, str, str]:
    """Return ``(name, short_name, kind)`` with the kind read from the name.

    The dataset's type column and name occasionally disagree (``Thị trấn Ngọc Lặc`` typed
    ``Xã``); the official full name wins. Capitalisation of the kind is normalised
    (``Thành Phố`` → ``Thành phố``) and disambiguation suffixes such as
    ``Yên Viên (Thị trấn)`` are dropped from the short name.
    """
    name = nfc(name)
    kind = nfc(kind_hint or "")
    for candidate in KINDS:
        if name.casefold().startswith(candidate.casefold() + " "):
            kind, name = candidate, candidate + name[len(candidate) :]
            break
    return name, _DISAMBIGUATION.sub("", nfc(short_name)), kind


def _rows(connection: sqlite3.Connection, sql: str) -> Iterator[dict[str, Any]]:
    cursor = connection.execute(sql)
    columns = [c[0] for c in cursor.description]
    for values in cursor:
        yield dict(zip(columns, values, strict=True))


def _read_tables(data_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    uri = (data_dir / "dataset.db").resolve().as_uri() + "?mode=ro"
    connection = sqlite3.connect(uri, uri=True)
    try:
        current = list(
            _rows(
                connection,
                "SELECT province, provinceShort, provinceCode, provinceKey, ward, wardShort,"
                " wardType, wardCode, wardKey FROM admin_units ORDER BY wardCode",
            )
        )
        legacy = list(
            _rows(
                connection,
                "SELECT province, provinceShort, provinceCode, provinceKey, district,"
                " districtShort, districtType, districtCode, districtKey, ward, wardShort,"
                " wardType, wardCode, wardKey FROM admin_units_legacy ORDER BY districtCode,"
                " wardCode",
            )
        )
    finally:
        connection.close()
    return current, legacy


def _unit(
    level: str,
    code: str,
    names: tuple[str, str, str],
    *,
    parent_code: str = "",
    start: date | None = None,
    end: date | None = None,
) -> UnitRow:
    """A row; those that end with the reorganisation belong to the legacy dataset."""
    name, short_name, kind = names
    return UnitRow(
        level=level,
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent_code=parent_code,
        valid_from=start,
        valid_to=end,
        dataset=DATASET_LEGACY if end == REORGANISATION_DATE else DATASET_CURRENT,
    )


def _province_row(row: dict[str, Any], *, start: date | None, end: date | None) -> UnitRow:
    names = split_name(row["province"], row["provinceShort"], None)
    return _unit(PROVINCE, row["provinceCode"], names, start=start, end=end)


def _legacy_rows(row: dict[str, Any]) -> tuple[UnitRow, UnitRow | None]:
    """The district and (if any: island districts have none) the commune of a legacy row."""
    names = split_name(row["district"], row["districtShort"], row["districtType"])
    district = _unit(
        DISTRICT,
        row["districtCode"],
        names,
        parent_code=row["provinceCode"],
        end=REORGANISATION_DATE,
    )
    if not row["wardCode"]:
        return district, None
    names = split_name(row["ward"], row["wardShort"], row["wardType"])
    commune = _unit(
        COMMUNE, row["wardCode"], names, parent_code=row["districtCode"], end=REORGANISATION_DATE
    )
    return district, commune


def _current_commune(row: dict[str, Any]) -> UnitRow:
    names = split_name(row["ward"], row["wardShort"], row["wardType"])
    return _unit(
        COMMUNE, row["wardCode"], names, parent_code=row["provinceCode"], start=REORGANISATION_DATE
    )


def _same_unit(old: UnitRow, new: UnitRow) -> bool:
    return (old.code, old.name, old.kind) == (new.code, new.name, new.kind)


def _province_groups(
    converter: dict[str, Any],
    current_province: dict[str, dict[str, Any]],
    legacy_province: dict[str, dict[str, Any]],
) -> dict[str, ProvinceGroup]:
    """One group per current province, with the provinces and their successions."""
    groups: dict[str, ProvinceGroup] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        new = current_province[new_key]
        olds = [legacy_province[k] for k in old_keys]
        open_row = _province_row(new, start=None, end=None)
        old_rows = [_province_row(o, start=None, end=REORGANISATION_DATE) for o in olds]
        group = ProvinceGroup(code=open_row.code, name=open_row.name)
        groups[open_row.code] = group
        if len(old_rows) == 1 and _same_unit(old_rows[0], open_row):
            group.add(open_row)
            continue
        new_row = _province_row(new, start=REORGANISATION_DATE, end=None)
        group.add(new_row)
        for old in old_rows:
            group.add(old)
            kind = MERGE if len(old_rows) > 1 else (RETYPE if old.kind != new_row.kind else RENAME)
            group.successions.append(
                SuccessionRow(old.key, new_row.key, kind, True, PROVINCE_BASIS)
            )
    return groups


def _change_kind(old: UnitRow, target_count: int) -> str:
    if old.level == DISTRICT:
        return RETYPE  # an island district with no communes became a special zone (đặc khu)
    return SPLIT if target_count > 1 else MERGE


def _commune_successions(
    converter: dict[str, Any],
    old_units: dict[str, UnitRow],
    new_units: dict[tuple[str, str], UnitRow],
) -> Iterator[tuple[str, SuccessionRow]]:
    """(current province code, succession) for every old commune or island district."""
    targets: dict[str, list[tuple[tuple[str, str], bool]]] = {}
    for province_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            for old_key in old_keys:
                targets.setdefault(old_key, []).append(((province_key, ward_key), True))
    for province_key, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in divided.items():
            for part in parts:
                target = (province_key, part["newWardKey"])
                targets.setdefault(old_key, []).append((target, bool(part["isDefaultNewWard"])))
    for old_key, new_targets in targets.items():
        old = old_units[old_key]
        kind = _change_kind(old, len(new_targets))
        for target, is_default in new_targets:
            new = new_units[target]
            yield new.parent_code, SuccessionRow(old.key, new.key, kind, is_default, COMMUNE_BASIS)


@lru_cache(maxsize=2)
def reorganisation_2025(data_dir: Path | None = None) -> dict[str, ProvinceGroup]:
    """The whole 2025 reorganisation, grouped by current province code (sorted).

    Cached: the result is shared, so treat it as read-only.
    """
    data_dir = data_dir or package_data_dir()
    converter = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    current, legacy = _read_tables(data_dir)
    current_by_key = {r["provinceKey"]: r for r in current}
    groups = _province_groups(converter, current_by_key, {r["provinceKey"]: r for r in legacy})
    group_of_old = {
        old_key: groups[current_by_key[new_key]["provinceCode"]]
        for new_key, old_keys in converter["DICT_PROVINCE"].items()
        for old_key in old_keys
    }
    old_units: dict[str, UnitRow] = {}
    for row in legacy:
        group = group_of_old[row["provinceKey"]]
        district, commune = _legacy_rows(row)
        group.add(district)
        if commune is not None:
            group.add(commune)
        old_key = f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey'] or ''}"
        old_units[old_key] = commune or district
    new_units: dict[tuple[str, str], UnitRow] = {}
    for row in current:
        commune = _current_commune(row)
        groups[commune.parent_code].add(commune)
        new_units[(row["provinceKey"], row["wardKey"])] = commune
    for province_code, succession in _commune_successions(converter, old_units, new_units):
        groups[province_code].successions.append(succession)
    return dict(sorted(groups.items()))
