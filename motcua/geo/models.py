"""Administrative units as dated versions.

A unit's code alone is ambiguous: codes of new units reuse codes of old ones and an old
commune may split across several new ones. So each row is one *version* of a unit, valid
on ``[valid_from, valid_to)`` (an empty bound is open); renaming, re-typing, merging or
splitting closes versions and opens new ones, and ``UnitSuccession`` keeps the line from
old to new. Parents are referenced by code, read as of the same date as the child, so a
parent's rename does not have to touch its children.

Writes go through ``motcua.geo.services``; reads that carry rules live in
``motcua.geo.selectors``.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("tỉnh, thành phố")
    DISTRICT = "district", _("huyện, quận, thị xã (trước 1/7/2025)")
    COMMUNE = "commune", _("xã, phường, đặc khu")


# Official code length per level (Decision 19/2025/QĐ-TTg keeps the old scheme).
CODE_LENGTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}

# The levels that may sit directly under a unit of a given level.
CHILD_LEVELS: dict[str, tuple[str, ...]] = {
    UnitLevel.PROVINCE: (UnitLevel.DISTRICT, UnitLevel.COMMUNE),
    UnitLevel.DISTRICT: (UnitLevel.COMMUNE,),
    UnitLevel.COMMUNE: (),
}


def unit_search_key(name: str) -> str:
    """The diacritic-free key a unit is searched by (``đ`` folds to ``d``)."""
    return fold(name)[:200]


def valid_on(on: date) -> Q:
    """Rows whose ``[valid_from, valid_to)`` contains ``on``."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=on)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    )


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
        ordering = ["level", "code", models.F("valid_from").asc(nulls_first=True)]
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
        indexes = [
            models.Index(fields=["code", "valid_from"], name="geo_unit_code_from"),
            models.Index(fields=["parent_code", "level"], name="geo_unit_parent_level"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_valid_on(self, on: date) -> bool:
        """Whether this version is in force on ``on``."""
        starts = self.valid_from is None or self.valid_from <= on
        return starts and (self.valid_to is None or on < self.valid_to)

    @property
    def period(self) -> str:
        """The validity range as people read it: ``01/07/2025 – nay``."""
        start = f"{self.valid_from:%d/%m/%Y}" if self.valid_from else "…"
        end = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else str(_("nay"))
        return f"{start} – {end}"


class UnitSuccession(models.Model):
    """One line from an old version of a unit to a new one, dated."""

    class Kind(models.TextChoices):
        RENAME = "rename", _("đổi tên")
        RETYPE = "retype", _("đổi loại đơn vị")
        MERGE = "merge", _("sáp nhập")
        SPLIT = "split", _("chia tách")
        TRANSFER = "transfer", _("chuyển đơn vị cấp trên")

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
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="geo_succession_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.effective:%d/%m/%Y})"
