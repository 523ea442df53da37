"""The dossier admin shows and searches, and refuses every write (403), even to a superuser."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.agencies.services import applicant_upsert
from motcua.core.models import User
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import dossier_create
from tests.test_dossier_api import fast_passwords  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:dossiers_dossier_changelist")


@pytest.fixture
def admin_client(client):
    """A logged-in superuser without a password (hashing one is slow on purpose)."""
    user = User.objects.create_superuser("quantri", email="quantri@example.vn", password=None)
    client.force_login(user)
    return client


@pytest.fixture
def dossiers(province) -> list[Dossier]:
    other = applicant_upsert(kind="citizen", name="Đỗ Đức Đạt", id_number="001090000001")
    made = []
    for applicant, receive in ((province.applicant, True), (other, False)):
        made.append(
            dossier_create(
                procedure_version=province.version,
                applicant=applicant,
                channel="desk",
                centre=province.centre,
                by=province.desk_officer,
                receive=receive,
            )
        )
    return made


def listed(response) -> list[str]:
    assert response.status_code == 200
    return sorted(d.code for d in response.context["cl"].result_list)


def test_list_page_in_vietnamese(admin_client, dossiers):
    page = admin_client.get(CHANGELIST)
    assert listed(page) == sorted(d.code for d in dossiers)
    text = page.content.decode()
    for heading in ("Mã hồ sơ", "Trạng thái", "Thủ tục", "Người nộp", "Hạn trả kết quả", "Trễ hạn"):
        assert heading in text
    assert "Đã tiếp nhận" in text and "Chờ tiếp nhận" in text


def test_search_by_code_and_folded_name(admin_client, dossiers):
    received, waiting = dossiers
    assert listed(admin_client.get(CHANGELIST, {"q": "do duc dat"})) == [waiting.code]
    assert listed(admin_client.get(CHANGELIST, {"q": "NGUYỄN văn"})) == [received.code]
    assert listed(admin_client.get(CHANGELIST, {"q": received.code})) == [received.code]


def test_filters(admin_client, dossiers):
    received, waiting = dossiers
    assert listed(admin_client.get(CHANGELIST, {"status__exact": "submitted"})) == [waiting.code]
    assert listed(admin_client.get(CHANGELIST, {"channel__exact": "post"})) == []
    agency = {"agency__id__exact": received.agency_id}
    assert len(listed(admin_client.get(CHANGELIST, agency))) == 2
    assert listed(admin_client.get(CHANGELIST, {"is_late__exact": "1"})) == []


def test_view_page_shows_the_event_log_read_only(admin_client, dossiers):
    received = dossiers[0]
    url = reverse("admin:dossiers_dossier_change", args=[received.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Nhật ký xử lý" in text
    assert "Tiếp nhận" in text and "Phân công xử lý" not in text
    assert 'name="_save"' not in text


@pytest.mark.parametrize("model", ["dossier", "dossierevent"])
def test_no_add_change_or_delete_even_for_a_superuser(admin_client, dossiers, model):
    obj = dossiers[0] if model == "dossier" else DossierEvent.objects.earliest("pk")
    before = (Dossier.objects.count(), DossierEvent.objects.count(), dossiers[0].status)
    add = reverse(f"admin:dossiers_{model}_add")
    change = reverse(f"admin:dossiers_{model}_change", args=[obj.pk])
    delete = reverse(f"admin:dossiers_{model}_delete", args=[obj.pk])
    assert admin_client.get(add).status_code == 403
    assert admin_client.post(add, {"status": "returned"}).status_code == 403
    assert admin_client.post(change, {"status": "returned", "code": "X"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse(f"admin:dossiers_{model}_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
    admin_client.post(changelist, bulk)
    dossiers[0].refresh_from_db()
    assert (Dossier.objects.count(), DossierEvent.objects.count(), dossiers[0].status) == before


def test_event_list(admin_client, dossiers):
    page = admin_client.get(reverse("admin:dossiers_dossierevent_changelist"))
    assert page.status_code == 200
    assert len(page.context["cl"].result_list) == DossierEvent.objects.count() == 5
    text = page.content.decode()
    assert "Sang trạng thái" in text and "Tiếp nhận" in text
