"""Django admin for administrative units: look up, filter, and rename through the services.

Versions and successions are history, so the change pages are read-only and nothing can be
deleted here; a rename or re-typing goes through a small form that calls
``unit_rename`` / ``unit_retype``, which close the version in force and open a new one.
Search folds diacritics and đ/Đ like the rest of the system, and matches code prefixes.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.core.text import fold, nfc
from motcua.geo import services
from motcua.geo.models import AdministrativeUnit, UnitSuccession, valid_on
from motcua.geo.selectors import today


class InForceFilter(admin.SimpleListFilter):
    title = gettext_lazy("hiệu lực hôm nay")
    parameter_name = "current"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("yes", gettext_lazy("đang có hiệu lực")),
            ("no", gettext_lazy("không còn hiệu lực")),
        ]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[AdministrativeUnit]
    ) -> QuerySet[AdministrativeUnit]:
        if self.value() == "yes":
            return queryset.filter(valid_on(today()))
        if self.value() == "no":
            return queryset.exclude(valid_on(today()))
        return queryset


_LINK_FIELDS = ("kind", "effective", "is_default", "basis")


class _SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuccessorInline(_SuccessionInline):
    fk_name = "predecessor"
    verbose_name = gettext_lazy("đơn vị kế thừa")
    verbose_name_plural = gettext_lazy("đơn vị kế thừa (cũ → mới)")
    fields = ("successor", *_LINK_FIELDS)
    readonly_fields = fields


class PredecessorInline(_SuccessionInline):
    fk_name = "successor"
    verbose_name = gettext_lazy("đơn vị tiền thân")
    verbose_name_plural = gettext_lazy("đơn vị tiền thân (hình thành từ)")
    fields = ("predecessor", *_LINK_FIELDS)
    readonly_fields = fields


class RenameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("tên đầy đủ mới"), max_length=200)
    short_name = forms.CharField(label=gettext_lazy("tên ngắn mới"), max_length=150, required=False)
    kind = forms.CharField(
        label=gettext_lazy("loại"),
        max_length=40,
        help_text=gettext_lazy("Đổi loại (ví dụ Tỉnh → Thành phố) thì sửa ô này."),
    )
    effective = forms.DateField(label=gettext_lazy("ngày hiệu lực"))
    basis = forms.CharField(
        label=gettext_lazy("căn cứ"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Số, ký hiệu văn bản quyết định."),
    )


def fold_search(queryset: QuerySet[AdministrativeUnit], term: str) -> QuerySet[AdministrativeUnit]:
    """Name contains ``term`` ignoring diacritics, or code starts with it."""
    key = fold(nfc(term))
    if not key:
        return queryset
    return queryset.filter(Q(search_key__contains=key) | Q(code__startswith=term.strip()))


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "level",
        "kind",
        "parent_code",
        "valid_from",
        "valid_to",
        "dataset",
    )
    list_filter = ("level", "dataset", InForceFilter, "kind")
    search_fields = ("code", "search_key")
    search_help_text = gettext_lazy("Tên (có dấu hoặc không dấu) hoặc đầu mã số.")
    list_per_page = 100
    inlines = (PredecessorInline, SuccessorInline)
    actions = ("rename_selected",)
    change_form_template = "admin/geo/administrativeunit/change_form.html"

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[AdministrativeUnit], search_term: str
    ) -> tuple[QuerySet[AdministrativeUnit], bool]:
        return fold_search(queryset, search_term), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A version's page is view-only; the model permission still opens the rename form.
        return obj is None and super().has_change_permission(request)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.rename_view)
        return [
            path("<int:object_id>/rename/", view, name="geo_administrativeunit_rename"),
            *super().get_urls(),
        ]

    @admin.action(description=gettext_lazy("Đổi tên hoặc loại đơn vị"), permissions=["change"])
    def rename_selected(
        self, request: HttpRequest, queryset: QuerySet[AdministrativeUnit]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("Chọn đúng một đơn vị."), messages.WARNING)
            return None
        unit = queryset.get()
        return HttpResponseRedirect(reverse("admin:geo_administrativeunit_rename", args=[unit.pk]))

    def rename_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        unit = get_object_or_404(AdministrativeUnit, pk=object_id)
        initial = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind}
        form = RenameForm(request.POST or None, initial={**initial, "effective": today()})
        if request.method == "POST" and form.is_valid():
            try:
                new = _apply_rename(unit, form.cleaned_data)
            except services.UnitChangeError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                self.message_user(request, _("Đã ghi nhận: %(unit)s.") % {"unit": new})
                return HttpResponseRedirect(
                    reverse("admin:geo_administrativeunit_change", args=[new.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Đổi tên hoặc loại: %(unit)s") % {"unit": unit},
            "unit": unit,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/geo/administrativeunit/rename.html", context)


def _apply_rename(unit: AdministrativeUnit, data: dict[str, Any]) -> AdministrativeUnit:
    if nfc(data["kind"]) != unit.kind:
        return services.unit_retype(
            unit=unit,
            kind=data["kind"],
            name=data["name"],
            short_name=data["short_name"],
            effective=data["effective"],
            basis=data["basis"],
        )
    return services.unit_rename(
        unit=unit,
        name=data["name"],
        short_name=data["short_name"],
        effective=data["effective"],
        basis=data["basis"],
    )


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "effective", "is_default")
    list_filter = ("kind", "effective", "is_default")
    search_fields = ("predecessor__code", "successor__code")
    list_select_related = ("predecessor", "successor")
    readonly_fields = ("predecessor", "successor", "kind", "effective", "is_default", "basis")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[UnitSuccession], search_term: str
    ) -> tuple[QuerySet[UnitSuccession], bool]:
        key, code = fold(nfc(search_term)), search_term.strip()
        if not key:
            return queryset, False
        match = Q(predecessor__search_key__contains=key) | Q(successor__search_key__contains=key)
        match |= Q(predecessor__code__startswith=code) | Q(successor__code__startswith=code)
        return queryset.filter(match), False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
