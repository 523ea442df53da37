"""The public calendar endpoints: deadline computation and a year's exceptions."""

from __future__ import annotations

import json
import math
from datetime import time

import pytest

from motcua.agencies.models import Agency, ServiceCentre
from motcua.core.calendar_services import calendar_seed

pytestmark = pytest.mark.django_db

DEADLINE = "/api/v1/calendar/deadline"


@pytest.fixture(autouse=True)
def seeded() -> None:
    calendar_seed(years=[2025, 2026, 2027])


@pytest.fixture
def centre() -> ServiceCentre:
    agency = Agency.objects.create(
        e_identifier="H99.01", name="UBND xã Thử", kind=Agency.Kind.COMMUNE_COMMITTEE
    )
    # bulk_create: the centre is plain data here; its own save rules are tested elsewhere.
    (made,) = ServiceCentre.objects.bulk_create(
        [
            ServiceCentre(
                code="H99.01.TN",
                name="Bộ phận Một cửa xã Thử",
                level=ServiceCentre.Level.COMMUNE,
                agency=agency,
                counter_hours="07:00-11:00,13:00-17:00",
                cutoff=time(15),
            )
        ]
    )
    return made


def post(api, **body):
    return api.post(DEADLINE, body)


def assert_field_error(response, field: str, status: int = 422) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert field in [error["field"] for error in body["errors"]], body
    assert body["message"]


def test_deadline_across_tet_2026(api):
    response = post(api, start="2026-02-13T10:00:00+07:00", value=1, unit="working_day")
    assert response.status_code == 200
    assert response.json() == {
        "effective_start": "2026-02-13T10:00:00+07:00",
        "due_at": "2026-02-23T10:00:00+07:00",
    }


def test_deadline_with_an_explicit_cutoff(api):
    response = post(
        api, start="2026-03-02T16:30:00+07:00", value=1, unit="working_day", cutoff="15:00"
    )
    assert response.json() == {
        "effective_start": "2026-03-03T08:00:00+07:00",
        "due_at": "2026-03-03T17:00:00+07:00",
    }


def test_deadline_accepts_other_offsets_and_answers_in_vietnam_time(api):
    response = post(api, start="2026-03-02T04:45:00Z", value=0.25, unit="working_day")
    assert response.json()["due_at"] == "2026-03-02T14:45:00+07:00"


def test_calendar_days(api):
    response = post(api, start="2026-03-02T10:00:00+07:00", value=5, unit="day")
    assert response.json()["due_at"] == "2026-03-09T17:00:00+07:00"


def test_centre_hours_and_cutoff_apply_when_cutoff_is_omitted(api, centre):
    response = post(
        api, start="2026-03-02T16:00:00+07:00", value=2, unit="working_hour", centre="H99.01.TN"
    )
    assert response.json() == {
        "effective_start": "2026-03-03T07:00:00+07:00",
        "due_at": "2026-03-03T09:00:00+07:00",
    }


def test_null_cutoff_disables_the_centre_cutoff(api, centre):
    response = post(
        api,
        start="2026-03-02T16:00:00+07:00",
        value=2,
        unit="working_hour",
        centre="H99.01.TN",
        cutoff=None,
    )
    # 16:00–17:00 Monday, then Tuesday 07:00–08:00 at this centre.
    assert response.json()["due_at"] == "2026-03-03T08:00:00+07:00"


def test_without_centre_or_cutoff_there_is_no_cutoff(api):
    response = post(api, start="2026-03-02T16:00:00+07:00", value=1, unit="working_hour")
    assert response.json()["due_at"] == "2026-03-02T17:00:00+07:00"


def test_unknown_centre_is_422_naming_centre(api):
    response = post(
        api, start="2026-03-02T10:00:00+07:00", value=1, unit="working_day", centre="X99"
    )
    assert_field_error(response, "centre")
    assert "X99" in response.json()["errors"][0]["message"]


def test_centre_with_unreadable_hours_is_422_not_500(api, centre):
    ServiceCentre.objects.filter(pk=centre.pk).update(counter_hours="sáng 7-11")
    response = post(
        api, start="2026-03-02T10:00:00+07:00", value=1, unit="working_day", centre="H99.01.TN"
    )
    assert_field_error(response, "centre")


GOOD = {"start": "2026-03-02T10:00:00+07:00", "value": 1, "unit": "day"}
MISSING = object()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start": "2026-03-02T10:00:00"}, "start"),
        ({"start": "02/03/2026"}, "start"),
        ({"start": MISSING}, "start"),
        ({"value": -1}, "value"),
        ({"value": math.nan}, "value"),
        ({"value": math.inf}, "value"),
        ({"value": 1e308}, "value"),
        ({"value": "1"}, "value"),
        ({"value": True}, "value"),
        ({"unit": "week"}, "unit"),
        ({"cutoff": "25:00"}, "cutoff"),
        ({"cutoff": "3pm"}, "cutoff"),
        ({"cutoff": 15}, "cutoff"),
        ({"centre": ""}, "centre"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, changes, field):
    body = {k: v for k, v in {**GOOD, **changes}.items() if v is not MISSING}
    response = api.post(DEADLINE, raw=json.dumps(body))  # NaN and Infinity as Python writes them
    assert_field_error(response, field)


def test_naive_start_message_is_vietnamese(api):
    response = post(api, start="2026-03-02T10:00:00", value=1, unit="working_day")
    assert "múi giờ" in response.json()["errors"][0]["message"]


def test_start_in_an_unseeded_year_is_422_naming_start(api):
    response = post(api, start="2031-03-03T10:00:00+07:00", value=1, unit="working_day")
    assert_field_error(response, "start")
    assert "2031" in response.json()["message"] + response.json()["errors"][0]["message"]


@pytest.mark.parametrize("start", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_extreme_starts_are_422_not_500(api, start):
    response = post(api, start=start, value=1, unit="working_day")
    assert_field_error(response, "start")


def test_due_beyond_the_seeded_years_is_422_naming_value(api):
    response = post(api, start="2027-12-01T10:00:00+07:00", value=90_000, unit="working_hour")
    assert_field_error(response, "value")
    assert "2028" in response.json()["errors"][0]["message"]


def test_year_lists_days_off_and_make_up_days(api):
    response = api.get("/api/v1/calendar/2026")
    assert response.status_code == 200
    body = response.json()
    assert body["make_up_working_days"] == ["2026-01-10", "2026-08-22"]
    assert "2026-01-02" in body["days_off"]
    assert "2026-11-24" in body["days_off"]
    assert "2026-02-16" in body["days_off"]
    assert "2026-04-26" not in body["days_off"]  # a Sunday: off by the weekly rule
    assert len(body["days_off"]) == 14


def test_unseeded_year_is_404(api):
    response = api.get("/api/v1/calendar/2031")
    assert_field_error(response, "year", status=404)


@pytest.mark.parametrize("year", ["1066", "99999", "abc"])
def test_year_out_of_range_is_422(api, year):
    response = api.get(f"/api/v1/calendar/{year}")
    assert_field_error(response, "year")


def test_endpoints_are_public(api):
    assert api.token is None
    assert api.get("/api/v1/calendar/2025").status_code == 200
