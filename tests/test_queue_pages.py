"""The queue's pages through the test client: kiosk, ticket, hall display, counter.

Everything a person does is a plain link or a POST form with a CSRF token, so the pages are
checked as a browser without JavaScript sees them; a refused action answers with the same
page, a clear message, the error's status, and nothing changed.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from motcua.desk import services
from motcua.desk.models import Ticket
from tests.test_queue_world import (  # noqa: F401 - fixtures
    Queue,
    World,
    at,
    fast_passwords,
    frozen,
    queue_fixture,
    world_fixture,
)

Status = Ticket.Status


def page(response) -> str:
    return response.content.decode()


def text(response) -> str:
    """The page's visible words, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page(response)))


def counter_url(world: World, counter=None) -> str:
    return reverse("office:queue_counter", kwargs={"pk": (counter or world.land).pk})


def officer_client(world: World, user=None) -> Client:
    client = Client()
    client.force_login(user or world.officer)
    return client


# -- kiosk and ticket (public) -------------------------------------------------------------


def test_url_names():
    assert reverse("office:queue_index") == "/xep-hang/"
    assert reverse("office:queue_kiosk", args=["H99.30"]) == "/xep-hang/H99.30/lay-so/"
    assert reverse("office:queue_display", args=["H99.30"]) == "/xep-hang/H99.30/man-hinh/"
    assert reverse("office:queue_counter", kwargs={"pk": 7}) == "/xep-hang/quay/7/"
    assert reverse("office:queue_stats") == "/xep-hang/thong-ke/"


def test_the_index_lists_centres_that_give_numbers(client, world: World):
    response = client.get(reverse("office:queue_index"))
    assert response.status_code == 200
    assert "Trung tâm PVHCC tỉnh Thử" in text(response)
    assert reverse("office:queue_kiosk", args=["H99.30"]) in page(response)


def test_the_kiosk_shows_one_big_button_per_line_and_who_waits(client, world: World, queue):
    queue.take(world.line_h, at(2, 8))
    with frozen(at(2, 8, 5)):
        response = client.get(reverse("office:queue_kiosk", args=["H99.30"]))
    assert response.status_code == 200
    html, words = page(response), text(response)
    assert "<script" not in html  # nothing on this page needs JavaScript
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    buttons = re.findall(r'<button type="submit" name="group" value="(\d+)"', html)
    assert buttons == [str(g.pk) for g in (world.line_a, world.line_b, world.line_h)]
    assert "Tư pháp Đang chờ: 0 người · Quầy 1" in words
    assert "Hộ tịch Đang chờ: 1 người · Quầy 1, 3" in words


def test_pressing_a_button_takes_a_number_and_shows_the_ticket(client, world: World, queue):
    queue.take(world.line_h, at(2, 8))
    with frozen(at(2, 8, 30)):
        response = client.post(
            reverse("office:queue_kiosk", args=["H99.30"]), {"group": world.line_h.pk}
        )
        ticket = Ticket.objects.get(number="H-002")
        assert response.status_code == 302
        assert response["Location"] == reverse("office:queue_ticket", kwargs={"pk": ticket.pk})
        shown = client.get(response["Location"])
    assert shown.status_code == 200
    words = text(shown)
    assert "H-002" in words and "Hộ tịch" in words
    assert "Số người chờ trước bạn 1" in words
    assert "Lấy số lúc 08:30, 02/03/2026" in words
    assert "Quầy phục vụ 1, 3" in words
    kiosk = reverse("office:queue_kiosk", args=["H99.30"])
    assert f'<meta http-equiv="refresh" content="45;url={kiosk}">' in page(shown)
    assert "@media print" not in page(shown)  # print rules live in the stylesheet
    assert "office/queue.css" in page(shown)


@pytest.mark.parametrize("group", ["", "abc", "other-centre", "inactive"])
def test_a_bad_button_takes_no_number(client, world: World, group):
    world.line_b.is_active = False
    world.line_b.save()
    chosen = {
        "other-centre": str(world.other_counter.queue_groups.get().pk),
        "inactive": str(world.line_b.pk),
    }.get(group, group)
    response = client.post(reverse("office:queue_kiosk", args=["H99.30"]), {"group": chosen})
    assert response.status_code == 400
    expected = (
        "Hãy chọn một quầy hoặc một lĩnh vực để lấy số."
        if group == ""
        else "Nhóm quầy này hiện không cấp số thứ tự."
    )
    assert expected in text(response)
    assert 'role="alert"' in page(response)
    assert not Ticket.objects.exists()


def test_an_unknown_centre_is_not_found(client, world: World):
    assert client.get(reverse("office:queue_kiosk", args=["H99.99"])).status_code == 404
    assert client.get(reverse("office:queue_display", args=["H99.99"])).status_code == 404
    assert client.get(reverse("office:queue_ticket", kwargs={"pk": 999})).status_code == 404


def test_the_kiosk_needs_a_csrf_token(world: World):
    client = Client(enforce_csrf_checks=True)
    url = reverse("office:queue_kiosk", args=["H99.30"])
    assert client.post(url, {"group": world.line_a.pk}).status_code == 403
    assert not Ticket.objects.exists()


def test_a_ticket_page_shows_no_personal_data(client, world: World):
    with frozen(at(2, 9)):
        ticket = services.ticket_take(
            centre=world.centre, field="Hộ tịch", phone="0912345678", id_number="001095001234"
        )
    response = client.get(reverse("office:queue_ticket", kwargs={"pk": ticket.pk}))
    assert "0912345678" not in page(response) and "001095001234" not in page(response)


# -- the hall display (public) -------------------------------------------------------------


def test_the_hall_display_shows_each_counter_and_the_last_calls(client, world: World, queue):
    queue.take(world.line_b, at(2, 8))
    queue.take(world.line_h, at(2, 8, 1))
    queue.take(world.line_h, at(2, 8, 2))
    queue.call(world.land, at(2, 8, 5))
    queue.call(world.civil_two, at(2, 8, 6))
    with frozen(at(2, 8, 7)):
        response = client.get(reverse("office:queue_display", args=["H99.30"]))
    html, words = page(response), text(response)
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="10">' in html
    assert "<script" not in html
    assert "Vừa gọi H-001 → Quầy 3" in words
    assert "Đã gọi trước đó B-001 → Quầy 2" in words
    assert "1. Quầy Tư pháp — Sẵn sàng" in words
    assert "2. Quầy Đất đai B-001 Đã gọi" in words
    assert "3. Quầy Hộ tịch H-001 Đã gọi" in words
    assert "H · Hộ tịch: 1" in words and "B · Đất đai: 0" in words


def test_an_empty_hall_display(client, world: World):
    with frozen(at(2, 7)):
        response = client.get(reverse("office:queue_display", args=["H99.30"]))
    assert "Chưa gọi số nào hôm nay." in text(response)


# -- the counter (desk officers) -----------------------------------------------------------


def test_the_counter_needs_a_login(client, world: World, settings):
    settings.LOGIN_URL = "/dang-nhap/"
    response = client.get(counter_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/?next=")


@pytest.mark.parametrize("who", ["citizen", "supervisor", "other_officer"])
def test_only_a_desk_officer_of_the_centre_opens_or_uses_the_counter(world: World, queue, who):
    waiting = queue.take(world.line_b, at(2, 8))
    person = getattr(world, who, None) or getattr(world.p, who)
    client = officer_client(world, person)
    with frozen(at(2, 9)):
        opened = client.get(counter_url(world))
        pressed = client.post(counter_url(world), {"action": "call_next"})
    for response in (opened, pressed):
        assert response.status_code == 403
        assert "Chỉ công chức tiếp nhận của Trung tâm PVHCC tỉnh Thử" in text(response)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING


def test_my_counters(world: World):
    client = officer_client(world)
    response = client.get(reverse("office:queue_counters"))
    assert response.status_code == 200
    assert "Quầy 1: Quầy Tư pháp" in text(response) and "Quầy 3: Quầy Hộ tịch" in text(response)
    single = officer_client(world, world.other_officer).get(reverse("office:queue_counters"))
    assert single.status_code == 302 and single["Location"] == counter_url(
        world, world.other_counter
    )
    citizen = officer_client(world, world.p.citizen).get(reverse("office:queue_counters"))
    assert citizen.status_code == 403


def test_a_visit_at_the_counter_without_javascript(world: World, queue):
    queue.take(world.line_b, at(2, 8))
    queue.take(world.line_b, at(2, 8, 3))
    client = officer_client(world)
    url = counter_url(world)
    with frozen(at(2, 8, 10)):
        empty = client.get(url)
        assert empty.status_code == 200
        assert "Quầy đang trống." in text(empty)
        assert 'name="action" value="call_next"' in page(empty)
        assert "Đang chờ (2)" in text(empty) and "B-001 Đất đai 08:00 10 phút 00 giây" in text(
            empty
        )
        called = client.post(url, {"action": "call_next"}, follow=True)
    assert called.redirect_chain == [(url, 302)]
    words = text(called)
    assert "Số B-001: đã gọi." in words and "Đang chờ (1)" in words
    ticket = Ticket.objects.get(number="B-001")
    assert ticket.status == Status.CALLED and ticket.called_to == world.land
    buttons = re.findall(r'name="action" value="(\w+)"', page(called))
    assert buttons == ["recall", "start", "no_show"]
    for action, moment, status in [
        ("recall", at(2, 8, 11), Status.CALLED),
        ("start", at(2, 8, 12), Status.SERVING),
        ("finish", at(2, 8, 20), Status.DONE),
    ]:
        with frozen(moment):
            response = client.post(url, {"action": action, "ticket": ticket.pk})
        assert response.status_code == 302, text(response)
        ticket.refresh_from_db()
        assert ticket.status == status
    assert (ticket.recalls, ticket.finished_at) == (1, at(2, 8, 20))
    with frozen(at(2, 8, 21)):
        client.post(url, {"action": "call_next"})
        second = Ticket.objects.get(number="B-002")
        response = client.post(url, {"action": "no_show", "ticket": second.pk}, follow=True)
    assert "Số B-002: vắng mặt." in text(response)
    second.refresh_from_db()
    assert second.status == Status.NO_SHOW


def _refused(client: Client, url: str, data: dict, status: int, message: str) -> None:
    response = client.post(url, data)
    assert response.status_code == status, text(response)
    assert message in text(response)
    assert 'role="alert"' in page(response)


def test_illegal_actions_show_a_clear_message_and_change_nothing(world: World, queue):
    queue.take(world.line_b, at(2, 8))
    queue.take(world.line_b, at(2, 8, 1))
    other = queue.take(world.line_a, at(2, 8, 2))
    client = officer_client(world)
    url = counter_url(world)
    with frozen(at(2, 9)):
        client.post(url, {"action": "call_next"})
        current = Ticket.objects.get(number="B-001")
        before = list(Ticket.objects.order_by("pk").values())
        _refused(
            client,
            url,
            {"action": "finish", "ticket": current.pk},
            409,
            "Số B-001 đang ở trạng thái “Đã gọi”, không thể kết thúc.",
        )
        _refused(
            client,
            url,
            {"action": "call_next"},
            409,
            "Quầy 2 đang có số B-001; hãy kết thúc hoặc đánh dấu vắng mặt",
        )
        _refused(
            client,
            url,
            {"action": "start", "ticket": other.pk},
            409,
            "Số A-001 đang ở trạng thái “Đang chờ”, không thể bắt đầu phục vụ.",
        )
        _refused(
            client, url, {"action": "explode", "ticket": current.pk}, 400, "Thao tác không hợp lệ."
        )
        _refused(client, url, {"action": "start"}, 400, "Thiếu số thứ tự cần thao tác.")
        _refused(
            client,
            url,
            {"action": "start", "ticket": 99999},
            400,
            "Không có số thứ tự này ở bộ phận một cửa của quầy.",
        )
        assert list(Ticket.objects.order_by("pk").values()) == before


def test_another_centres_ticket_cannot_be_touched_from_this_counter(world: World, queue):
    with frozen(at(2, 8)):
        foreign = services.ticket_take(centre=world.other_centre, counter=world.other_counter)
    client = officer_client(world)
    with frozen(at(2, 9)):
        _refused(
            client,
            counter_url(world),
            {"action": "no_show", "ticket": foreign.pk},
            400,
            "Không có số thứ tự này ở bộ phận một cửa của quầy.",
        )
    foreign.refresh_from_db()
    assert foreign.status == Status.WAITING


def test_calling_when_nobody_waits(world: World):
    with frozen(at(2, 9)):
        _refused(
            officer_client(world),
            counter_url(world),
            {"action": "call_next"},
            409,
            "Không còn ai chờ ở quầy 2.",
        )


def test_counter_actions_need_a_csrf_token(world: World, queue):
    queue.take(world.line_b, at(2, 8))
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    with frozen(at(2, 9)):
        assert client.post(counter_url(world), {"action": "call_next"}).status_code == 403
    assert Ticket.objects.get().status == Status.WAITING


def test_the_public_pages_read_a_fixed_number_of_queries(
    client, world: World, queue, django_assert_max_num_queries
):
    for n, field in enumerate(["Chứng thực", "Đất đai", "Đăng ký kinh doanh", "Xây dựng"]):
        services.queue_group_upsert(centre=world.centre, prefix="KLMN"[n], name=field, field=field)
        queue.take(world.line_h, at(2, 8, n))
    queue.call(world.civil, at(2, 8, 10))
    with frozen(at(2, 8, 11)):
        for name in ("office:queue_kiosk", "office:queue_display"):
            with django_assert_max_num_queries(8):
                assert client.get(reverse(name, args=["H99.30"])).status_code == 200
