"""Agencies, centres, roles and applicants through their services."""

from __future__ import annotations

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from motcua.agencies import selectors, services
from motcua.agencies.models import Agency, Applicant, Role, ServiceCentre

pytestmark = pytest.mark.django_db


@pytest.fixture
def department() -> Agency:
    committee = services.agency_upsert(
        e_identifier="H42", name="Ủy ban nhân dân tỉnh Hà Tĩnh", kind=Agency.Kind.PROVINCE_COMMITTEE
    )
    return services.agency_upsert(
        e_identifier="H42.01", name="Sở Tư pháp", kind=Agency.Kind.DEPARTMENT, parent=committee
    )


def test_agency_upsert_is_idempotent_and_normalises_nfd(department):
    nfd = unicodedata.normalize("NFD", "Sở Tư pháp tỉnh Hà Tĩnh")
    again = services.agency_upsert(e_identifier="H42.01", name=nfd, kind=Agency.Kind.DEPARTMENT)
    assert again.pk == department.pk
    assert again.name == unicodedata.normalize("NFC", nfd)
    assert Agency.objects.count() == 2


@pytest.mark.parametrize("bad", ["h42.01", "H42..1", "H42-01", ""])
def test_agency_identifier_must_follow_the_pattern(bad):
    with pytest.raises(ValidationError):
        services.agency_upsert(e_identifier=bad, name="X", kind=Agency.Kind.DEPARTMENT)


def test_centre_rejects_malformed_counter_hours(department):
    with pytest.raises(ValidationError) as err:
        services.centre_upsert(
            code="H42.30",
            name="Trung tâm",
            level=ServiceCentre.Level.PROVINCE,
            agency=department,
            counter_hours="8h-12h",
        )
    assert "counter_hours" in err.value.message_dict


@pytest.mark.parametrize("bad_id", ["04209500123", "0420950012345", "04209500123A"])
def test_citizen_id_must_be_twelve_digits(bad_id):
    with pytest.raises(ValidationError) as err:
        services.applicant_upsert(
            kind=Applicant.Kind.CITIZEN, name="Nguyễn Văn An", id_number=bad_id
        )
    assert "id_number" in err.value.message_dict
    assert not Applicant.objects.exists()


def test_applicant_is_found_again_by_id_and_searchable_without_diacritics():
    first = services.applicant_upsert(
        kind=Applicant.Kind.CITIZEN, name="Đặng Thị Hoà", id_number="042095001234", phone="0912"
    )
    second = services.applicant_upsert(
        kind=Applicant.Kind.CITIZEN, name="Đặng Thị Hòa", id_number="042095001234", phone="0913"
    )
    assert first.pk == second.pk
    assert Applicant.objects.get().phone == "0913"
    assert Applicant.objects.filter(search_key__contains="dang thi hoa").count() == 1


def test_organisation_needs_a_tax_code():
    with pytest.raises(ValidationError):
        services.applicant_upsert(kind=Applicant.Kind.ORGANISATION, name="Công ty A")
    org = services.applicant_upsert(
        kind=Applicant.Kind.ORGANISATION, name="Công ty TNHH Sông Lam", tax_code="3001234567-001"
    )
    assert org.tax_code == "3001234567-001"


def test_roles_of_only_returns_roles_in_force(department):
    user = services.account_create(username="cv", password="x-long-pass", full_name="Chuyên viên")
    services.staff_grant_role(user=user, role=Role.HANDLING_OFFICIAL, agency=department)
    services.staff_grant_role(user=user, role=Role.HANDLING_OFFICIAL, agency=department)
    assert [r.role for r in selectors.roles_of(user)] == [Role.HANDLING_OFFICIAL]
    department.is_active = False
    department.save()
    assert list(selectors.roles_of(user)) == []


def test_administrator_role_opens_the_admin(department):
    user = services.account_create(username="qt", password="x-long-pass", full_name="Quản trị")
    assert not user.is_staff
    services.staff_grant_role(user=user, role=Role.ADMINISTRATOR, agency=department)
    user.refresh_from_db()
    assert user.is_staff
