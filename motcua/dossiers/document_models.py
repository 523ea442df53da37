"""Files handed in or produced for dossiers, kept by content hash and sniffed type."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    """One stored file: a scanned component, an upload, or a result.

    The type is what the content says (sniffed), never what the name claims. ID-card
    images are encrypted at rest; ``sha256`` is of the plain content.
    """

    class Kind(models.TextChoices):
        COMPONENT = "component", _("thành phần hồ sơ")
        ID_CARD = "id_card", _("ảnh giấy tờ tùy thân")
        RESULT = "result", _("kết quả giải quyết")
        FORM = "form", _("biểu mẫu, phiếu")

    file = models.FileField(_("tệp"), upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(max_length=64, db_index=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.COMPONENT)
    encrypted = models.BooleanField(_("mã hóa khi lưu"), default=False)
    digitised_at_desk = models.BooleanField(_("số hóa tại bộ phận một cửa"), default=False)
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người số hóa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        "agencies.Applicant",
        verbose_name=_("chủ sở hữu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tài liệu")
        verbose_name_plural = _("tài liệu")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.content_type}, {self.size} B)"
