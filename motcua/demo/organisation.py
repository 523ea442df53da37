"""Create the demo province's agencies, centres, counters and people through the services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from django.contrib.auth import get_user_model

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Applicant, Counter, ServiceCentre
from motcua.core.models import User
from motcua.demo import people, province

CUTOFF = time(15, 0)


def load_agencies(communes: Sequence[tuple[str, str]]) -> dict[str, Agency]:
    """Province committee, departments and one committee per commune (code, name)."""
    committee = agencies.agency_upsert(
        e_identifier=people.PROVINCE_COMMITTEE,
        name=province.COMMITTEE_NAME,
        kind=Agency.Kind.PROVINCE_COMMITTEE,
        unit_code=province.PROVINCE_UNIT,
    )
    by_id = {committee.e_identifier: committee}
    for e_identifier, name, kind in province.DEPARTMENTS:
        by_id[e_identifier] = agencies.agency_upsert(
            e_identifier=e_identifier,
            name=name,
            kind=kind,
            parent=committee,
            unit_code=province.PROVINCE_UNIT,
        )
    for index, (unit_code, unit_name) in enumerate(communes, start=101):
        e_identifier = f"{people.PROVINCE_COMMITTEE}.{index}"
        by_id[e_identifier] = agencies.agency_upsert(
            e_identifier=e_identifier,
            name=f"Ủy ban nhân dân {unit_name}",
            kind=Agency.Kind.COMMUNE_COMMITTEE,
            parent=committee,
            unit_code=unit_code,
        )
    return by_id


def load_centres(
    by_id: dict[str, Agency], communes: Sequence[tuple[str, str]]
) -> list[ServiceCentre]:
    """The provincial centre, its branches, and one-stop units of the first communes."""
    centre_agency = by_id[people.CENTRE_AGENCY]
    main = agencies.centre_upsert(
        code=people.CENTRE_AGENCY,
        name=centre_agency.name,
        level=ServiceCentre.Level.PROVINCE,
        agency=centre_agency,
        unit_code=province.PROVINCE_UNIT,
        cutoff=CUTOFF,
        address="Số 02A đường Nguyễn Chí Thanh, Phường Thành Sen, Hà Tĩnh",
    )
    centres = [main]
    for suffix, name, address in province.BRANCHES:
        centres.append(
            agencies.centre_upsert(
                code=f"{main.code}.{suffix}",
                name=name,
                level=ServiceCentre.Level.BRANCH,
                agency=centre_agency,
                parent=main,
                unit_code=province.PROVINCE_UNIT,
                address=f"{address}, Hà Tĩnh",
                cutoff=CUTOFF,
            )
        )
    for index, (unit_code, unit_name) in enumerate(communes[: province.COMMUNE_CENTRE_COUNT], 101):
        agency = by_id[f"{people.PROVINCE_COMMITTEE}.{index}"]
        centres.append(
            agencies.centre_upsert(
                code=agency.e_identifier,
                name=f"Bộ phận Một cửa {unit_name}",
                level=ServiceCentre.Level.COMMUNE,
                agency=agency,
                unit_code=unit_code,
                address=f"{unit_name}, Hà Tĩnh",
                counter_hours="07:30-11:30,13:30-17:00",
                cutoff=CUTOFF,
            )
        )
    _load_counters(main, by_id)
    return centres


def _load_counters(main: ServiceCentre, by_id: dict[str, Agency]) -> None:
    departments = [e for e, _name, kind in province.DEPARTMENTS if kind != Agency.Kind.DIVISION]
    for number, e_identifier in enumerate(departments, start=1):
        agency = by_id[e_identifier]
        fields = sorted(f for f, dep in province.FIELD_DEPARTMENT.items() if dep == e_identifier)
        Counter.objects.update_or_create(
            centre=main,
            number=number,
            defaults={
                "name": f"Quầy {agency.short_name or agency.name}",
                "agency": agency,
                "fields": fields,
            },
        )


def _account(username: str, full_name: str, email: str, phone: str = "") -> User:
    existing = get_user_model().objects.filter(username=username).first()
    return existing or agencies.account_create(
        username=username,
        password=people.DEMO_PASSWORD,
        full_name=full_name,
        email=email,
        phone=phone,
    )


def load_people(by_id: dict[str, Agency]) -> int:
    """One account per staff role and two citizens with their applicant records."""
    count = 0
    for staff in people.STAFF:
        user = _account(staff.username, staff.full_name, f"{staff.username}@demo.motcua.vn")
        centre = ServiceCentre.objects.get(code=staff.centre) if staff.centre else None
        agencies.staff_grant_role(
            user=user, role=staff.role, agency=by_id[staff.agency], centre=centre
        )
        if staff.role == "administrator" and not user.is_superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        count += 1
    for citizen in people.CITIZENS:
        user = _account(citizen.username, citizen.full_name, citizen.email, citizen.phone)
        agencies.applicant_upsert(
            kind=Applicant.Kind.CITIZEN,
            name=citizen.full_name,
            id_number=citizen.id_number,
            phone=citizen.phone,
            email=citizen.email,
            address=citizen.address,
            user=user,
        )
        count += 1
    return count
