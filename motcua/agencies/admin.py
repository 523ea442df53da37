"""Admin pages for agencies, centres, counters, staff roles and applicants."""

from __future__ import annotations

from django.contrib import admin

from motcua.agencies.models import Agency, Applicant, Counter, ServiceCentre, StaffRole


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["e_identifier", "name", "kind", "parent", "unit_code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["e_identifier", "name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [StaffRoleInline]


@admin.register(ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "agency", "counter_hours", "cutoff", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["agency", "parent"]
    inlines = [CounterInline]


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "agency", "centre", "valid_from", "valid_to"]
    list_filter = ["role", "agency__kind"]
    search_fields = ["user__username", "user__full_name", "agency__name", "agency__e_identifier"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["agency", "centre"]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "id_number", "tax_code", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["search_key", "name", "id_number", "tax_code", "phone"]
    readonly_fields = ["created_at"]
