"""The queue in the Django admin: lines are edited there, tickets are only listed and read."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from motcua.desk.models import Ticket
from tests.test_queue_pages import text
from tests.test_queue_world import (  # noqa: F401 - fixtures
    Queue,
    World,
    at,
    fast_passwords,
    queue_fixture,
    world_fixture,
)


def admin_client() -> Client:
    user = get_user_model().objects.create_superuser("quantri", password="mat-khau-quan-tri-2026")
    client = Client()
    client.force_login(user)
    return client


def test_tickets_are_listed_with_filters_and_never_changed(world: World, queue: Queue):
    queue.take(world.line_b, at(2, 8))
    queue.call(world.land, at(2, 8, 12))
    ticket = Ticket.objects.get()
    client = admin_client()
    listing = client.get(reverse("admin:desk_ticket_changelist"), {"status__exact": "called"})
    assert listing.status_code == 200
    words = text(listing)
    assert "B-001" in words and "12:00" in words  # the number and its wait
    assert "Bộ lọc" in words
    assert "trạng thái" in words.lower() and "Đã gọi" in words
    assert client.get(reverse("admin:desk_ticket_add")).status_code == 403
    detail = client.get(reverse("admin:desk_ticket_change", args=[ticket.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert client.post(reverse("admin:desk_ticket_delete", args=[ticket.pk])).status_code == 403
    assert Ticket.objects.get().status == Ticket.Status.CALLED


def test_lines_are_configured_in_the_admin(world: World):
    client = admin_client()
    listing = client.get(reverse("admin:desk_queuegroup_changelist"))
    assert listing.status_code == 200
    assert "nhóm xếp hàng" in text(listing).lower() and "Hộ tịch" in text(listing)
    assert client.get(reverse("admin:desk_queuegroup_add")).status_code == 200
