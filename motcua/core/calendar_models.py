"""The official working calendar as data: one row per exception to the weekly rule.

A year counts as covered once it has been seeded (``CalendarYear``); the engine in
``motcua.core.calendar`` refuses moments in other years rather than guess their holidays.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A weekday that is off, or a weekend day that is worked (make-up Saturday)."""

    class Source(models.TextChoices):
        HOLIDAYS_PACKAGE = "holidays", _("thư viện holidays")
        OFFICIAL = "official", _("thông báo chính thức")
        ADMIN = "admin", _("quản trị viên")

    date = models.DateField(_("ngày"), unique=True)
    is_working = models.BooleanField(_("là ngày làm việc"))
    name = models.CharField(_("tên"), max_length=200)
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices)
    confidence = models.CharField(_("độ tin cậy"), max_length=4, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày đặc biệt trong lịch làm việc")
        verbose_name_plural = _("lịch làm việc")

    def __str__(self) -> str:
        kind = "làm việc" if self.is_working else "nghỉ"
        return f"{self.date:%d/%m/%Y} ({kind}): {self.name}"


class CalendarYear(models.Model):
    """A year whose calendar has been seeded; deadlines are computed only in such years."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    seeded_at = models.DateTimeField(_("khởi tạo lúc"), auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("năm của lịch làm việc")
        verbose_name_plural = _("các năm của lịch làm việc")

    def __str__(self) -> str:
        return str(self.year)
