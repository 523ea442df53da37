"""The demo's steps, in order; each returns a one-line summary for the progress display."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from motcua.agencies.models import Agency, ServiceCentre
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.sample import sample_records
from motcua.catalog.selectors import versions_in_force
from motcua.catalog.services import procedure_assign, procedures_import
from motcua.core.calendar_services import calendar_seed
from motcua.demo import dossiers, organisation, people, pki, province, teams
from motcua.dossiers.models import Dossier
from motcua.geo.loader import load_units
from motcua.geo.selectors import search_units

CALENDAR_YEARS = range(2024, 2031)


def _communes() -> list[tuple[str, str]]:
    units = search_units(level="commune", parent_code=province.PROVINCE_UNIT)
    return [(u.code, u.name) for u in units[: province.COMMUNE_COUNT]]


def step_calendar() -> str:
    results = calendar_seed(years=CALENDAR_YEARS)
    return f"{len(results)} năm ({CALENDAR_YEARS.start}–{CALENDAR_YEARS.stop - 1})"


def step_units() -> str:
    report = load_units(provinces=[province.PROVINCE_UNIT])
    return f"{report.created} đơn vị mới, {report.unchanged} không đổi"


def step_organisation() -> str:
    communes = _communes()
    by_id = organisation.load_agencies(communes)
    centres = organisation.load_centres(by_id, communes)
    return f"{len(by_id)} cơ quan, {len(centres)} bộ phận một cửa"


def step_people() -> str:
    count = organisation.load_people(_agencies())
    return f"{count} tài khoản"


def step_teams() -> str:
    by_id = _agencies()
    commune_centres = list(ServiceCentre.objects.filter(level=ServiceCentre.Level.COMMUNE))
    with_centre = {c.agency_id for c in commune_centres}
    handling = [
        a
        for a in by_id.values()
        if a.kind in (Agency.Kind.DEPARTMENT, Agency.Kind.SECTOR) or a.pk in with_centre
    ]
    return f"{teams.load_teams(handling, commune_centres)} phân công"


def step_certificates() -> str:
    issued, held = pki.load_certificates()
    return f"{issued} chứng thư mới, {held} đã có"


DOSSIER_COUNT = 300


def step_dossiers(count: int = DOSSIER_COUNT) -> str:
    if Dossier.objects.exists():
        return f"đã có {Dossier.objects.count()} hồ sơ, giữ nguyên"
    return f"{dossiers.load_dossiers(count)} hồ sơ"


def step_procedures() -> str:
    report = procedures_import(records=sample_records(), province=province.PROVINCE_NAME)
    assigned = _assign_procedures(_agencies())
    return f"{report.summary()} {assigned} phân công thực hiện."


def _agencies() -> dict[str, Agency]:
    prefix = people.PROVINCE_COMMITTEE
    found = Agency.objects.filter(e_identifier__startswith=prefix)
    return {a.e_identifier: a for a in found}


def _assign_procedures(by_id: dict[str, Agency]) -> int:
    """Province-level procedures to a department by field; commune-level ones to every commune."""
    communes = [a for a in by_id.values() if a.kind == Agency.Kind.COMMUNE_COMMITTEE]
    today = timezone.localdate()
    count = 0
    for version in versions_in_force().select_related("procedure", "field"):
        for agency in _handlers(version, by_id, communes):
            procedure_assign(procedure=version.procedure, agency=agency, valid_from=today)
            count += 1
    return count


def _handlers(
    version: ProcedureVersion, by_id: dict[str, Agency], communes: list[Agency]
) -> list[Agency]:
    if version.level == "commune":
        return communes
    field_name = version.field.name if version.field else ""
    return [by_id[province.FIELD_DEPARTMENT.get(field_name, province.DEFAULT_DEPARTMENT)]]


STEPS: list[tuple[str, Callable[..., str]]] = [
    ("Lịch làm việc", step_calendar),
    ("Đơn vị hành chính", step_units),
    ("Cơ quan và bộ phận một cửa", step_organisation),
    ("Người dùng", step_people),
    ("Thủ tục hành chính", step_procedures),
    ("Tổ xử lý của các cơ quan", step_teams),
    ("Chứng thư số trình diễn", step_certificates),
    ("Hồ sơ mẫu", step_dossiers),
]
