"""Who handles a procedure: assignments, delegation (ủy quyền) and decentralisation (phân cấp)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.agencies.models import Agency
from motcua.catalog.models import DelegationKind, Procedure, ProcedureAssignment
from motcua.catalog.sample import sample_records
from motcua.catalog.selectors import procedure_assignments, procedure_handler
from motcua.catalog.services import (
    procedure_assign,
    procedure_delegate,
    procedure_unassign,
    procedures_assign_by_field,
    procedures_import,
)

pytestmark = pytest.mark.django_db

MARCH, APRIL, JUNE = date(2026, 3, 2), date(2026, 4, 1), date(2026, 6, 1)


def agency(identifier: str, name: str, kind: str, parent=None, unit_code: str = "") -> Agency:
    return Agency.objects.create(
        e_identifier=identifier, name=name, kind=kind, parent=parent, unit_code=unit_code
    )


@pytest.fixture
def org():
    province = agency("H44", "UBND tỉnh Hà Tĩnh", "province_committee", unit_code="42")
    justice = agency("H44.15", "Sở Tư pháp", "department", province)
    division = agency("H44.15.01", "Phòng Hành chính tư pháp", "division", justice)
    commune_a = agency("H44.100", "UBND phường Thành Sen", "commune_committee", province, "18070")
    commune_b = agency("H44.101", "UBND xã Thạch Hà", "commune_committee", province, "18073")
    return {
        "province": province,
        "justice": justice,
        "division": division,
        "a": commune_a,
        "b": commune_b,
    }


@pytest.fixture
def procedures():
    assert procedures_import(records=sample_records(), province="Hà Tĩnh").ok
    return {p.code: p for p in Procedure.objects.exclude(code=None)}


def test_assign_by_field_assigns_every_procedure_of_the_field(org, procedures):
    count = procedures_assign_by_field(field="chung thuc", agency=org["a"])
    assert count == 4
    assert ProcedureAssignment.objects.filter(agency=org["a"]).count() == 4
    assert procedures_assign_by_field(field="Chứng thực", agency=org["a"]) == 4
    assert ProcedureAssignment.objects.filter(agency=org["a"]).count() == 4


def test_unknown_field_is_refused(org, procedures):
    with pytest.raises(ValidationError, match="Không tìm thấy lĩnh vực"):
        procedures_assign_by_field(field="Không có", agency=org["a"])


def test_assign_is_idempotent_and_dated(org, procedures):
    birth = procedures["1.001193"]
    first = procedure_assign(procedure=birth, agency=org["a"], valid_from=MARCH)
    assert procedure_assign(procedure=birth, agency=org["a"], valid_from=APRIL) == first
    assert not procedure_assignments(procedure=birth, on=date(2026, 3, 1)).exists()
    assert procedure_assignments(procedure=birth, on=MARCH).get().agency == org["a"]
    procedure_unassign(assignment=first, valid_to=JUNE)
    assert not procedure_assignments(procedure=birth, on=JUNE).exists()


def test_commune_procedure_is_handled_by_the_commune_of_the_context(org, procedures):
    birth = procedures["1.001193"]
    for commune in (org["a"], org["b"]):
        procedure_assign(procedure=birth, agency=commune)
    assert procedure_handler(procedure=birth, context=org["a"]).agency == org["a"]
    assert procedure_handler(procedure=birth, context=org["b"]).agency == org["b"]
    assert procedure_handler(procedure=birth, unit_code="18073").agency == org["b"]
    assert procedure_handler(procedure=birth) is None  # ambiguous without a context


def test_province_procedure_is_handled_by_the_assigned_department(org, procedures):
    copy_book = procedures["2.000908"]
    procedure_assign(procedure=copy_book, agency=org["justice"])
    assert procedure_handler(procedure=copy_book, context=org["division"]).agency == org["justice"]
    assert procedure_handler(procedure=copy_book, context=org["a"]).agency == org["justice"]
    assert procedure_handler(procedure=copy_book).agency == org["justice"]


def test_delegation_applies_only_within_its_dates(org, procedures):
    copy_book = procedures["2.000908"]
    procedure_assign(procedure=copy_book, agency=org["justice"])
    delegation = procedure_delegate(
        procedure=copy_book,
        from_agency=org["justice"],
        to_agency=org["division"],
        valid_from=MARCH,
        valid_to=JUNE,
        basis="Quyết định ủy quyền số 12/QĐ-STP",
    )
    before = procedure_handler(procedure=copy_book, context=org["a"], on=date(2026, 3, 1))
    during = procedure_handler(procedure=copy_book, context=org["a"], on=APRIL)
    after = procedure_handler(procedure=copy_book, context=org["a"], on=JUNE)
    assert before.agency == after.agency == org["justice"]
    assert during.agency == org["division"]
    assert during.competent == org["justice"]
    assert during.delegations == (delegation,)


def test_decentralisation_to_many_communes_follows_the_context(org, procedures):
    certification = procedures["2.000815"]
    procedure_assign(procedure=certification, agency=org["justice"])
    for commune in (org["a"], org["b"]):
        procedure_delegate(
            procedure=certification,
            from_agency=org["justice"],
            to_agency=commune,
            valid_from=MARCH,
            kind=DelegationKind.DECENTRALISATION,
        )
    assert procedure_handler(procedure=certification, context=org["b"], on=APRIL).agency == org["b"]
    assert (
        procedure_handler(procedure=certification, unit_code="18070", on=APRIL).agency == org["a"]
    )
    unplaced = procedure_handler(procedure=certification, on=APRIL)
    assert unplaced.agency == org["justice"]


def test_delegation_chains_are_followed(org, procedures):
    copy_book = procedures["2.000908"]
    procedure_assign(procedure=copy_book, agency=org["province"])
    procedure_delegate(
        procedure=copy_book, from_agency=org["province"], to_agency=org["justice"], valid_from=MARCH
    )
    procedure_delegate(
        procedure=copy_book, from_agency=org["justice"], to_agency=org["division"], valid_from=MARCH
    )
    handling = procedure_handler(procedure=copy_book, on=APRIL)
    assert handling.agency == org["division"]
    assert len(handling.delegations) == 2


def test_bad_delegations_are_refused(org, procedures):
    copy_book = procedures["2.000908"]
    with pytest.raises(ValidationError, match="phải khác nhau"):
        procedure_delegate(
            procedure=copy_book, from_agency=org["a"], to_agency=org["a"], valid_from=MARCH
        )
    with pytest.raises(ValidationError, match="phải sau ngày bắt đầu"):
        procedure_delegate(
            procedure=copy_book,
            from_agency=org["a"],
            to_agency=org["b"],
            valid_from=JUNE,
            valid_to=MARCH,
        )
    procedure_delegate(
        procedure=copy_book, from_agency=org["a"], to_agency=org["b"], valid_from=MARCH
    )
    with pytest.raises(ValidationError, match="trùng thời gian"):
        procedure_delegate(
            procedure=copy_book, from_agency=org["a"], to_agency=org["b"], valid_from=APRIL
        )
