"""Procedures (TTHC) and their dated versions, as published (DOMAIN §3).

A procedure is only an identity (its national code); everything published about it lives
in a *version* valid on ``[effective_from, effective_to)``. Laws change procedures, and a
dossier keeps the version it was received under, so a version that a dossier has used is
locked (``used_at``): a change then makes a new version instead of editing the old one.

Facts the source does not give stay empty: numbers and flags are NULL, text is blank
(and null again in the public JSON). Text is stored NFC; ``search_key`` is the folded,
punctuation-free name and code used by search (diacritics and đ/Đ ignored).
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.assignment_models import (
    DelegationKind,
    ProcedureAssignment,
    ProcedureDelegation,
)
from motcua.catalog.content_models import Channel, ChannelKind, Component, LegalBasis, Original
from motcua.catalog.process_models import InternalProcess, ProcessStep
from motcua.catalog.timing import CheckStatus, TimeUnit
from motcua.core.text import fold

__all__ = [
    "CODE_PATTERN",
    "Channel",
    "ChannelKind",
    "CheckStatus",
    "Component",
    "DelegationKind",
    "Field",
    "InternalProcess",
    "LegalBasis",
    "Level",
    "OnlineLevel",
    "Original",
    "Procedure",
    "ProcedureAssignment",
    "ProcedureDelegation",
    "ProcedureVersion",
    "ProcessStep",
    "Subject",
    "TimeUnit",
    "search_key_of",
]

# National code (one digit, a dot, six digits), optionally followed by the local suffix
# some provinces publish (the province's electronic identifier, e.g. 3.000527.H61).
CODE_PATTERN = r"^[0-9]\.[0-9]{6}(\.[A-Z][A-Z0-9]{1,9})?$"
PROCEDURE_CODE = RegexValidator(
    CODE_PATTERN,
    _(
        "Mã thủ tục gồm một chữ số, dấu chấm và sáu chữ số, ví dụ 1.004222 "
        "(mã địa phương có thể thêm hậu tố, ví dụ 3.000527.H61)."
    ),
)
_NOT_WORD = re.compile(r"[^0-9a-z.]+")


def search_key_of(*parts: str) -> str:
    """Folded words separated by single spaces, with a leading space for word-prefix search."""
    words = _NOT_WORD.sub(" ", fold(" ".join(parts))).split()
    return " " + " ".join(word.strip(".") for word in words if word.strip("."))


class Level(models.TextChoices):
    CENTRAL = "central", _("Cấp trung ương")
    MINISTRY = "ministry", _("Cấp bộ, ngành")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 1/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không cung cấp trực tuyến")


class Subject(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class Field(models.Model):
    """A field of procedures (lĩnh vực), e.g. Hộ tịch, Chứng thực."""

    name = models.CharField(_("tên lĩnh vực"), max_length=250, unique=True)
    code = models.CharField(_("mã lĩnh vực"), max_length=40, blank=True)
    search_key = models.CharField(max_length=300, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """The identity of a procedure; its content is in versions."""

    code = models.CharField(
        _("mã thủ tục"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[PROCEDURE_CODE],
        help_text=_("Để trống khi nguồn không công bố mã (ví dụ nhóm thủ tục liên thông)."),
    )
    name = models.CharField(_("tên (phiên bản mới nhất)"), max_length=500, editable=False)
    name_key = models.CharField(
        _("khóa tên"),
        max_length=600,
        editable=False,
        help_text=_("Nhận diện thủ tục không có mã khi nhập lại dữ liệu."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = [F("code").asc(nulls_last=True), "name"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(code__isnull=True),
                name="catalog_uncoded_name",
                violation_error_message=_("Đã có thủ tục chưa có mã với tên này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}" if self.code else self.name


class ProcedureVersion(models.Model):
    """Everything published about a procedure, valid on ``[effective_from, effective_to)``."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản số"))
    effective_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, help_text=_("Để trống: nguồn không nêu ngày.")
    )
    effective_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="versions"
    )
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    subjects = models.JSONField(_("đối tượng thực hiện"), default=list, blank=True)
    handling_time_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    handling_time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    handling_time_note = models.TextField(_("ghi chú thời hạn (theo nguồn)"), blank=True)
    fee_vnd = models.PositiveBigIntegerField(_("phí, lệ phí (đồng)"), null=True, blank=True)
    fee_note = models.TextField(_("ghi chú phí, lệ phí"), blank=True)
    online_level = models.CharField(
        _("mức dịch vụ công trực tuyến"), max_length=10, choices=OnlineLevel.choices, blank=True
    )
    online_only = models.BooleanField(_("chỉ nhận trực tuyến"), null=True, blank=True)
    same_day = models.BooleanField(_("giải quyết trong ngày"), null=True, blank=True)
    cutoff = models.TimeField(
        _("giờ chốt tiếp nhận"),
        null=True,
        blank=True,
        help_text=_("Hồ sơ nhận sau giờ này tính từ ngày làm việc tiếp theo (ví dụ 15:00)."),
    )
    cutoff_before_closing = models.PositiveSmallIntegerField(
        _("chốt trước giờ hết giờ hành chính (phút)"), null=True, blank=True
    )
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    steps_text = models.TextField(_("trình tự thực hiện"), blank=True)
    competent_agency = models.TextField(_("cơ quan có thẩm quyền (theo nguồn)"), blank=True)
    sources = models.JSONField(_("nguồn"), default=list, blank=True)
    verified = models.BooleanField(_("đã đối chiếu nguồn"), default=False)
    published_in = models.TextField(_("văn bản công bố"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    search_key = models.TextField(editable=False)
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    used_at = models.DateTimeField(
        _("khóa từ (đã có hồ sơ dùng)"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["procedure", "number"]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "number"],
                name="catalog_version_number",
                violation_error_message=_("Thủ tục đã có phiên bản số này."),
            ),
            models.UniqueConstraint(
                fields=["procedure", "effective_from"],
                name="catalog_version_start",
                violation_error_message=_("Thủ tục đã có phiên bản hiệu lực từ ngày này."),
            ),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(effective_from__isnull=True),
                name="catalog_version_one_open_start",
                violation_error_message=_("Chỉ một phiên bản được để trống ngày hiệu lực."),
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_to__gt=F("effective_from")),
                name="catalog_version_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"

    @property
    def is_locked(self) -> bool:
        return self.used_at is not None

    def compute_search_key(self) -> str:
        return search_key_of(self.name, self.procedure.code or "")
