"""Who performs a procedure in this installation, and delegation between agencies.

Place of receipt is not the competent authority (DOMAIN §1): routing needs to know which
agency performs a procedure on a date, and whether it has delegated (ủy quyền) or
decentralised (phân cấp) it to another agency for a period.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency


def _valid_range(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True)
        | Q(valid_from__isnull=True)
        | Q(valid_to__gt=F("valid_from")),
        name=f"{prefix}_valid_range",
        violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
    )


class ProcedureAssignment(models.Model):
    """Agency ``agency`` performs ``procedure`` on ``[valid_from, valid_to)``."""

    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="procedure_assignments",
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        ordering = ["procedure", "agency"]
        verbose_name = _("cơ quan thực hiện thủ tục")
        verbose_name_plural = _("cơ quan thực hiện thủ tục")
        constraints = [_valid_range("catalog_assignment")]

    def __str__(self) -> str:
        return f"{self.procedure} → {self.agency}"


class DelegationKind(models.TextChoices):
    DELEGATION = "delegation", _("Ủy quyền")
    DECENTRALISATION = "decentralisation", _("Phân cấp")


class ProcedureDelegation(models.Model):
    """``from_agency`` hands ``procedure`` to ``to_agency`` on ``[valid_from, valid_to)``."""

    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.CASCADE,
        related_name="delegations",
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=DelegationKind.choices)
    from_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan có thẩm quyền"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    to_agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan được giao"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến trước ngày"), null=True, blank=True)
    basis = models.CharField(_("văn bản ủy quyền, phân cấp"), max_length=300, blank=True)

    class Meta:
        ordering = ["procedure", "valid_from"]
        verbose_name = _("ủy quyền, phân cấp thủ tục")
        verbose_name_plural = _("ủy quyền, phân cấp thủ tục")
        constraints = [
            _valid_range("catalog_delegation"),
            models.CheckConstraint(
                condition=~Q(from_agency=F("to_agency")),
                name="catalog_delegation_two_agencies",
                violation_error_message=_("Cơ quan ủy quyền và cơ quan được giao phải khác nhau."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure}: {self.from_agency} → {self.to_agency}"
