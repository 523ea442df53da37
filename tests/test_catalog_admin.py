"""The catalogue admin: folded search, filters, the process sum rule, locked versions."""

from __future__ import annotations

import json
import unicodedata

import pytest
from django.test import Client

from motcua.catalog.models import InternalProcess, ProcedureVersion
from motcua.catalog.sample import sample_records
from motcua.catalog.services import procedure_version_mark_used, procedures_import
from motcua.core.models import User

pytestmark = pytest.mark.django_db

ADMIN = "/admin/catalog"


@pytest.fixture
def admin_client(client: Client) -> Client:
    user = User.objects.create_superuser("quantri", password="mat-khau-dai-2026")
    client.force_login(user)
    assert procedures_import(records=sample_records(), province="Cao Bằng").ok
    return client


def inline_management(*prefixes: str) -> dict[str, str]:
    """Management-form fields of empty inline formsets."""
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        data |= {f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    return data


def process_form(process: InternalProcess, times: list[str]) -> dict[str, str]:
    steps = list(process.steps.all())
    data = {
        "version": str(process.version_id),
        "province": process.province,
        "agency": "",
        "published_in": process.published_in,
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, (step, days) in enumerate(zip(steps, times, strict=True)):
        prefix = f"steps-{i}-"
        data |= {
            f"{prefix}id": str(step.pk),
            f"{prefix}process": str(process.pk),
            f"{prefix}position": str(step.position),
            f"{prefix}label": step.label,
            f"{prefix}actor": step.actor,
            f"{prefix}role": step.role,
            f"{prefix}working_days": days,
            f"{prefix}clock_hours": "",
            f"{prefix}time_raw": step.time_raw,
        }
    return data


@pytest.mark.parametrize(
    "path",
    [
        "/procedureversion/?q=dang+ky+khai+sinh",
        "/procedureversion/?level__exact=commune&online_level__exact=full",
        "/procedureversion/?in_force=yes",
        "/procedure/?q=chung+thuc",
        "/internalprocess/?check_status__exact=unknown_times",
        "/field/?q=dat+dai",
        "/procedureassignment/",
        "/proceduredelegation/",
    ],
)
def test_admin_lists_open(admin_client, path):
    assert admin_client.get(ADMIN + path).status_code == 200


def test_admin_search_ignores_diacritics(admin_client):
    response = admin_client.get(f"{ADMIN}/procedureversion/?q=dang+ky+khai+sinh")
    assert "Thủ tục đăng ký khai sinh" in response.content.decode()
    assert "Đăng ký thường trú" not in response.content.decode()


def test_admin_refuses_steps_that_break_the_sum(admin_client):
    process = InternalProcess.objects.get(version__procedure__code="1.014465")
    times = ["0.25", "0.25", "1.5", "0.25", "0.25", "0.25", "1.25", "0"]
    response = admin_client.post(
        f"{ADMIN}/internalprocess/{process.pk}/change/", process_form(process, times)
    )
    assert response.status_code == 200
    assert "không khớp thời hạn giải quyết" in response.content.decode()
    assert process.steps.get(position=3).working_days == 0.5


def test_admin_accepts_steps_that_keep_the_sum(admin_client):
    process = InternalProcess.objects.get(version__procedure__code="1.014465")
    times = ["0.25", "0.25", "0.25", "0.5", "0.25", "0.25", "1.25", "0"]
    response = admin_client.post(
        f"{ADMIN}/internalprocess/{process.pk}/change/", process_form(process, times)
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.check_status == "consistent"
    assert process.steps.get(position=4).working_days == 0.5


def test_locked_version_opens_read_only(admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.004222")
    procedure_version_mark_used(version=version)
    response = admin_client.get(f"{ADMIN}/procedureversion/{version.pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    post = admin_client.post(f"{ADMIN}/procedureversion/{version.pk}/change/", {"name": "x"})
    assert post.status_code == 403


def test_clone_action_opens_a_new_version(admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.004222")
    procedure_version_mark_used(version=version)
    response = admin_client.post(
        f"{ADMIN}/procedureversion/",
        {"action": "clone_from_today", "_selected_action": [str(version.pk)]},
    )
    assert response.status_code == 302
    assert ProcedureVersion.objects.filter(procedure__code="1.004222").count() == 2


def version_form(version: ProcedureVersion, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "name": version.name,
        "field": str(version.field_id),
        "level": version.level,
        "subjects": list(version.subjects),
        "handling_time_value": str(version.handling_time_value or ""),
        "handling_time_unit": version.handling_time_unit,
        "handling_time_note": version.handling_time_note,
        "fee_vnd": "" if version.fee_vnd is None else str(version.fee_vnd),
        "fee_note": version.fee_note,
        "online_level": version.online_level,
        "online_only": "unknown",
        "same_day": "unknown" if version.same_day is None else str(version.same_day).lower(),
        "result": version.result,
        "sources": json.dumps(version.sources, ensure_ascii=False),
        "verified": "on" if version.verified else "",
        "published_in": version.published_in,
        "notes": version.notes,
    }
    data |= inline_management("channels", "components", "legal_basis")
    data.update(changes)
    return data


def test_admin_version_edit_is_stored_nfc_with_a_fresh_search_key(admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.013225")
    name = unicodedata.normalize("NFD", "Cấp giấy phép xây dựng nhà ở riêng lẻ")
    response = admin_client.post(
        f"{ADMIN}/procedureversion/{version.pk}/change/",
        version_form(version, name=name, subjects=["citizen", "organisation"]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert version.name == unicodedata.normalize("NFC", name)
    assert version.subjects == ["citizen", "organisation"]
    assert " nha o rieng le " in version.search_key + " "


def test_admin_refuses_a_handling_time_that_breaks_a_process(admin_client):
    version = ProcedureVersion.objects.get(procedure__code="1.014465")
    data = version_form(version, handling_time_value="2")
    response = admin_client.post(f"{ADMIN}/procedureversion/{version.pk}/change/", data)
    assert response.status_code == 200
    assert "không khớp thời hạn giải quyết" in response.content.decode()
    version.refresh_from_db()
    assert version.handling_time_value == 3


def test_admin_procedure_needs_a_code(admin_client):
    inlines = inline_management("versions", "assignments", "delegations")
    response = admin_client.post(f"{ADMIN}/procedure/add/", {"code": ""} | inlines)
    assert response.status_code == 200
    assert "Nhập mã thủ tục" in response.content.decode()
    response = admin_client.post(f"{ADMIN}/procedure/add/", {"code": "1.2345"} | inlines)
    assert "Mã thủ tục gồm một chữ số" in response.content.decode()
    response = admin_client.post(f"{ADMIN}/procedure/add/", {"code": "1.999999"} | inlines)
    assert response.status_code == 302
