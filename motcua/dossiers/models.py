"""The dossier, its components, its code counter and its append-only event log.

``Dossier`` carries the current state and the figures the indexes need, all kept up to
date by the one service door (``services.dossier_act``); ``DossierEvent`` is the truth the
timeline, the forms and the statistics are derived from, and can only be appended to.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.document_models import Document
from motcua.dossiers.states import STATE_LABELS, State
from motcua.dossiers.step_models import DossierStep, InterAgencyLeg

__all__ = [
    "Document",
    "Dossier",
    "DossierCodeCounter",
    "DossierComponent",
    "DossierEvent",
    "DossierStep",
    "InterAgencyLeg",
    "SupplementRequest",
]

STATE_CHOICES = [(s.value, label) for s, label in STATE_LABELS.items()]


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp tại bộ phận một cửa")
    POST = "post", _("Qua dịch vụ bưu chính công ích")
    NATIONAL_PORTAL = "national_portal", _("Trực tuyến qua Cổng Dịch vụ công quốc gia")
    PORTAL = "portal", _("Trực tuyến qua cổng của hệ thống")
    VNEID = "vneid", _("Qua ứng dụng VNeID")


ONLINE_CHANNELS = frozenset({Channel.NATIONAL_PORTAL, Channel.PORTAL, Channel.VNEID})


class ResultDelivery(models.TextChoices):
    ONLINE = "online", _("Nhận trực tuyến")
    DESK = "desk", _("Nhận tại bộ phận một cửa")
    POST = "post", _("Nhận qua bưu chính")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=24, choices=STATE_CHOICES, default=State.DRAFT
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("thủ tục (phiên bản)"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    applicant = models.ForeignKey(
        "agencies.Applicant",
        verbose_name=_("người nộp"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    authorised_person = models.JSONField(_("người được ủy quyền"), default=dict, blank=True)
    channel = models.CharField(_("kênh nộp"), max_length=20, choices=Channel.choices)
    centre = models.ForeignKey(
        "agencies.ServiceCentre",
        verbose_name=_("nơi tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    result_delivery = models.CharField(
        _("hình thức nhận kết quả"),
        max_length=10,
        choices=ResultDelivery.choices,
        default=ResultDelivery.DESK,
    )
    handling_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    handling_unit = models.CharField(_("đơn vị thời hạn"), max_length=15, blank=True)

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    acceptance_due_at = models.DateTimeField(
        _("hạn tiếp nhận hồ sơ trực tuyến"), null=True, blank=True
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    clock_started_at = models.DateTimeField(_("bắt đầu tính thời hạn"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn trả kết quả"), null=True, blank=True, db_index=True)
    extended_due_at = models.DateTimeField(_("hạn trả sau gia hạn"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng từ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)

    supplements_at_receipt = models.PositiveSmallIntegerField(default=0)
    supplements_after_receipt = models.PositiveSmallIntegerField(default=0)
    extensions = models.PositiveSmallIntegerField(default=0)
    is_late = models.BooleanField(_("trễ hạn"), default=False)
    digitised_components = models.PositiveSmallIntegerField(default=0)
    reused_documents = models.PositiveSmallIntegerField(default=0)
    e_result_issued = models.BooleanField(default=False)
    result_document = models.ForeignKey(
        Document,
        verbose_name=_("kết quả giải quyết"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Dự thảo do chuyên viên đính kèm; sau khi ký số: bản điện tử đã ký."),
    )
    population_data_used = models.BooleanField(default=False)
    paid_online = models.BooleanField(default=False)
    synced_national = models.BooleanField(default=False)

    current_step = models.ForeignKey(
        "dossiers.DossierStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_dossiers",
    )
    revision = models.PositiveIntegerField(
        _("số lần cập nhật"), default=0, help_text=_("Tăng sau mỗi thao tác; chống ghi đè.")
    )
    decision_note = models.TextField(_("lý do từ chối / dừng / rút"), blank=True)
    search_key = models.CharField(max_length=400, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        indexes = [
            models.Index(fields=["agency", "status", "due_at"], name="dossier_agency_status_due"),
            models.Index(fields=["centre", "status"], name="dossier_centre_status"),
            models.Index(fields=["assignee", "status"], name="dossier_assignee_status"),
            models.Index(fields=["status", "acceptance_due_at"], name="dossier_acceptance"),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"

    @property
    def effective_due_at(self) -> Any:
        return self.extended_due_at or self.due_at


class DossierComponent(models.Model):
    """One item of the dossier as handed in: the catalogue's component and its files."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        "catalog.Component", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.TextField(_("tên giấy tờ"))
    required = models.BooleanField(_("bắt buộc"), default=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="dossier_components")
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    reused = models.BooleanField(_("tái sử dụng từ kho dữ liệu"), default=False)

    class Meta:
        ordering = ["dossier", "pk"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class DossierCodeCounter(models.Model):
    """The daily sequence behind dossier codes, locked inside the intake transaction."""

    prefix = models.CharField(max_length=40)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="dossier_code_counter_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.day:%y%m%d}: {self.last}"


class SupplementRequest(models.Model):
    class Phase(models.TextChoices):
        RECEIPT = "receipt", _("khi tiếp nhận")
        APPRAISAL = "appraisal", _("sau thẩm định")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    phase = models.CharField(_("giai đoạn"), max_length=10, choices=Phase.choices)
    items = models.JSONField(_("nội dung cần bổ sung"), default=list)
    note = models.TextField(_("hướng dẫn"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"))
    respond_by = models.DateTimeField(_("hạn bổ sung"))
    fulfilled_at = models.DateTimeField(_("bổ sung lúc"), null=True, blank=True)

    class Meta:
        ordering = ["dossier", "requested_at"]
        verbose_name = _("yêu cầu bổ sung")
        verbose_name_plural = _("yêu cầu bổ sung")

    def __str__(self) -> str:
        return f"{self.dossier} – {self.get_phase_display()}"


class AppendOnlyQuerySet(models.QuerySet["DossierEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Dossier events are append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("Dossier events are append-only")


class DossierEvent(models.Model):
    """One thing that happened to a dossier; never updated, never deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(max_length=30, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    payload = models.JSONField(default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["dossier", "sequence"]
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("sự kiện hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="dossier_event_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} #{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Dossier events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Dossier events are append-only")
