"""Internal processes (quy trình nội bộ): a province's or agency's steps B1…Bn for a version.

The same procedure code runs differently in each province, so a process is keyed by the
version AND the province (and optionally one agency). The stored check (status, total,
discrepancy) is recomputed by the services whenever steps change, so the admin and the
API can filter on it; uncertain imported processes stay visible instead of being dropped.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency, Role
from motcua.catalog.timing import CheckStatus, Scale, TimeUnit


class InternalProcess(models.Model):
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="processes",
    )
    province = models.CharField(
        _("tỉnh, thành phố"),
        max_length=100,
        blank=True,
        help_text=_("Để trống: nguồn không nêu tỉnh áp dụng."),
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan áp dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="internal_processes",
    )
    published_in = models.TextField(_("văn bản ban hành quy trình"), blank=True)
    import_note = models.TextField(_("ghi chú khi nhập"), blank=True, editable=False)
    check_status = models.CharField(
        _("kiểm tra tổng thời gian"),
        max_length=20,
        choices=CheckStatus.choices,
        default=CheckStatus.EMPTY,
        editable=False,
    )
    check_scale = models.CharField(max_length=20, choices=Scale.choices, blank=True, editable=False)
    check_total = models.DecimalField(
        _("tổng thời gian các bước"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
        editable=False,
    )
    check_discrepancy = models.DecimalField(
        _("chênh lệch"), max_digits=10, decimal_places=4, null=True, blank=True, editable=False
    )
    check_message = models.TextField(_("kết quả kiểm tra"), blank=True, editable=False)
    steps_digest = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["version", "province", "id"]
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "province", "agency"],
                name="catalog_process_key",
                violation_error_message=_("Đã có quy trình cho tỉnh và cơ quan này."),
            ),
            models.UniqueConstraint(
                fields=["version", "province"],
                condition=Q(agency__isnull=True),
                name="catalog_process_key_no_agency",
                violation_error_message=_("Đã có quy trình cho tỉnh này."),
            ),
        ]

    def __str__(self) -> str:
        where = self.agency.e_identifier if self.agency else self.province or "?"
        return f"{self.version} – {where}"


class ProcessStep(models.Model):
    """One step: who acts and for how long (fraction of a working day, or clock hours)."""

    process = models.ForeignKey(
        InternalProcess,
        verbose_name=_("quy trình"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    label = models.CharField(_("bước"), max_length=20, help_text=_("B1, B2… như văn bản gốc."))
    actor = models.TextField(_("người thực hiện"))
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices, blank=True)
    working_days = models.DecimalField(
        _("thời gian (ngày làm việc)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "0,25 = 2 giờ làm việc. Để trống khi nguồn không nêu (ví dụ 'Giờ hành chính')."
        ),
    )
    clock_hours = models.DecimalField(
        _("thời gian (giờ liên tục)"),
        max_digits=8,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Chỉ cho thủ tục tính theo giờ liên tục (khẩn cấp)."),
    )
    time_raw = models.CharField(_("thời gian theo nguồn"), max_length=200, blank=True)
    source_unit = models.CharField(
        _("đơn vị theo nguồn"), max_length=20, choices=TimeUnit.choices, blank=True
    )

    class Meta:
        ordering = ["process", "position"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("các bước xử lý")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "position"],
                name="catalog_step_position",
                violation_error_message=_("Hai bước trùng thứ tự."),
            ),
            models.CheckConstraint(
                condition=Q(working_days__isnull=True) | Q(clock_hours__isnull=True),
                name="catalog_step_one_scale",
                violation_error_message=_(
                    "Chỉ ghi một trong hai: ngày làm việc hoặc giờ liên tục."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(working_days__isnull=True) | Q(working_days__gte=0))
                & (Q(clock_hours__isnull=True) | Q(clock_hours__gte=0)),
                name="catalog_step_non_negative",
                violation_error_message=_("Thời gian không được âm."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.actor[:60]}"
