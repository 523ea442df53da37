"""Public procedure API: search without diacritics (đ too), detail, pagination, bad input."""

from __future__ import annotations

import unicodedata

import pytest

from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.catalog.sample import sample_records
from motcua.catalog.selectors import procedure_search
from motcua.catalog.services import procedure_assign, procedures_import

pytestmark = pytest.mark.django_db

URL = "/api/v1/procedures"


@pytest.fixture(autouse=True)
def imported():
    assert procedures_import(records=sample_records(), province="Hà Tĩnh").ok


def codes(response) -> list[str | None]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_search_ignores_diacritics(api):
    assert codes(api.get(URL, q="dang ky khai sinh")) == ["1.001193", "3.000722"]


def test_search_words_match_in_any_order(api):
    assert codes(api.get(URL, q="khai sinh dang ky")) == ["1.001193", "3.000722"]
    assert codes(api.get(URL, q="sinh thủ tục")) == ["1.001193"]


def test_search_folds_d_with_stroke_both_cases(api):
    assert "1.012783" in codes(api.get(URL, q="cap doi giay chung nhan"))  # Cấp đổi
    residence = ["1.004222", "3.000722"]  # "Đăng ký thường trú" and "…đăng ký thường trú…"
    assert codes(api.get(URL, q="DANG KY THUONG TRU")) == residence
    assert codes(api.get(URL, q="ĐĂNG KÝ THƯỜNG TRÚ")) == residence
    assert codes(api.get(URL, q="đăng ký thường trú")) == residence


def test_search_accepts_nfd_input(api):
    query = unicodedata.normalize("NFD", "Đăng ký thường trú")
    assert query != unicodedata.normalize("NFC", query)
    assert codes(api.get(URL, q=query)) == ["1.004222", "3.000722"]


def test_search_by_code(api):
    assert codes(api.get(URL, q="1.004222")) == ["1.004222"]
    assert codes(api.get(URL, q="3.000527.H61")) == ["3.000527.H61"]


def test_search_selector_matches_word_starts_only():
    found = [v.procedure.code for v in procedure_search(q="thuong tru")]
    assert found == ["1.004222", "1.012994", "3.000722"]  # 1.012994: "bồi thường … khấu trừ"
    assert not procedure_search(q="uong tru").exists()
    assert [v.procedure.code for v in procedure_search(q="khai sin")] == ["1.001193", "3.000722"]


def test_filters_by_field_and_level(api):
    assert codes(api.get(URL, field="chung thuc", level="commune")) == [
        "2.000815",
        "2.000884",
        "2.001035",
    ]
    assert codes(api.get(URL, field="Chứng thực", level="province")) == ["2.000908"]
    assert api.get(URL, level="ministry").json()["total"] == 1
    assert api.get(URL, online_level="full").json()["total"] == 8


def test_pagination_reports_the_total(api):
    first = api.get(URL, limit=10).json()
    last = api.get(URL, limit=10, offset=20).json()
    assert (first["total"], len(first["items"])) == (27, 10)
    assert (last["total"], len(last["items"]), last["offset"]) == (27, 7, 20)
    assert last["items"][-1]["code"] is None  # procedures without a code come last


def test_detail_has_every_public_field(api):
    agency = Agency.objects.create(e_identifier="H44.12", name="Công an xã", kind="sector")
    procedure_assign(procedure=Procedure.objects.get(code="1.004222"), agency=agency)
    response = api.get(f"{URL}/1.004222")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Đăng ký thường trú"
    assert body["field"]["name"] == "Đăng ký, quản lý cư trú"
    assert (body["level"], body["level_label"]) == ("commune", "Cấp xã")
    assert body["handling_time"]["value"] == 7
    assert body["handling_time"]["unit"] == "working_day"
    assert body["fee_vnd"] == 20000
    assert body["online_level"] == "partial"
    assert body["version"] == 1
    assert body["effective_from"] is None
    assert len(body["components"]) == 3
    assert body["components"][1]["original_or_copy"] == "original_or_certified_copy"
    assert body["legal_basis"] == [
        {"reference": "66/2023/TT-BCA", "title": None, "issued_on": None, "issuer": None}
    ]
    assert body["result"].startswith("Thông báo kết quả")
    assert body["agencies"][0]["e_identifier"] == "H44.12"
    assert body["verified"] is True
    assert body["sources"]
    for key in ("channels", "subjects", "conditions", "online_only", "same_day", "cutoff"):
        assert key in body
    assert body["versions"] == [
        {"number": 1, "effective_from": None, "effective_to": None, "locked": False}
    ]


def test_detail_summarises_internal_processes(api):
    body = api.get(f"{URL}/1.014464").json()
    (process,) = body["internal_processes"]
    assert process["province"] == "Hà Tĩnh"
    assert process["status"] == "unknown_times"
    assert process["unknown_steps"] == 2
    assert (process["total"], process["target"]) == (3, 3)
    assert process["steps"][0]["time"] == {"value": None, "unit": None, "raw": "Giờ hành chính"}
    assert process["steps"][1]["working_days"] == 0.25


def test_detail_of_same_day_certification(api):
    body = api.get(f"{URL}/2.000815").json()
    assert (body["same_day"], body["cutoff"], body["fee_vnd"]) == (True, "15:00", 2000)


def test_detail_keeps_nulls(api):
    body = api.get(f"{URL}/1.013225").json()
    assert body["handling_time"]["value"] is None
    assert body["fee_vnd"] is None
    assert body["result"] is None
    assert body["legal_basis"] == []


def test_uncoded_procedure_by_id(api):
    item = api.get(URL, q="ho kinh doanh karaoke").json()["items"][0]
    assert item["code"] is None
    body = api.get(f"{URL}/by-id/{item['id']}").json()
    assert body["online_level"] == "full"


def test_unknown_code_is_404_in_vietnamese(api):
    response = api.get(f"{URL}/9.999999")
    assert response.status_code == 404
    assert "Không tìm thấy thủ tục" in response.json()["message"]
    assert api.get(f"{URL}/by-id/999999").status_code == 404


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        (URL, {"level": "village"}, "level"),
        (URL, {"q": "x" * 201}, "q"),
        (URL, {"limit": 1000}, "limit"),
        (URL, {"limit": 0}, "limit"),
        (URL, {"offset": -1}, "offset"),
        (URL, {"online_level": "toàn trình"}, "online_level"),
        (URL, {"on": "31/02/2026"}, "on"),
        (f"{URL}/1.0042", {}, "code"),
        (f"{URL}/abc", {}, "code"),
        (f"{URL}/1.004222x", {}, "code"),
        (f"{URL}/by-id/0", {}, "procedure_id"),
        (f"{URL}/by-id/abc", {}, "procedure_id"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, path, params, field):
    response = api.get(path, **params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in [e["field"] for e in body["errors"]]
    assert field in body["message"]


@pytest.mark.parametrize("value", ["%", "_", "'; drop table", "đ" * 200, "(CFS)"])
def test_odd_queries_are_plain_text(api, value):
    assert api.get(URL, q=value).status_code == 200
    assert api.get(URL, field=value).json()["total"] == 0


@pytest.mark.parametrize("param", ["q", "field"])
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "tab\there"])
def test_control_characters_are_422(api, param, value):
    response = api.get(URL, **{param: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == param
