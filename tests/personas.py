"""A small province for dossier tests: one centre, two agencies, a procedure, and personas.

Everything is created through the services, deterministically, with plain names; each
persona holds exactly the role its name says (``outsider`` holds a role elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Applicant, Role, ServiceCentre
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_version_by_code
from motcua.catalog.services import procedure_assign, procedures_import
from motcua.core.calendar_services import calendar_seed
from motcua.core.models import User

PASSWORD = "mat-khau-thu-nghiem-2026"
PROCEDURE_CODE = "1.999001"
PROCEDURE = {
    "code": PROCEDURE_CODE,
    "name": "Cấp giấy phép thử nghiệm",
    "field": "Thử nghiệm",
    "level": "province",
    "processing_time": {"value": 5, "unit": "working_day", "note": "05 ngày làm việc"},
    "fee_vnd": 50000,
    "online_level": "full",
    "components": [
        {"name": "Đơn đề nghị cấp giấy phép", "original_or_copy": "original", "count": 1},
        {"name": "Bản sao giấy chứng nhận đăng ký", "original_or_copy": "copy", "count": 1},
    ],
    "result": "Giấy phép",
    "internal_steps": [
        {"step": "B1", "actor": "Bộ phận một cửa", "time": {"value": 0.5, "unit": "working_day"}},
        {"step": "B2", "actor": "Lãnh đạo phòng", "time": {"value": 0.5, "unit": "working_day"}},
        {"step": "B3", "actor": "Chuyên viên", "time": {"value": 3, "unit": "working_day"}},
        {"step": "B4", "actor": "Lãnh đạo Sở", "time": {"value": 0.5, "unit": "working_day"}},
        {"step": "B5", "actor": "Văn thư", "time": {"value": 0.5, "unit": "working_day"}},
    ],
    "legal_basis": ["118/2025/NĐ-CP"],
    "verified": True,
}


@dataclass
class Province:
    department: Agency
    other_department: Agency
    centre: ServiceCentre
    version: ProcedureVersion
    citizen: User
    applicant: Applicant
    other_citizen: User
    desk_officer: User
    handling_official: User
    head: User
    leader: User
    clerk: User
    supervisor: User
    outsider: User
    partner_official: User


def _person(username: str, role: Role | None, agency: Agency, centre=None) -> User:
    user = agencies.account_create(username=username, password=PASSWORD, full_name=username)
    if role is not None:
        agencies.staff_grant_role(user=user, role=role, agency=agency, centre=centre)
    return user


def build_province() -> Province:
    calendar_seed(years=range(2025, 2029))
    committee = agencies.agency_upsert(
        e_identifier="H99", name="UBND tỉnh Thử", kind=Agency.Kind.PROVINCE_COMMITTEE
    )
    department = agencies.agency_upsert(
        e_identifier="H99.01", name="Sở Thử nghiệm", kind=Agency.Kind.DEPARTMENT, parent=committee
    )
    other = agencies.agency_upsert(
        e_identifier="H99.02", name="Sở Phối hợp", kind=Agency.Kind.DEPARTMENT, parent=committee
    )
    centre_agency = agencies.agency_upsert(
        e_identifier="H99.30", name="Trung tâm PVHCC", kind=Agency.Kind.DIVISION, parent=committee
    )
    centre = agencies.centre_upsert(
        code="H99.30",
        name="Trung tâm PVHCC tỉnh Thử",
        level=ServiceCentre.Level.PROVINCE,
        agency=centre_agency,
        cutoff=time(15, 0),
    )
    procedures_import(records=[PROCEDURE])
    version = procedure_version_by_code(code=PROCEDURE_CODE)
    assert version is not None
    procedure_assign(procedure=version.procedure, agency=department)
    citizen = _person("congdan", None, department)
    applicant = agencies.applicant_upsert(
        kind=Applicant.Kind.CITIZEN,
        name="Nguyễn Văn An",
        id_number="001095001234",
        phone="0912345678",
        email="an@example.vn",
        user=citizen,
    )
    other_citizen = _person("congdankhac", None, department)
    agencies.applicant_upsert(
        kind=Applicant.Kind.CITIZEN,
        name="Trần Thị Bình",
        id_number="001198007654",
        phone="0987654321",
        user=other_citizen,
    )
    return Province(
        department=department,
        other_department=other,
        centre=centre,
        version=version,
        citizen=citizen,
        applicant=applicant,
        other_citizen=other_citizen,
        desk_officer=_person("tiepnhan", Role.DESK_OFFICER, centre_agency, centre),
        handling_official=_person("chuyenvien", Role.HANDLING_OFFICIAL, department),
        head=_person("truongphong", Role.HEAD_OF_DIVISION, department),
        leader=_person("lanhdao", Role.LEADER, department),
        clerk=_person("vanthu", Role.CLERK, department),
        supervisor=_person("giamsat", Role.CENTRE_SUPERVISOR, centre_agency, centre),
        outsider=_person("ngoai", Role.HANDLING_OFFICIAL, other),
        partner_official=_person("phoihop", Role.HANDLING_OFFICIAL, other),
    )


@pytest.fixture
def province(db) -> Province:
    return build_province()
