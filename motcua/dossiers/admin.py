"""Django admin for dossiers: look, never touch.

Every change of a dossier goes through ``services.dossier_act``, which checks the state
table, locks the row and writes the event; the admin would bypass all of that, so here
dossiers and everything beside them (components, steps, inter-agency legs, supplement
requests, events) can be listed, searched and read, and nothing can be added, changed or
deleted. Search ignores diacritics and đ/Đ (it reads the folded ``search_key``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import display_for_value
from django.db.models import F, Model, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.catalog.timing import TimeUnit
from motcua.core.text import fold
from motcua.dossiers.models import (
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStep,
    InterAgencyLeg,
    SupplementRequest,
)
from motcua.dossiers.states import ACTION_LABELS, STATE_LABELS


def column(attribute: str, label: Any) -> Any:
    """A read-only column for ``attribute`` under a Vietnamese heading (choices shown)."""

    @admin.display(description=label)
    def show(self: Any, obj: Model) -> Any:
        display = getattr(obj, f"get_{attribute}_display", None)
        value = display() if callable(display) else getattr(obj, attribute)
        return display_for_value(value, "-", boolean=isinstance(value, bool))

    return show


def action_name(action: str) -> str:
    return str(ACTION_LABELS.get(action, _("Tạo hồ sơ") if action == "create" else action))


def state_name(state: str) -> str:
    return str(STATE_LABELS.get(state, state))  # type: ignore[call-overload]


class EventColumns:
    """The event log's columns, with actions and states named in Vietnamese."""

    number = column("sequence", _("số thứ tự"))
    actor_name = column("actor", _("người thực hiện"))
    role = column("actor_role", _("vai trò"))
    moment = column("at", _("thời điểm"))

    @admin.display(description=_("thao tác"))
    def action_label(self, obj: DossierEvent) -> str:
        return action_name(obj.action)

    @admin.display(description=_("từ trạng thái"))
    def from_label(self, obj: DossierEvent) -> str:
        return state_name(obj.from_state) if obj.from_state else ""

    @admin.display(description=_("sang trạng thái"))
    def to_label(self, obj: DossierEvent) -> str:
        return state_name(obj.to_state)


EVENT_COLUMNS = ("number", "action_label", "from_label", "to_label", "actor_name", "role", "moment")


class ReadOnly:
    """Permissions of a page that only shows: view yes; add, change, delete no."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class _Inline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [name for name in self.fields or () if isinstance(name, str)]


class ComponentInline(_Inline):
    model = DossierComponent
    fields = ("name", "required", "digitised", "reused")


class StepInline(_Inline):
    model = DossierStep
    fields = ("code", "actor", "handler", "started", "due", "finished", "result")
    handler = column("assignee", _("người xử lý"))
    started = column("started_at", _("bắt đầu"))
    due = column("due_at", _("hạn"))
    finished = column("finished_at", _("hoàn thành"))
    result = column("outcome", _("kết quả"))


class LegInline(_Inline):
    model = InterAgencyLeg
    fields = ("partner", "share", "sent", "due", "returned", "result")
    partner = column("agency", _("cơ quan phối hợp"))
    sent = column("sent_at", _("gửi lúc"))
    due = column("due_at", _("hạn"))
    returned = column("returned_at", _("nhận lại lúc"))
    result = column("outcome", _("kết quả"))


class SupplementInline(_Inline):
    model = SupplementRequest
    fields = ("phase", "items", "note", "requested_at", "respond_by", "fulfilled_at")


class EventInline(EventColumns, _Inline):
    model = DossierEvent
    fields = EVENT_COLUMNS
    verbose_name_plural = _("nhật ký xử lý")


@admin.register(Dossier)
class DossierAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "status", "procedure", "applicant", "agency", "due", "is_late")
    list_filter = ("status", "channel", "agency", "is_late")
    list_select_related = ("procedure_version__procedure", "applicant", "agency")
    search_fields = ("code", "search_key")
    search_help_text = _("Mã hồ sơ hoặc tên, số định danh người nộp (gõ không dấu cũng được).")
    date_hierarchy = "submitted_at"
    inlines = (ComponentInline, StepInline, LegInline, SupplementInline, EventInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("code", "status", "revision"),
                    ("procedure_version", "channel"),
                    ("centre", "agency"),
                    ("applicant", "authorised_person"),
                    ("result_delivery", "assignee", "step"),
                    "decision_note",
                )
            },
        ),
        (
            _("Thời hạn"),
            {
                "fields": (
                    ("submitted_at", "acceptance_due_at"),
                    ("received_at", "clock_started_at"),
                    ("handling_value", "unit"),
                    ("due_at", "extended_due_at", "is_late"),
                    ("paused_at", "finished_at", "returned_at"),
                )
            },
        ),
        (
            _("Số liệu cho các chỉ số"),
            {
                "fields": (
                    ("at_receipt", "after_receipt", "extension_count"),
                    ("digitised", "reused"),
                    ("e_result", "population_data", "online_payment", "synced"),
                )
            },
        ),
    )
    readonly_fields = (
        "step",
        "unit",
        "at_receipt",
        "after_receipt",
        "extension_count",
        "digitised",
        "reused",
        "e_result",
        "population_data",
        "online_payment",
        "synced",
    )
    step = column("current_step", _("bước hiện tại"))

    @admin.display(description=_("đơn vị thời hạn"))
    def unit(self, obj: Dossier) -> str:
        known = obj.handling_unit in TimeUnit.values
        return str(TimeUnit(obj.handling_unit).label) if known else obj.handling_unit or "-"

    at_receipt = column("supplements_at_receipt", _("số lần yêu cầu bổ sung khi tiếp nhận"))
    after_receipt = column("supplements_after_receipt", _("số lần yêu cầu bổ sung sau thẩm định"))
    extension_count = column("extensions", _("số lần gia hạn"))
    digitised = column("digitised_components", _("số thành phần đã số hóa"))
    reused = column("reused_documents", _("số thành phần tái sử dụng"))
    e_result = column("e_result_issued", _("đã cấp kết quả điện tử"))
    population_data = column("population_data_used", _("đã khai thác dữ liệu dân cư"))
    online_payment = column("paid_online", _("đã thanh toán trực tuyến"))
    synced = column("synced_national", _("đã đồng bộ Cổng Dịch vụ công quốc gia"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Dossier]:
        return (
            super()
            .get_queryset(request)
            .annotate(effective_due=Coalesce("extended_due_at", "due_at"))
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Dossier], search_term: str
    ) -> tuple[QuerySet[Dossier], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        by_code = queryset.filter(code__icontains=term)
        by_name = queryset
        for word in fold(term).split():
            by_name = by_name.filter(search_key__contains=word)
        return by_code | by_name, False

    @admin.display(description=_("thủ tục"), ordering="procedure_version__procedure__code")
    def procedure(self, obj: Dossier) -> str:
        return f"{obj.procedure_version.procedure.code or ''} – {obj.procedure_version.name}"

    @admin.display(
        description=_("hạn trả kết quả"), ordering=F("effective_due").asc(nulls_last=True)
    )
    def due(self, obj: Dossier) -> Any:
        return obj.effective_due_at


@admin.register(DossierEvent)
class DossierEventAdmin(EventColumns, ReadOnly, admin.ModelAdmin):
    list_display = ("dossier_code", *EVENT_COLUMNS)
    list_select_related = ("dossier", "actor")
    search_fields = ("dossier__code",)
    search_help_text = _("Mã hồ sơ.")
    date_hierarchy = "at"
    fields = ("dossier_code", *EVENT_COLUMNS, "content")
    readonly_fields = fields
    dossier_code = column("dossier", _("hồ sơ"))
    content = column("payload", _("nội dung"))
