"""GET /api/v1/units and /api/v1/units/{code}: dated answers, folded search, clear errors."""

import pytest

from motcua.geo.loader import load_units
from motcua.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def hanoi_and_tuyen_quang(django_db_setup, django_db_blocker):
    """Two provinces loaded once for the module, removed afterwards."""
    with django_db_blocker.unblock():
        load_units(provinces=["01", "08"])
    yield
    with django_db_blocker.unblock():
        AdministrativeUnit.objects.all().delete()


def test_list_is_public_paginated_and_dated(api):
    response = api.get("/api/v1/units", level="province", limit=1)
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["limit"], body["offset"]) == (2, 1, 0)
    assert body["items"][0]["code"] == "01"
    second = api.get("/api/v1/units", level="province", limit=1, offset=1).json()
    assert second["items"][0]["name"] == "Tỉnh Tuyên Quang"
    before = api.get("/api/v1/units", level="province", as_of="2025-06-30").json()
    assert [i["code"] for i in before["items"]] == ["01", "02", "08"]


@pytest.mark.parametrize("q", ["truc bach", "TRÚC BẠCH", "Trúc Bạch", "trúc bạch"])
def test_search_ignores_diacritics(api, q):
    body = api.get("/api/v1/units", q=q, as_of="2025-06-30").json()
    assert [(i["code"], i["name"], i["parent_name"]) for i in body["items"]] == [
        ("00004", "Phường Trúc Bạch", "Quận Ba Đình")
    ]


def test_search_folds_d_bar_and_accepts_empty_parameters(api):
    body = api.get("/api/v1/units", q="dong da", level="", as_of="").json()
    assert "Phường Đống Đa" in [i["name"] for i in body["items"]]
    assert all(i["valid_to"] is None for i in body["items"])


def test_children_through_parent_filter(api):
    body = api.get("/api/v1/units", parent="08", as_of="2025-07-01", limit=200).json()
    assert body["total"] == 124
    assert {i["parent_name"] for i in body["items"]} == {"Tỉnh Tuyên Quang"}


def test_detail_follows_the_date_for_a_reused_code(api):
    old = api.get("/api/v1/units/00004", as_of="2025-06-30").json()
    new = api.get("/api/v1/units/00004", as_of="2025-07-01").json()
    assert (old["name"], old["parent"]["name"], old["valid_to"]) == (
        "Phường Trúc Bạch",
        "Quận Ba Đình",
        "2025-07-01",
    )
    assert (new["name"], new["parent_code"], new["parent_name"]) == (
        "Phường Ba Đình",
        "01",
        "Thành phố Hà Nội",
    )
    assert [(s["name"], s["change"], s["is_default"]) for s in old["successors"]] == [
        ("Phường Ba Đình", "merge", True)
    ]
    assert "Phường Trúc Bạch" in [p["name"] for p in new["predecessors"]]
    assert [v["name"] for v in new["versions"]] == ["Phường Trúc Bạch", "Phường Ba Đình"]


def test_detail_of_a_merged_province(api):
    body = api.get("/api/v1/units/02", as_of="01/01/2025").json()
    assert (body["name"], body["level"], body["dataset"]) == (
        "Tỉnh Hà Giang",
        "province",
        "vn63-pre2025",
    )
    assert [(s["code"], s["valid_from"]) for s in body["successors"]] == [("08", "2025-07-01")]


def test_detail_defaults_to_today(api):
    body = api.get("/api/v1/units/01").json()
    assert (body["name"], body["kind"], body["valid_from"], body["valid_to"]) == (
        "Thành phố Hà Nội",
        "Thành phố",
        None,
        None,
    )


def test_unknown_code_is_404_in_vietnamese(api):
    for code in ["99999", "abc", "%00"]:
        response = api.get(f"/api/v1/units/{code}")
        assert response.status_code == 404
        assert "Không tìm thấy đơn vị hành chính" in response.json()["message"]


def test_code_not_in_force_on_the_date_is_404_naming_as_of(api):
    response = api.get("/api/v1/units/02")
    assert response.status_code == 404
    body = response.json()
    assert "không có đơn vị hành chính nào có hiệu lực" in body["message"]
    assert "Tỉnh Hà Giang" in body["message"]
    assert body["errors"][0]["field"] == "as_of"


def test_wrong_level_on_detail_is_404_naming_level(api):
    response = api.get("/api/v1/units/01", level="commune")
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "level"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2025-13-01"}, "as_of"),
        ({"as_of": "hôm qua"}, "as_of"),
        ({"level": "village"}, "level"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1000"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": "-1"}, "offset"),
    ],
)
def test_bad_list_input_is_422_naming_the_field(api, params, field):
    response = api.get("/api/v1/units", **params)
    assert response.status_code == 422
    body = response.json()
    assert [e["field"] for e in body["errors"]] == [field]
    assert field in body["message"]


@pytest.mark.parametrize(
    ("params", "field"), [({"as_of": "x"}, "as_of"), ({"level": "1"}, "level")]
)
def test_bad_detail_input_is_422(api, params, field):
    response = api.get("/api/v1/units/00004", **params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
