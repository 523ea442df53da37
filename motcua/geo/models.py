"""Administrative units as dated versions.

A unit's code alone is ambiguous: codes of new units reuse codes of old ones and an old
commune may split across several new ones. So each row is one *version* of a unit, valid
on ``[valid_from, valid_to)``; renaming, re-typing, merging or splitting closes versions
and opens new ones, and ``UnitSuccession`` keeps the line from old to new.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("tỉnh, thành phố")
    DISTRICT = "district", _("huyện, quận, thị xã (trước 1/7/2025)")
    COMMUNE = "commune", _("xã, phường, đặc khu")


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã"), max_length=10)
    level = models.CharField(_("cấp"), max_length=10, choices=UnitLevel.choices)
    name = models.CharField(_("tên đầy đủ"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=150)
    kind = models.CharField(_("loại"), max_length=40, help_text=_("Tỉnh, Thành phố, Xã, Phường…"))
    parent_code = models.CharField(_("mã đơn vị cấp trên"), max_length=10, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    dataset = models.CharField(_("bộ dữ liệu"), max_length=40)
    search_key = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["level", "code", "valid_from"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="geo_unit_one_version_per_start"
            ),
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True),
                name="geo_unit_one_open_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="geo_unit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["code", "valid_from"], name="geo_unit_code_from")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class UnitSuccession(models.Model):
    """One line from an old version of a unit to a new one, dated."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("đổi tên")
        RETYPE = "retype", _("đổi loại đơn vị")
        MERGE = "merge", _("sáp nhập")
        SPLIT = "split", _("chia tách")

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessions"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices)
    effective = models.DateField(_("ngày hiệu lực"))
    is_default = models.BooleanField(
        _("đơn vị kế thừa mặc định"),
        default=True,
        help_text=_("Khi một đơn vị cũ chia cho nhiều đơn vị mới: đơn vị nhận phần chính."),
    )
    basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="geo_succession_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective:%d/%m/%Y})"
