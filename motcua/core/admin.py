"""Admin pages for accounts, API tokens (read-only) and the working calendar.

The calendar is the one table here that administrators edit routinely: each year the
government announces swaps and make-up Saturdays. Saving and deleting go through
``motcua.core.calendar_services`` so an edited row is marked ``admin`` and seeding never
overwrites it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.core.calendar_models import CalendarDay, CalendarYear
from motcua.core.calendar_services import calendar_day_delete, calendar_day_save
from motcua.core.models import ApiToken, User

WEEKDAYS = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Thông tin liên hệ"), {"fields": ("full_name", "phone")}),
    )
    list_display = ("username", "full_name", "email", "phone", "is_staff", "is_active")
    search_fields = ("username", "full_name", "email", "phone")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by the API only; an administrator may look and revoke (delete)."""

    list_display = ("user", "created_at", "expires_at")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__full_name")
    readonly_fields = ("user", "created_at", "expires_at")
    exclude = ("digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        dates = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in dates]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("day", "weekday", "is_working", "name", "source", "confidence", "updated_at")
    list_filter = (YearFilter, "is_working", "source")
    search_fields = ("name",)
    date_hierarchy = "date"
    fields = ("date", "is_working", "name", "confidence", "source", "updated_at")
    readonly_fields = ("source", "updated_at")

    @admin.display(description=_("ngày"), ordering="date")
    def day(self, obj: CalendarDay) -> str:
        return f"{obj.date:%d/%m/%Y}"

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAYS[obj.date.weekday()])

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        calendar_day_save(day=obj)

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        calendar_day_delete(day=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for obj in queryset:
            calendar_day_delete(day=obj)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Seeded years, for information; they change only through ``seed_calendar``."""

    list_display = ("year", "seeded_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
