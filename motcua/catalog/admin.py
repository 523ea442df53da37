"""Admin pages of the catalogue, in Vietnamese.

Search ignores diacritics and đ/Đ (it reads the folded ``search_key``). A version used by
a dossier opens read-only, its content and processes too; the action "tạo phiên bản mới"
copies it so that a change becomes a new version. Saving goes through the services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.admin_forms import (
    NfcModelForm,
    ProcedureForm,
    ProcessForm,
    StepFormSet,
    VersionForm,
)
from motcua.catalog.models import (
    Channel,
    Component,
    Field,
    InternalProcess,
    LegalBasis,
    Procedure,
    ProcedureAssignment,
    ProcedureDelegation,
    ProcedureVersion,
    ProcessStep,
    search_key_of,
)
from motcua.catalog.processes import process_recheck
from motcua.catalog.selectors import search_terms, versions_in_force
from motcua.catalog.services import procedure_version_clone, procedure_version_save


class FoldedSearch:
    """Search every word of the query in ``search_key`` (diacritics ignored)."""

    search_key_path = "search_key"
    search_fields: list[str] | tuple[str, ...] = ("search_key",)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        for term in search_terms(search_term):
            queryset = queryset.filter(**{f"{self.search_key_path}__contains": f" {term}"})
        return queryset, False


def _locked(obj: Model | None) -> bool:
    if isinstance(obj, ProcedureVersion):
        return obj.is_locked
    if isinstance(obj, InternalProcess):
        return obj.version.is_locked
    return False


class FrozenWhenLocked:
    """Inline rows of a locked version are read-only."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class ChannelInline(FrozenWhenLocked, admin.TabularInline):
    model = Channel
    form = NfcModelForm
    extra = 0


class ComponentInline(FrozenWhenLocked, admin.TabularInline):
    model = Component
    form = NfcModelForm
    extra = 0
    fields = ["position", "name", "template", "original_or_copy", "count", "required", "reusable"]


class LegalBasisInline(FrozenWhenLocked, admin.TabularInline):
    model = LegalBasis
    form = NfcModelForm
    extra = 0


class StepInline(FrozenWhenLocked, admin.TabularInline):
    model = ProcessStep
    form = NfcModelForm
    formset = StepFormSet
    extra = 0
    fields = ["position", "label", "actor", "role", "working_days", "clock_hours", "time_raw"]


class InForce(admin.SimpleListFilter):
    title = gettext_lazy("hiệu lực")
    parameter_name = "in_force"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("Đang có hiệu lực")), ("no", _("Hết hoặc chưa có hiệu lực"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        current = versions_in_force().values("pk")
        if self.value() == "yes":
            return queryset.filter(pk__in=current)
        if self.value() == "no":
            return queryset.exclude(pk__in=current)
        return queryset


@admin.register(Field)
class FieldAdmin(FoldedSearch, admin.ModelAdmin):
    form = NfcModelForm
    list_display = ["name", "code"]

    def save_model(
        self, request: HttpRequest, obj: Field, form: BaseModelForm, change: bool
    ) -> None:
        obj.search_key = search_key_of(obj.name)
        super().save_model(request, obj, form, change)


class VersionLinkInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "name", "effective_from", "effective_to", "used_at"]
    readonly_fields = ["number", "name", "effective_from", "effective_to", "used_at"]
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AssignmentInline(admin.TabularInline):
    model = ProcedureAssignment
    form = NfcModelForm
    autocomplete_fields = ["agency"]
    extra = 0


class DelegationInline(admin.TabularInline):
    model = ProcedureDelegation
    form = NfcModelForm
    autocomplete_fields = ["from_agency", "to_agency"]
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureForm
    list_display = ["code", "name", "created_at"]
    search_fields = ["code", "name_key"]
    inlines = [VersionLinkInline, AssignmentInline, DelegationInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        matching = ProcedureVersion.objects.all()
        for term in search_terms(search_term):
            matching = matching.filter(search_key__contains=f" {term}")
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=matching.values("procedure_id")), False


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(FoldedSearch, admin.ModelAdmin):
    form = VersionForm
    list_display = [
        "procedure",
        "number",
        "field",
        "level",
        "online_level",
        "handling_time_value",
        "handling_time_unit",
        "effective_from",
        "effective_to",
        "verified",
        "used_at",
    ]
    list_filter = [InForce, "field", "level", "online_level", "verified", "online_only"]
    list_select_related = ["procedure", "field"]
    autocomplete_fields = ["field"]
    inlines = [ChannelInline, ComponentInline, LegalBasisInline]
    actions = ["clone_from_today"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        dated = ["procedure", "effective_from"] if obj is not None else []
        return [*dated, "number", "effective_to", "used_at", "created_at"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def save_model(
        self, request: HttpRequest, obj: ProcedureVersion, form: BaseModelForm, change: bool
    ) -> None:
        procedure_version_save(version=obj)

    @admin.action(description=gettext_lazy("Tạo phiên bản mới (hiệu lực từ hôm nay)"))
    def clone_from_today(self, request: HttpRequest, queryset: QuerySet[ProcedureVersion]) -> None:
        for version in queryset.select_related("procedure"):
            try:
                clone = procedure_version_clone(
                    version=version, effective_from=timezone.localdate()
                )
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Đã tạo %s.") % clone, messages.SUCCESS)


@admin.register(InternalProcess)
class InternalProcessAdmin(FoldedSearch, admin.ModelAdmin):
    form = ProcessForm
    search_key_path = "version__search_key"
    list_display = [
        "version",
        "province",
        "agency",
        "check_status",
        "check_total",
        "check_discrepancy",
        "updated_at",
    ]
    list_filter = ["check_status", "province"]
    list_select_related = ["version", "agency"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["version"]
    readonly_fields = ["check_status", "check_total", "check_discrepancy", "check_message"]
    readonly_fields += ["import_note"]
    inlines = [StepInline]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        process_recheck(process=form.instance)


@admin.register(ProcedureAssignment)
class ProcedureAssignmentAdmin(admin.ModelAdmin):
    form = NfcModelForm
    list_display = ["procedure", "agency", "valid_from", "valid_to"]
    list_filter = ["agency"]
    search_fields = ["procedure__code", "procedure__name", "agency__name", "agency__e_identifier"]
    autocomplete_fields = ["procedure", "agency"]


@admin.register(ProcedureDelegation)
class ProcedureDelegationAdmin(admin.ModelAdmin):
    form = NfcModelForm
    list_display = ["procedure", "kind", "from_agency", "to_agency", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["procedure__code", "procedure__name", "to_agency__name", "basis"]
    autocomplete_fields = ["procedure", "from_agency", "to_agency"]
