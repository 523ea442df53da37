"""The admin: folded search, view-only history, rename and re-typing through the services."""

from datetime import date

import pytest
from django.urls import reverse

from motcua.core.models import User
from motcua.geo import selectors
from motcua.geo.models import AdministrativeUnit, UnitSuccession
from motcua.geo.services import unit_create

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:geo_administrativeunit_changelist")


@pytest.fixture
def admin_client(client):
    """A logged-in superuser without a password (hashing one is slow on purpose)."""
    user = User.objects.create_superuser("quantri", email="quantri@example.vn", password=None)
    client.force_login(user)
    return client


@pytest.fixture
def dong_nai():
    province = unit_create(level="province", code="75", name="Tỉnh Đồng Nai", kind="Tỉnh")
    unit_create(level="commune", code="26080", name="Xã Đại Phước", kind="Xã", parent_code="75")
    return province


def test_search_ignores_diacritics_and_matches_code_prefix(admin_client, dong_nai):
    page = admin_client.get(CHANGELIST, {"q": "dai phuoc"}).content.decode()
    assert "Xã Đại Phước" in page and "Tỉnh Đồng Nai" not in page
    page = admin_client.get(CHANGELIST, {"q": "75"}).content.decode()
    assert "Tỉnh Đồng Nai" in page


def test_filters_by_level_and_in_force(admin_client, dong_nai):
    response = admin_client.get(CHANGELIST, {"level__exact": "commune", "current": "yes"})
    assert response.status_code == 200
    assert [u.code for u in response.context["cl"].result_list] == ["26080"]


def test_history_is_view_only(admin_client, dong_nai):
    change = reverse("admin:geo_administrativeunit_change", args=[dong_nai.pk])
    page = admin_client.get(change)
    assert page.status_code == 200
    assert "Đổi tên hoặc loại đơn vị" in page.content.decode()
    assert admin_client.post(change, {"name": "X"}).status_code == 403
    delete = reverse("admin:geo_administrativeunit_delete", args=[dong_nai.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AdministrativeUnit.objects.get(pk=dong_nai.pk).name == "Tỉnh Đồng Nai"


def test_retype_through_the_form_keeps_history(admin_client, dong_nai):
    url = reverse("admin:geo_administrativeunit_rename", args=[dong_nai.pk])
    assert "Tỉnh Đồng Nai" in admin_client.get(url).content.decode()
    form = {
        "name": "Thành phố Đồng Nai",
        "short_name": "Đồng Nai",
        "kind": "Thành phố",
        "effective": "30/04/2026",
        "basis": "Nghị quyết 2026",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302
    new = selectors.unit_as_of("75", on=date(2026, 4, 30))
    assert response["Location"] == reverse("admin:geo_administrativeunit_change", args=[new.pk])
    assert (new.name, new.kind) == ("Thành phố Đồng Nai", "Thành phố")
    assert selectors.unit_as_of("75", on=date(2026, 4, 29)).name == "Tỉnh Đồng Nai"
    assert UnitSuccession.objects.get(successor=new).kind == "retype"


def test_form_shows_service_refusals(admin_client, dong_nai):
    url = reverse("admin:geo_administrativeunit_rename", args=[dong_nai.pk])
    form = {"name": "Tỉnh Đồng Nai", "kind": "Tỉnh", "effective": "2026-04-30"}
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "Tên mới trùng với tên hiện tại" in response.content.decode()


def test_action_opens_the_rename_form_for_one_unit(admin_client, dong_nai):
    data = {"action": "rename_selected", "_selected_action": [dong_nai.pk]}
    response = admin_client.post(CHANGELIST, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{dong_nai.pk}/rename/")


def test_successions_are_listed_read_only(admin_client, dong_nai):
    url = reverse("admin:geo_unitsuccession_changelist")
    assert admin_client.get(url, {"q": "dong nai"}).status_code == 200
