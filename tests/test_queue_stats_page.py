"""The queue statistics page: the daily waiting-time chart, its tables, and who may read it.

The figures are those of ``test_queue_stats`` (computed by hand there); here they must reach
the page, in Vietnamese number format, in an SVG drawn on the server and in tables.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from motcua.agencies import services as agencies
from motcua.agencies.models import Role
from motcua.desk import selectors
from motcua.office.queue import present
from tests.personas import PASSWORD
from tests.test_queue_pages import officer_client, page, text
from tests.test_queue_stats import history_fixture  # noqa: F401 - fixture
from tests.test_queue_world import (  # noqa: F401 - fixtures
    World,
    at,
    fast_passwords,
    frozen,
    queue_fixture,
    world_fixture,
)


def test_the_statistics_chart_and_tables(history: World):
    client = officer_client(history, history.p.supervisor)
    with frozen(at(4, 17)):
        response = client.get(reverse("office:queue_stats"))
    assert response.status_code == 200
    html, words = page(response), text(response)
    assert "<script" not in html
    assert "Từ 03/02/2026 đến 04/03/2026" in words  # the last 30 days
    assert "Thời gian chờ trung bình: 13,4 phút" in words  # (82 + 12) / 7
    assert "Lượt chờ không quá 15 phút: 71,4 %" in words  # 5 of 7
    assert "Số đã lấy nhưng chưa được gọi: 1" in words
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "Mục tiêu 15 phút" in svg
    assert svg.count('class="bar-ok"') == 29 and svg.count('fill="url(#over-target)"') == 1
    assert "02/03: 16,4 phút, 5 lượt" in svg and "03/03: 6,0 phút, 2 lượt" in svg
    drawing = svg[svg.index(">") :]  # the shapes, past the <svg> element's own width="100%"
    coordinates = re.findall(r'\b(?:x|y|x1|x2|y1|y2|width|height)="([^"]*)"', drawing)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", c) for c in coordinates)
    assert "02/03/2026 6 5 1 16,4 phút 60,0 %" in words
    assert "03/03/2026 2 2 0 6,0 phút 100,0 %" in words
    assert "2. Quầy Đất đai 5 4 1 16,4 phút 7,0 phút" in words
    assert "3. Quầy Hộ tịch 2 2 0 6,0 phút 5,0 phút" in words
    assert "So sánh các bộ phận một cửa" not in words  # one centre supervised


def test_the_statistics_for_a_chosen_range(history: World):
    client = officer_client(history, history.p.supervisor)
    response = client.get(
        reverse("office:queue_stats"), {"start": "03/03/2026", "end": "04/03/2026"}
    )
    words = text(response)
    assert "Từ 03/03/2026 đến 04/03/2026" in words
    assert "Thời gian chờ trung bình: 6,0 phút" in words
    assert "2. Quầy Đất đai 0 0 0 — —" in words
    bad = client.get(reverse("office:queue_stats"), {"start": "05/03/2026", "end": "04/03/2026"})
    assert bad.status_code == 400
    assert "Ngày bắt đầu phải trước ngày kết thúc." in text(bad)


def test_a_province_supervisor_compares_centres(history: World):
    chief = agencies.account_create(username="giamsattinh", password=PASSWORD, full_name="GS")
    agencies.staff_grant_role(
        user=chief, role=Role.PROVINCE_SUPERVISOR, agency=history.p.department.parent
    )
    client = officer_client(history, chief)
    response = client.get(
        reverse("office:queue_stats"),
        {"centre": "H99.40", "start": "02/03/2026", "end": "04/03/2026"},
    )
    words = text(response)
    assert "Thời gian chờ tại Bộ phận Một cửa xã Thử" in words
    assert "Thời gian chờ trung bình: 40,0 phút" in words
    assert "So sánh các bộ phận một cửa" in words
    assert "Trung tâm PVHCC tỉnh Thử 7 13,4 phút 71,4 %" in words
    assert "Bộ phận Một cửa xã Thử 1 40,0 phút 0,0 %" in words


@pytest.mark.parametrize("who", ["citizen", "desk_officer", "handling_official"])
def test_only_supervisors_read_the_statistics(history: World, who):
    response = officer_client(history, getattr(history.p, who)).get(reverse("office:queue_stats"))
    assert response.status_code == 403
    assert "Chỉ người giám sát bộ phận một cửa mới xem thống kê." in text(response)


def test_the_chart_geometry():
    days = [
        selectors.DailyWaiting(day=at(2).date(), taken=0, visits=0, average=None, within_target=0),
        selectors.DailyWaiting(
            day=at(3).date(), taken=3, visits=3, average=timedelta(minutes=10), within_target=3
        ),
        selectors.DailyWaiting(
            day=at(4).date(), taken=2, visits=2, average=timedelta(minutes=20), within_target=0
        ),
    ]
    chart = present.waiting_chart(days, timedelta(minutes=15))
    base, plot = chart.base_y, chart.base_y - 16  # the plot starts 16 px from the top
    assert [t[1] for t in chart.ticks] == ["0", "5", "10", "15", "20", "25"]  # 20 → 25
    assert chart.target_y == pytest.approx(base - plot * 15 / 25, abs=0.1)
    empty, short, long = chart.bars
    assert empty.height == 0 and not empty.over
    assert short.height == pytest.approx(plot * 10 / 25, abs=0.1) and not short.over
    assert long.height == pytest.approx(plot * 20 / 25, abs=0.1) and long.over
    assert chart.target_label == "Mục tiêu 15 phút"
    assert [b.label for b in chart.bars] == ["02/03", "03/03", "04/03"]
    assert present.clock(timedelta(seconds=45)) == "45 giây"
    assert present.clock(timedelta(minutes=12, seconds=5)) == "12 phút 05 giây"
    assert present.minutes(timedelta(seconds=492)) == "8,2 phút"
    assert present.share(2 / 3) == "66,7 %"
