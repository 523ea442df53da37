"""About 300 demo dossiers over the last months, through the same service door as real ones.

Each dossier follows a scenario (a path through the state table) chosen with fixed
weights and a fixed seed, acted at plausible past moments: every state, every channel and
every centre appear, with late, extended, supplemented and inter-agency dossiers among them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Applicant, Role, ServiceCentre
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_handler, versions_in_force
from motcua.core.calendar_services import calendar_for
from motcua.core.models import User
from motcua.demo import names, teams
from motcua.dossiers.deadlines import working_seconds_left
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_act, dossier_create

SCENARIOS = {  # scenario: weight
    "awaiting_acceptance": 5,
    "supplement_waiting": 4,
    "supplemented": 4,
    "refused_at_desk": 3,
    "received": 5,
    "in_progress": 18,
    "paused": 3,
    "inter_agency": 5,
    "extended": 4,
    "result_ready": 9,
    "returned": 34,
    "returned_late": 4,
    "withdrawn": 2,
    "stopped": 2,
}
CHANNELS = {"desk": 45, "national_portal": 25, "portal": 20, "post": 10}
ONLINE = {"national_portal", "portal"}
COMMUNE_SHARE = 0.5  # of dossiers filed at commune one-stop units


@dataclass
class Case:
    dossier: Dossier
    agency: Agency
    centre: ServiceCentre
    moment: datetime
    rng: random.Random
    halted: bool = False  # the story reached today: the dossier stays where it is

    def act(self, action: str, by: User, hours: float = 0, **fields: object) -> None:
        """Act ``hours`` working hours after the previous act, unless that is in the future."""
        if self.halted:
            return
        moment = calendar_for(self.centre).add(self.moment, max(hours, 0.05), "working_hour")
        if moment >= timezone.now():
            self.halted = True
            return
        self.moment = moment
        self.dossier = dossier_act(
            dossier=self.dossier, action=action, by=by, fields=fields, now=moment
        )

    def wait(self, days: int) -> None:
        self.moment += timedelta(days=days)

    def member(self, role: Role) -> User:
        return teams.team_member(self.agency, role)


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _applicant(rng: random.Random, commune: str) -> Applicant:
    return agencies.applicant_upsert(
        kind=Applicant.Kind.CITIZEN,
        name=names.person_name(rng),
        id_number=names.citizen_id(rng, "42"),
        phone=names.phone(rng),
        address=names.address(rng, commune),
    )


def _places(version: ProcedureVersion, centres: list[ServiceCentre]) -> list[ServiceCentre]:
    """Commune-level procedures are filed at commune units, the others at the provincial ones."""
    commune = version.level == "commune"
    return [c for c in centres if (c.level == ServiceCentre.Level.COMMUNE) == commune]


def _start(case_rng: random.Random, days_back: int) -> datetime:
    day = timezone.localdate() - timedelta(days=days_back)
    minute = case_rng.randint(8 * 60, 16 * 60 + 30)
    return timezone.make_aware(datetime(day.year, day.month, day.day, minute // 60, minute % 60))


def _open(rng: random.Random, version: ProcedureVersion, centre: ServiceCentre) -> Case | None:
    handling = procedure_handler(
        procedure=version.procedure, context=centre.agency, unit_code=centre.unit_code
    )
    if handling is None:
        return None
    channel = _weighted(rng, CHANNELS)
    moment = calendar_for(centre).effective_start(_start(rng, rng.randint(1, 120)))
    if moment >= timezone.now():
        return None
    applicant = _applicant(rng, centre.name.removeprefix("Bộ phận Một cửa "))
    desk = teams.desk_officer(centre)
    dossier = dossier_create(
        procedure_version=version,
        applicant=applicant,
        channel=channel,
        centre=centre,
        by=applicant.user if channel in ONLINE else desk,
        agency=handling.agency,
        now=moment,
        result_delivery="online" if channel in ONLINE else "desk",
    )
    return Case(dossier, handling.agency, centre, moment, rng)


def load_dossiers(count: int = 300, seed: int = 2026) -> int:
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not secrets
    versions = [
        v
        for v in versions_in_force().select_related("procedure")
        if v.handling_time_value is not None and v.handling_time_unit
    ]
    centres = list(
        ServiceCentre.objects.filter(parent__isnull=True)
        | ServiceCentre.objects.filter(code__endswith=".01")
    )
    made = 0
    while made < count:
        level_commune = rng.random() < COMMUNE_SHARE
        version = rng.choice([v for v in versions if (v.level == "commune") == level_commune])
        places = _places(version, centres)
        case = _open(rng, version, rng.choice(places)) if places else None
        if case is None:
            continue
        PLAYS[_weighted(rng, SCENARIOS)](case)
        made += 1
    return made


def _receive(case: Case) -> None:
    case.act("receive", teams.desk_officer(case.centre), hours=case.rng.uniform(0.2, 6))


def _to_official(case: Case) -> None:
    _receive(case)
    case.act(
        "assign",
        case.member(Role.HEAD_OF_DIVISION),
        hours=case.rng.uniform(0.5, 4),
        assignee=case.member(Role.HANDLING_OFFICIAL).pk,
    )


def _to_result(case: Case, late: bool = False) -> None:
    _to_official(case)
    due_hours = float(case.dossier.handling_value or 1) * 8
    work = due_hours * (case.rng.uniform(1.1, 1.6) if late else case.rng.uniform(0.3, 0.9))
    case.act("forward", case.member(Role.HANDLING_OFFICIAL), hours=work * 0.7)
    case.act("forward", case.member(Role.LEADER), hours=work * 0.2)
    case.act("finish", case.member(Role.CLERK), hours=work * 0.1)


def _returned(case: Case, late: bool = False) -> None:
    _to_result(case, late)
    case.act(
        "return_result",
        teams.desk_officer(case.centre),
        hours=case.rng.uniform(1, 16),
        delivery=case.dossier.result_delivery,
    )


def _supplement_waiting(case: Case) -> None:
    case.act(
        "request_supplement",
        teams.desk_officer(case.centre),
        hours=1,
        items=["Bản sao giấy tờ tùy thân còn hiệu lực"],
        reason="Hồ sơ thiếu giấy tờ",
    )


def _supplemented(case: Case) -> None:
    _supplement_waiting(case)
    applicant_user = case.dossier.applicant.user or teams.desk_officer(case.centre)
    case.act("supplement", applicant_user, hours=case.rng.uniform(4, 24))
    _to_official(case)


def _stopped(case: Case) -> None:
    _supplement_waiting(case)
    case.wait(16)
    case.act("stop", teams.desk_officer(case.centre), reason="Quá hạn bổ sung hồ sơ")


def _extended(case: Case) -> None:
    """Apologise and extend while at least one working day is left (Decree 118)."""
    _to_official(case)
    due = case.dossier.due_at
    if due is None or working_seconds_left(case.centre, case.moment, due) < 9 * 3600:
        return
    case.act(
        "extend",
        case.member(Role.LEADER),
        hours=0.5,
        new_due_at=(due + timedelta(days=5)).isoformat(),
        reason="Cần xác minh thêm thông tin với cơ quan liên quan",
    )


def _inter_agency(case: Case) -> None:
    _to_official(case)
    partner = Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).exclude(pk=case.agency.pk)
    case.act(
        "send_inter_agency",
        case.member(Role.HANDLING_OFFICIAL),
        hours=2,
        agency=case.rng.choice(list(partner)).e_identifier,
        share=1,
        note="Xin ý kiến",
    )


def _refused(case: Case) -> None:
    case.act("refuse", teams.desk_officer(case.centre), hours=1, reason="Không thuộc thẩm quyền")


def _paused(case: Case) -> None:
    _to_official(case)
    case.act(
        "pause",
        case.member(Role.HANDLING_OFFICIAL),
        hours=3,
        reason="Chờ người nộp thực hiện nghĩa vụ tài chính",
    )


def _withdrawn(case: Case) -> None:
    _receive(case)
    case.act("withdraw", teams.desk_officer(case.centre), hours=4, reason="Người nộp xin rút")


def _awaiting(case: Case) -> None:
    """Submitted online and not yet accepted: nothing more happens."""


PLAYS: dict[str, Callable[[Case], None]] = {
    "awaiting_acceptance": _awaiting,
    "supplement_waiting": _supplement_waiting,
    "supplemented": _supplemented,
    "refused_at_desk": _refused,
    "received": _receive,
    "in_progress": _to_official,
    "paused": _paused,
    "inter_agency": _inter_agency,
    "extended": _extended,
    "result_ready": _to_result,
    "returned": _returned,
    "returned_late": lambda case: _returned(case, late=True),
    "withdrawn": _withdrawn,
    "stopped": _stopped,
}
