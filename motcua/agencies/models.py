"""Who acts in the system: agencies, one-stop centres, counters, staff roles, applicants.

Place of receipt is not the competent authority, so centres and agencies are separate
records; a staff member's rights come from role assignments scoped to an agency (and,
for desk work, a centre), never from the account alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies import certificate_models  # noqa: F401 - models kept in their own module
from motcua.core.text import fold

E_IDENTIFIER = RegexValidator(
    r"^[A-Z][A-Z0-9]*(\.[A-Z0-9]+)*$",
    _("Mã định danh điện tử gồm chữ in hoa và số, ngăn cách bằng dấu chấm, ví dụ H44.01."),
)
CITIZEN_ID = RegexValidator(r"^\d{12}$", _("Số định danh cá nhân gồm đúng 12 chữ số."))
TAX_CODE = RegexValidator(
    r"^\d{10}(-\d{3})?$", _("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, dấu gạch và 3 chữ số.")
)
COUNTER_HOURS = RegexValidator(
    r"^\d{2}:\d{2}-\d{2}:\d{2}(,\d{2}:\d{2}-\d{2}:\d{2})*$",
    _("Giờ làm việc dạng 08:00-12:00,13:00-17:00."),
)


class Agency(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
        PROVINCE_COMMITTEE = "province_committee", _("UBND tỉnh, thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE_COMMITTEE = "commune_committee", _("UBND xã, phường, đặc khu")
        SECTOR = "sector", _("Cơ quan ngành dọc")
        DIVISION = "division", _("Phòng, đơn vị trực thuộc")

    e_identifier = models.CharField(
        _("mã định danh điện tử"), max_length=40, unique=True, validators=[E_IDENTIFIER]
    )
    name = models.CharField(_("tên"), max_length=250)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    unit_code = models.CharField(_("mã đơn vị hành chính phục vụ"), max_length=10, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["e_identifier"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")

    def __str__(self) -> str:
        return f"{self.name} ({self.e_identifier})"


class ServiceCentre(models.Model):
    """A one-stop unit: the provincial centre, a branch, or a commune centre."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Trung tâm Phục vụ hành chính công tỉnh")
        BRANCH = "branch", _("Chi nhánh")
        COMMUNE = "commune", _("Bộ phận Một cửa cấp xã")
        MINISTRY = "ministry", _("Bộ phận Một cửa của bộ, ngành")

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[E_IDENTIFIER])
    name = models.CharField(_("tên"), max_length=250)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("trung tâm chủ quản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan quản lý"),
        on_delete=models.PROTECT,
        related_name="centres",
        help_text=_("Mã định danh của cơ quan này đứng đầu mã hồ sơ tiếp nhận tại đây."),
    )
    unit_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    counter_hours = models.CharField(
        _("giờ tiếp nhận"),
        max_length=100,
        default="08:00-12:00,13:00-17:00",
        validators=[COUNTER_HOURS],
    )
    cutoff = models.TimeField(
        _("giờ chốt tiếp nhận trong ngày"),
        null=True,
        blank=True,
        help_text=_("Hồ sơ nhận sau giờ này được tính từ ngày làm việc tiếp theo (thường 15:00)."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("bộ phận một cửa")
        verbose_name_plural = _("bộ phận một cửa")

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A desk (quầy) at a centre, serving some fields of procedures."""

    centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("bộ phận một cửa"),
        on_delete=models.CASCADE,
        related_name="counters",
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=200)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan đặt quầy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counters",
    )
    fields = models.JSONField(_("lĩnh vực phục vụ"), default=list, blank=True)

    class Meta:
        ordering = ["centre", "number"]
        verbose_name = _("quầy tiếp nhận")
        verbose_name_plural = _("quầy tiếp nhận")
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="agencies_counter_number")
        ]

    def __str__(self) -> str:
        return f"{self.centre.code} – quầy {self.number}: {self.name}"


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Công chức tiếp nhận và trả kết quả")
    HANDLING_OFFICIAL = "handling_official", _("Chuyên viên xử lý")
    HEAD_OF_DIVISION = "head_of_division", _("Lãnh đạo phòng")
    LEADER = "leader", _("Lãnh đạo cơ quan")
    CLERK = "clerk", _("Văn thư")
    CENTRE_SUPERVISOR = "centre_supervisor", _("Giám sát bộ phận một cửa")
    PROVINCE_SUPERVISOR = "province_supervisor", _("Giám sát cấp tỉnh")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class StaffRole(models.Model):
    """A role held by a staff account in one agency (and, for desk work, one centre)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff_roles"
    )
    centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("bộ phận một cửa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_roles",
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công vai trò")
        verbose_name_plural = _("phân công vai trò")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agency", "centre"], name="agencies_staffrole_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"],
                condition=Q(centre__isnull=True),
                name="agencies_staffrole_unique_no_centre",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency.e_identifier}"


class Applicant(models.Model):
    """A citizen (12-digit personal ID) or an organisation (tax code) that files dossiers."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")

    kind = models.CharField(_("loại"), max_length=15, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicant",
    )
    name = models.CharField(_("họ tên / tên tổ chức"), max_length=250)
    id_number = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, validators=[CITIZEN_ID]
    )
    tax_code = models.CharField(_("mã số thuế"), max_length=14, blank=True, validators=[TAX_CODE])
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    search_key = models.CharField(max_length=250, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("người nộp hồ sơ")
        verbose_name_plural = _("người nộp hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~Q(id_number=""), name="agencies_applicant_id"
            ),
            models.UniqueConstraint(
                fields=["tax_code"], condition=~Q(tax_code=""), name="agencies_applicant_tax"
            ),
            models.CheckConstraint(
                condition=(Q(kind="citizen") & ~Q(id_number=""))
                | (Q(kind="organisation") & ~Q(tax_code="")),
                name="agencies_applicant_identified",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = fold(f"{self.name} {self.id_number} {self.tax_code}")
        super().save(*args, **kwargs)
