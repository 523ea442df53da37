"""Per-step progress (B1…Bn) and inter-agency legs: rows beside the dossier, not states."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class DossierStep(models.Model):
    """One step of the internal process for one dossier, with its hand-over and timing."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    code = models.CharField(_("bước"), max_length=20)
    actor = models.TextField(_("người/bộ phận thực hiện"), blank=True)
    role = models.CharField(_("vai trò"), max_length=30, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    budget_seconds = models.PositiveIntegerField(_("thời gian (giây làm việc)"), null=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["dossier", "position"]
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "position"], name="dossier_step_position")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.actor}"


class InterAgencyLeg(models.Model):
    """A part of the handling sent to another agency, with its share of the time."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="legs")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    share = models.DecimalField(
        _("thời gian được giao (ngày làm việc)"), max_digits=6, decimal_places=3
    )
    note = models.TextField(_("nội dung"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    due_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["dossier", "sent_at"]
        verbose_name = _("liên thông")
        verbose_name_plural = _("liên thông")

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.agency_id}"
