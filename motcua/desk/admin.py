"""Django admin for the queue: lines are configured here, tickets are only read.

A ticket's moments are the evidence behind the waiting-time figures, and every change of
one goes through the services (which check the officer and lock the row), so the ticket
list can be filtered and read and nothing else.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.desk.models import QueueGroup, Ticket
from motcua.desk.selectors import waiting_time


@admin.register(QueueGroup)
class QueueGroupAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "centre", "counter", "field", "position", "is_active"]
    list_filter = ["centre", "is_active"]
    search_fields = ["prefix", "name", "field", "centre__name", "centre__code"]
    autocomplete_fields = ["centre"]
    ordering = ["centre", "position", "prefix"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "day",
        "centre",
        "group",
        "status",
        "taken_at",
        "called_at",
        "called_to",
        "served_by",
        "wait",
    ]
    list_filter = ["status", "day", "centre", "group"]
    search_fields = ["number", "centre__name", "centre__code"]
    date_hierarchy = "day"
    list_select_related = ["centre", "group", "called_to", "served_by"]
    exclude = ["phone", "id_number"]  # personal data: not needed to read the queue

    @admin.display(description=_("thời gian chờ"))
    def wait(self, obj: Ticket) -> str:
        if obj.called_at is None:
            return "-"
        minutes, seconds = divmod(int(waiting_time(obj).total_seconds()), 60)
        return f"{minutes}:{seconds:02d}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
