"""The queue at a one-stop centre: lines with a letter, tickets, and the daily number sequence.

A citizen takes a ticket for a line (nhóm quầy) — either one counter or one field of
procedures served by every counter that lists it — and waits; an officer calls it to a
counter, serves it and closes it. The waiting time (taken → first call) is what the
15-minute target measures, so every moment is stored, never derived later from logs.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Counter, ServiceCentre

PREFIX = RegexValidator(r"^[A-Z]{1,3}$", _("Chữ đầu số gồm 1 đến 3 chữ in hoa, ví dụ A."))


class QueueGroup(models.Model):
    """A line of the queue: one kiosk button, one letter, the counters that call it."""

    centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("bộ phận một cửa"),
        on_delete=models.CASCADE,
        related_name="queue_groups",
    )
    prefix = models.CharField(_("chữ đầu số"), max_length=3, validators=[PREFIX])
    name = models.CharField(_("tên trên nút lấy số"), max_length=200)
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("quầy"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="queue_groups",
        help_text=_("Nhóm theo quầy: chỉ quầy này gọi số."),
    )
    field = models.CharField(
        _("lĩnh vực"),
        max_length=250,
        blank=True,
        help_text=_("Nhóm theo lĩnh vực: mọi quầy có lĩnh vực này đều gọi số."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    is_active = models.BooleanField(_("đang nhận lấy số"), default=True)

    class Meta:
        ordering = ["centre", "position", "prefix"]
        verbose_name = _("nhóm xếp hàng")
        verbose_name_plural = _("nhóm xếp hàng")
        constraints = [
            models.UniqueConstraint(fields=["centre", "prefix"], name="desk_group_prefix"),
            models.UniqueConstraint(
                fields=["centre", "counter"],
                condition=Q(counter__isnull=False),
                name="desk_group_counter",
            ),
            models.UniqueConstraint(
                fields=["centre", "field"], condition=~Q(field=""), name="desk_group_field"
            ),
            models.CheckConstraint(
                condition=(Q(counter__isnull=False) & Q(field=""))
                | (Q(counter__isnull=True) & ~Q(field="")),
                name="desk_group_counter_or_field",
                violation_error_message=_("Nhóm xếp hàng theo một quầy hoặc một lĩnh vực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"

    def clean(self) -> None:
        if self.counter is not None and self.counter.centre_id != self.centre_id:
            raise ValidationError({"counter": _("Quầy này thuộc bộ phận một cửa khác.")})

    def is_served_by(self, counter: Counter) -> bool:
        """Whether ``counter`` calls this line's tickets."""
        if self.counter_id is not None:
            return self.counter_id == counter.pk
        return counter.centre_id == self.centre_id and self.field in (counter.fields or [])


class Ticket(models.Model):
    """One visit: a number taken at the kiosk, called to a counter, served and closed."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Đang chờ")
        CALLED = "called", _("Đã gọi")
        SERVING = "serving", _("Đang phục vụ")
        DONE = "done", _("Đã xong")
        NO_SHOW = "no_show", _("Vắng mặt")

    centre = models.ForeignKey(
        ServiceCentre, verbose_name=_("bộ phận một cửa"), on_delete=models.PROTECT
    )
    group = models.ForeignKey(
        QueueGroup,
        verbose_name=_("nhóm xếp hàng"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    day = models.DateField(_("ngày"))
    sequence = models.PositiveIntegerField(_("số trong ngày"))
    number = models.CharField(_("số thứ tự"), max_length=16)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    taken_at = models.DateTimeField(_("lấy số lúc"))
    called_at = models.DateTimeField(_("gọi lần đầu lúc"), null=True, blank=True)
    last_called_at = models.DateTimeField(_("gọi gần nhất lúc"), null=True, blank=True)
    recalls = models.PositiveSmallIntegerField(_("số lần gọi lại"), default=0)
    called_to = models.ForeignKey(
        Counter,
        verbose_name=_("gọi đến quầy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    served_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ phục vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="served_tickets",
    )
    serving_started_at = models.DateTimeField(_("bắt đầu phục vụ lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # Only to send the number by SMS later; never shown on public pages.
    phone = models.CharField(_("điện thoại nhận tin"), max_length=20, blank=True)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12, blank=True)

    class Meta:
        ordering = ["-day", "taken_at", "pk"]
        verbose_name = _("số thứ tự")
        verbose_name_plural = _("số thứ tự")
        constraints = [
            models.UniqueConstraint(fields=["centre", "day", "number"], name="desk_ticket_number")
        ]
        indexes = [
            models.Index(fields=["group", "status", "taken_at"], name="desk_ticket_line"),
            models.Index(fields=["centre", "day"], name="desk_ticket_day"),
            models.Index(fields=["called_to", "status"], name="desk_ticket_counter"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.day:%d/%m/%Y})"

    @property
    def waiting_time(self) -> timedelta | None:
        """Taken → first called; ``None`` while still waiting (see selectors for live waits)."""
        return self.called_at - self.taken_at if self.called_at else None

    @property
    def serving_time(self) -> timedelta | None:
        """Service started → finished; ``None`` until both moments exist."""
        if self.serving_started_at and self.finished_at:
            return self.finished_at - self.serving_started_at
        return None


class TicketSequence(models.Model):
    """The daily sequence of one letter at one centre, locked while a ticket is taken."""

    centre = models.ForeignKey(ServiceCentre, on_delete=models.CASCADE)
    prefix = models.CharField(max_length=3)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["centre", "prefix", "day"], name="desk_sequence_day")
        ]

    def __str__(self) -> str:
        return f"{self.prefix} {self.day:%d/%m/%Y}: {self.last}"
