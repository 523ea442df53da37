"""Reads of administrative units that carry rules: which version is meant on a date.

A code names different units over time (``00004`` is Phường Trúc Bạch before 1/7/2025 and
Phường Ba Đình after) and, in principle, units of different levels; every read here is
therefore "as of" a date, today (Asia/Ho_Chi_Minh) unless told otherwise. When a level is
not given and several levels match, the lowest level wins: commune, then district, then
province.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.core.text import fold, nfc
from motcua.geo.models import (
    CHILD_LEVELS,
    AdministrativeUnit,
    UnitLevel,
    UnitSuccession,
    valid_on,
)

# Lower number first: the level preferred when a code matches several.
LEVEL_PREFERENCE = {UnitLevel.COMMUNE: 0, UnitLevel.DISTRICT: 1, UnitLevel.PROVINCE: 2}
LEVEL_TOP_DOWN = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}
# An open start means "since before the records": first, on every database engine.
OLDEST_FIRST = F("valid_from").asc(nulls_first=True)


@dataclass(frozen=True)
class Successor:
    """A unit reached from an old one, with whether it is the default (main) successor."""

    unit: AdministrativeUnit
    is_default: bool


def today() -> date:
    return timezone.localdate()


def _rank(ranks: dict[UnitLevel, int]) -> Case:
    return Case(
        *(When(level=level.value, then=Value(rank)) for level, rank in ranks.items()),
        output_field=IntegerField(),
    )


def units_on(on: date | None = None) -> QuerySet[AdministrativeUnit]:
    """Every version in force on ``on`` (today by default)."""
    return AdministrativeUnit.objects.filter(valid_on(on or today()))


def unit_as_of(
    code: str, *, on: date | None = None, level: str | None = None
) -> AdministrativeUnit | None:
    """The unit with ``code`` in force on ``on``; commune > district > province if ambiguous."""
    candidates = units_on(on).filter(code=code.strip())
    if level:
        candidates = candidates.filter(level=level)
    latest_first = F("valid_from").desc(nulls_last=True)
    return candidates.order_by(_rank(LEVEL_PREFERENCE), latest_first).first()


def unit_versions(code: str, *, level: str | None = None) -> QuerySet[AdministrativeUnit]:
    """Every version ever recorded under ``code``, oldest first."""
    versions = AdministrativeUnit.objects.filter(code=code.strip())
    if level:
        versions = versions.filter(level=level)
    return versions.order_by(_rank(LEVEL_TOP_DOWN), "code", OLDEST_FIRST)


def search_units(
    q: str | None = None,
    *,
    on: date | None = None,
    level: str | None = None,
    parent_code: str | None = None,
) -> QuerySet[AdministrativeUnit]:
    """Units in force on ``on`` whose name contains ``q`` ignoring diacritics and đ/Đ.

    A ``q`` made of digits also matches codes that start with it. Ordered top-down
    (provinces first), then by code.
    """
    units = units_on(on)
    if level:
        units = units.filter(level=level)
    if parent_code:
        units = units.filter(parent_code=parent_code.strip())
    key = fold(nfc(q or ""))
    if key:
        match = Q(search_key__contains=key)
        if key.isdigit():
            match |= Q(code__startswith=key)
        units = units.filter(match)
    return units.order_by(_rank(LEVEL_TOP_DOWN), "code", "pk")


def reference_date(unit: AdministrativeUnit, on: date | None = None) -> date:
    """``on`` if given, else today if the unit is in force, else its last day in force."""
    if on is not None:
        return on
    current = today()
    if unit.is_valid_on(current):
        return current
    if unit.valid_to is not None and unit.valid_to <= current:
        return unit.valid_to - timedelta(days=1) if unit.valid_to > date.min else date.min
    return unit.valid_from or current


def children_of(
    unit: AdministrativeUnit, *, on: date | None = None
) -> QuerySet[AdministrativeUnit]:
    """The units directly under ``unit`` on ``on`` (default: see ``reference_date``)."""
    when = reference_date(unit, on)
    if not unit.is_valid_on(when):
        return AdministrativeUnit.objects.none()
    return (
        units_on(when)
        .filter(parent_code=unit.code, level__in=CHILD_LEVELS[unit.level])
        .order_by(_rank(LEVEL_TOP_DOWN), "code")
    )


def parent_of(unit: AdministrativeUnit, *, on: date | None = None) -> AdministrativeUnit | None:
    """The unit ``unit`` sits under on ``on`` (default: see ``reference_date``)."""
    when = reference_date(unit, on)
    if not unit.parent_code or not unit.is_valid_on(when):
        return None
    parent_levels = [lvl for lvl, children in CHILD_LEVELS.items() if unit.level in children]
    return (
        units_on(when)
        .filter(code=unit.parent_code, level__in=parent_levels)
        .order_by(_rank(LEVEL_PREFERENCE))
        .first()
    )


def parents_by_code(
    units: Iterable[AdministrativeUnit], *, on: date
) -> dict[str, AdministrativeUnit]:
    """Parents of many units in force on ``on``, by code, in one query (for lists)."""
    codes = {u.parent_code for u in units if u.parent_code}
    parents = (
        units_on(on)
        .filter(code__in=codes)
        .exclude(level=UnitLevel.COMMUNE)
        .order_by(_rank(LEVEL_PREFERENCE))
    )
    found: dict[str, AdministrativeUnit] = {}
    for parent in parents:
        found.setdefault(parent.code, parent)
    return found


def successions_from(unit: AdministrativeUnit) -> list[UnitSuccession]:
    """Direct successions out of this version (the units that took it over)."""
    rows = UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
    return list(rows.order_by("-is_default", "successor__code"))


def successions_into(unit: AdministrativeUnit) -> list[UnitSuccession]:
    """Direct successions into this version (the units it was formed from)."""
    rows = UnitSuccession.objects.filter(successor=unit).select_related("predecessor")
    return list(rows.order_by("predecessor__level", "predecessor__code"))


def successors_on(unit: AdministrativeUnit, *, on: date | None = None) -> list[Successor]:
    """The units in force on ``on`` that ``unit`` became, following successions forward.

    This is the old→new mapping: an old commune gives the new commune(s) that took its
    territory, with ``is_default`` marking the main one; a unit still in force on ``on``
    gives itself. A chain is default only if every link on it is.
    """
    when = on or today()
    best: dict[int, bool] = {}  # unit id → best "default" flag it was reached with
    found: dict[int, AdministrativeUnit] = {}
    frontier: list[tuple[AdministrativeUnit, bool]] = [(unit, True)]
    while frontier:
        current, is_default = frontier.pop()
        if current.pk in best and (best[current.pk] or not is_default):
            continue
        best[current.pk] = is_default
        if current.is_valid_on(when):
            found[current.pk] = current
            continue
        for link in successions_from(current):
            if link.successor.valid_from is None or link.successor.valid_from <= when:
                frontier.append((link.successor, is_default and link.is_default))
    successors = [Successor(u, best[pk]) for pk, u in found.items()]
    return sorted(successors, key=lambda s: (not s.is_default, s.unit.code))
