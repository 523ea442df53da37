"""Seeding the calendar table, administrator edits, and the cached engine built from it."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from io import StringIO

import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from motcua.core.calendar import VN_TZ, CounterHoursError, OutOfCalendarRange
from motcua.core.calendar_models import CalendarDay, CalendarYear
from motcua.core.calendar_services import (
    CalendarDataError,
    calendar_day_delete,
    calendar_day_save,
    calendar_seed,
    centre_deadline,
    covered_years,
    load_official_calendar,
    working_calendar,
)
from motcua.core.models import User

pytestmark = pytest.mark.django_db


def seed(*years: int) -> None:
    calendar_seed(years=years)


def row(day: date) -> CalendarDay:
    return CalendarDay.objects.get(date=day)


def test_seed_applies_the_official_file_over_the_package():
    seed(2026)
    make_up = row(date(2026, 1, 10))
    assert make_up.is_working
    assert make_up.source == CalendarDay.Source.OFFICIAL
    assert not row(date(2026, 1, 2)).is_working  # missing in the package, in the file
    assert row(date(2026, 11, 24)).source == CalendarDay.Source.OFFICIAL
    assert row(date(2026, 2, 17)).name == "Tết Nguyên đán (mùng 1)"
    # Weekend holidays are not stored: weekends are off by the weekly rule.
    assert not CalendarDay.objects.filter(date=date(2026, 4, 26)).exists()
    assert list(CalendarYear.objects.values_list("year", flat=True)) == [2026]


def test_seed_uses_the_package_for_years_the_file_does_not_cover():
    seed(2027)
    tet = row(date(2027, 2, 8))
    assert not tet.is_working
    assert tet.source == CalendarDay.Source.HOLIDAYS_PACKAGE
    assert tet.confidence == "C"
    assert not row(date(2027, 11, 24)).is_working


def test_seed_is_idempotent():
    first = calendar_seed(years=[2025, 2026])
    stamps = dict(CalendarDay.objects.values_list("date", "updated_at"))
    again = calendar_seed(years=[2025, 2026])
    assert sum(r.created for r in first) == CalendarDay.objects.count()
    assert [(r.created, r.updated, r.deleted) for r in again] == [(0, 0, 0), (0, 0, 0)]
    assert dict(CalendarDay.objects.values_list("date", "updated_at")) == stamps


def test_seed_corrects_rows_that_drifted_and_removes_stale_ones():
    seed(2026)
    CalendarDay.objects.filter(date=date(2026, 1, 10)).update(is_working=False, source="holidays")
    CalendarDay.objects.create(date=date(2026, 3, 3), is_working=False, name="x", source="official")
    (result,) = calendar_seed(years=[2026])
    assert (result.updated, result.deleted) == (1, 1)
    assert row(date(2026, 1, 10)).is_working
    assert not CalendarDay.objects.filter(date=date(2026, 3, 3)).exists()


def test_seed_never_overwrites_administrator_rows():
    seed(2026)
    day = row(date(2026, 11, 24))
    day.is_working = True
    day.name = "Tỉnh quyết định làm việc"
    calendar_day_save(day=day)
    extra = CalendarDay(date=date(2026, 3, 3), is_working=False, name="Nghỉ riêng của tỉnh")
    calendar_day_save(day=extra)
    (result,) = calendar_seed(years=[2026])
    assert result.kept_admin == 2
    assert row(date(2026, 11, 24)).is_working
    assert row(date(2026, 11, 24)).source == CalendarDay.Source.ADMIN
    assert not row(date(2026, 3, 3)).is_working


def test_deleted_row_comes_back_at_the_next_seeding():
    seed(2026)
    calendar_day_delete(day=row(date(2026, 1, 2)))
    seed(2026)
    assert row(date(2026, 1, 2)).source == CalendarDay.Source.OFFICIAL


def test_command_shows_a_line_per_year_and_is_idempotent():
    out = StringIO()
    call_command("seed_calendar", "--years", "2025-2027", stdout=out)
    text = out.getvalue()
    for year in (2025, 2026, 2027):
        assert f"  {year}: " in text
    assert "2026: 14 ngày nghỉ, 2 ngày làm bù" in text
    out = StringIO()
    call_command("seed_calendar", "--years", "2025-2027", stdout=out)
    assert "Xong: 3 năm, 0 dòng thay đổi." in out.getvalue()


@pytest.mark.parametrize("years", ["2035-2020", "20x6", "1900-1901", "2026-"])
def test_command_refuses_bad_year_ranges(years):
    with pytest.raises(CommandError, match="--years"):
        call_command("seed_calendar", "--years", years, stdout=StringIO())


def test_broken_official_file_is_a_clear_error(tmp_path):
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps({"years": {"2026": {"days_off": [{"date": "2025-13-01"}]}}}))
    with pytest.raises(CalendarDataError, match=r"calendar\.json"):
        load_official_calendar(path)
    with pytest.raises(CommandError, match=r"calendar\.json"):
        call_command("seed_calendar", "--years", "2026", "--official", str(path), stdout=StringIO())


def test_engine_follows_the_table_and_sees_edits_at_once():
    seed(2025, 2026, 2027)
    cal = working_calendar()
    assert cal.years == range(2025, 2028)
    monday = datetime(2026, 3, 2, 8, tzinfo=VN_TZ)
    assert cal.add(monday, 1, "working_day") == datetime(2026, 3, 2, 17, tzinfo=VN_TZ)
    assert working_calendar() is cal  # cached while the table is unchanged
    calendar_day_save(day=CalendarDay(date=date(2026, 3, 2), is_working=False, name="Bão"))
    fresh = working_calendar()
    assert fresh is not cal
    assert fresh.add(monday, 1, "working_day") == datetime(2026, 3, 3, 17, tzinfo=VN_TZ)


def test_engine_is_cached_per_counter_hours():
    seed(2026)
    default = working_calendar()
    early = working_calendar(counter_hours="07:00-11:00, 13:00-17:00")
    assert early is not default
    assert working_calendar(counter_hours="07:00-11:00,13:00-17:00") is early
    with pytest.raises(CounterHoursError):
        working_calendar(counter_hours="07-11")


def test_unseeded_years_are_refused():
    seed(2026)
    with pytest.raises(OutOfCalendarRange, match="2027"):
        working_calendar().add(datetime(2027, 3, 1, 8, tzinfo=VN_TZ), 1, "working_day")


def test_covered_years_is_the_contiguous_run_holding_this_year(settings):
    seed(2020, 2021)
    this_year = datetime.now(VN_TZ).year
    seed(this_year - 1, this_year, this_year + 1)
    assert covered_years() == range(this_year - 1, this_year + 2)


class Centre:
    def __init__(self, counter_hours: str, cutoff: time | None):
        self.counter_hours = counter_hours
        self.cutoff = cutoff


def test_centre_deadline_uses_the_centre_hours_and_cutoff():
    seed(2026)
    centre = Centre("07:00-11:00,13:00-17:00", time(15))
    received = datetime(2026, 3, 2, 16, tzinfo=VN_TZ)
    result = centre_deadline(start=received, value=1, unit="working_day", centre=centre)
    assert result.effective_start == datetime(2026, 3, 3, 7, tzinfo=VN_TZ)
    assert result.due_at == datetime(2026, 3, 3, 17, tzinfo=VN_TZ)
    no_cutoff = centre_deadline(
        start=received, value=1, unit="working_hour", centre=centre, use_centre_cutoff=False
    )
    assert no_cutoff.due_at == datetime(2026, 3, 2, 17, tzinfo=VN_TZ)


def test_admin_saves_through_the_service_and_marks_the_row_admin():
    seed(2026)
    admin_user = User.objects.create_superuser("quantri", password="mat-khau-dai-2026")
    request = RequestFactory().post("/")
    request.user = admin_user
    model_admin = site._registry[CalendarDay]
    day = row(date(2026, 1, 2))
    day.name = "Nghỉ Tết Dương lịch"
    model_admin.save_model(request, day, form=None, change=True)
    assert row(date(2026, 1, 2)).source == CalendarDay.Source.ADMIN
    assert row(date(2026, 1, 2)).name == "Nghỉ Tết Dương lịch"


def test_admin_lists_filters_and_searches_calendar_days(client):
    seed(2026, 2027)
    User.objects.create_superuser("quantri", password="mat-khau-dai-2026")
    client.login(username="quantri", password="mat-khau-dai-2026")
    response = client.get("/admin/core/calendarday/", {"year": "2026", "is_working__exact": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "10/01/2026" in body
    assert "24/11/2026" not in body
    response = client.get("/admin/core/calendarday/", {"q": "Văn hóa"})
    assert "24/11/2026" in response.content.decode()
    assert client.get("/admin/core/apitoken/").status_code == 200
    assert client.get("/admin/core/apitoken/add/").status_code == 403


def test_admin_add_form_creates_an_admin_row_that_the_engine_sees(client):
    seed(2026)
    User.objects.create_superuser("quantri", password="mat-khau-dai-2026")
    client.login(username="quantri", password="mat-khau-dai-2026")
    assert client.get("/admin/core/calendarday/add/").status_code == 200
    assert client.get("/admin/core/user/").status_code == 200
    response = client.post(
        "/admin/core/calendarday/add/",
        {"date": "03/03/2026", "is_working": "", "name": "Nghỉ do bão", "confidence": "V"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert row(date(2026, 3, 3)).source == CalendarDay.Source.ADMIN
    assert not working_calendar().is_working_day(date(2026, 3, 3))
