"""The published content of a procedure version: channels, dossier components, legal basis.

Each belongs to one version and is frozen with it once a dossier has used the version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.timing import TimeUnit


class ChannelKind(models.TextChoices):
    DESK = "desk", _("Trực tiếp")
    POST = "post", _("Dịch vụ bưu chính")
    ONLINE = "online", _("Trực tuyến")


class Original(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")
    ORIGINAL_OR_CERTIFIED_COPY = (
        "original_or_certified_copy",
        _("Bản chính hoặc bản sao có chứng thực"),
    )


class Channel(models.Model):
    """How a dossier may be filed (desk, post, online), with its own time and fee."""

    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="channels",
    )
    kind = models.CharField(_("cách thức"), max_length=10, choices=ChannelKind.choices)
    handling_time_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    handling_time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, blank=True
    )
    fee_vnd = models.PositiveBigIntegerField(_("phí, lệ phí (đồng)"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        ordering = ["version", "kind"]
        verbose_name = _("cách thức thực hiện")
        verbose_name_plural = _("cách thức thực hiện")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind"],
                name="catalog_channel_once",
                violation_error_message=_("Mỗi cách thức chỉ khai một lần cho một phiên bản."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class Component(models.Model):
    """One paper of the dossier (thành phần hồ sơ), with its form template if any."""

    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="components",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên giấy tờ"))
    template = models.FileField(
        _("mẫu đơn, tờ khai"), upload_to="catalog/templates/%Y/", blank=True
    )
    original_or_copy = models.CharField(
        _("bản chính / bản sao"), max_length=30, choices=Original.choices, blank=True
    )
    count = models.PositiveSmallIntegerField(_("số lượng"), null=True, blank=True)
    required = models.BooleanField(
        _("bắt buộc"), null=True, blank=True, help_text=_("Để trống: nguồn không nêu.")
    )
    reusable = models.BooleanField(
        _("tái sử dụng từ kho dữ liệu"),
        default=False,
        help_text=_("Không yêu cầu nộp lại khi đã có trong kho dữ liệu điện tử của người nộp."),
    )

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name[:80]


class LegalBasis(models.Model):
    """A legal document the procedure rests on (căn cứ pháp lý)."""

    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.CASCADE,
        related_name="legal_basis",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    reference = models.CharField(_("số, ký hiệu"), max_length=300)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")

    def __str__(self) -> str:
        return self.reference
