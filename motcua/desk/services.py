"""Every write of the queue: take a number, call it, serve it, close it; set up the lines.

Numbers come from a per-centre, per-letter, per-day counter row locked inside the taking
transaction (as dossier codes do), so they are gap-free and never repeat. Calling locks
the counter (one call at a time per counter) and takes the oldest waiting ticket with
``SKIP LOCKED``: two officers calling at once each get a different ticket, neither waits
for the other. Only a desk officer of the ticket's centre may call or serve.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Counter, ServiceCentre
from motcua.core.models import User
from motcua.core.text import nfc
from motcua.desk import selectors
from motcua.desk.errors import (
    IllegalTicketAction,
    NoSuchLine,
    NothingToCall,
    QueueError,
    QueueForbidden,
)
from motcua.desk.models import QueueGroup, Ticket, TicketSequence
from motcua.desk.states import MOVES

Status = Ticket.Status
MIN_DIGITS = 3


def format_number(prefix: str, sequence: int) -> str:
    """``A-015``: the letter of the line and the day's sequence, at least three digits."""
    return f"{prefix}-{sequence:0{MIN_DIGITS}d}"


def letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: prefixes for lines built from counters or fields."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _require_desk_officer(by: User, centre: ServiceCentre) -> None:
    if not selectors.may_serve(by, centre):
        raise QueueForbidden(
            _("Chỉ công chức tiếp nhận của %(centre)s được gọi và phục vụ số thứ tự.")
            % {"centre": centre.name}
        )


def _next_sequence(*, centre: ServiceCentre, prefix: str, day: date) -> int:
    TicketSequence.objects.bulk_create(
        [TicketSequence(centre=centre, prefix=prefix, day=day, last=0)], ignore_conflicts=True
    )
    row = TicketSequence.objects.select_for_update().get(centre=centre, prefix=prefix, day=day)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


@transaction.atomic
def ticket_take(
    *,
    centre: ServiceCentre,
    counter: Counter | None = None,
    field: str | None = None,
    phone: str = "",
    id_number: str = "",
) -> Ticket:
    """Give the next number of the line for ``counter`` or for ``field`` (exactly one)."""
    if (counter is None) == (not field):
        raise QueueError(_("Hãy chọn một quầy hoặc một lĩnh vực để lấy số."))
    if not centre.is_active:
        raise NoSuchLine(_("Bộ phận một cửa này hiện không tiếp nhận."))
    group = selectors.group_for(centre=centre, counter=counter, field=field)
    if group is None:
        raise NoSuchLine(_("Quầy hoặc lĩnh vực này hiện không cấp số thứ tự."))
    now = timezone.now()
    day = timezone.localdate(now)
    sequence = _next_sequence(centre=centre, prefix=group.prefix, day=day)
    ticket = Ticket(
        centre=centre,
        group=group,
        day=day,
        sequence=sequence,
        number=format_number(group.prefix, sequence),
        taken_at=now,
        phone=phone.strip(),
        id_number=id_number.strip(),
    )
    _check_contact(ticket)
    ticket.save()
    return ticket


def _check_contact(ticket: Ticket) -> None:
    if ticket.phone and not (ticket.phone.isdigit() and 9 <= len(ticket.phone) <= 11):
        raise QueueError(_("Số điện thoại gồm 9 đến 11 chữ số."))
    if ticket.id_number and not (ticket.id_number.isdigit() and len(ticket.id_number) == 12):
        raise QueueError(_("Số định danh cá nhân gồm đúng 12 chữ số."))


@transaction.atomic
def ticket_call_next(*, counter: Counter, by: User) -> Ticket:
    """Call the oldest waiting ticket of today among the lines ``counter`` serves."""
    _require_desk_officer(by, counter.centre)
    # One call at a time per counter; lock that row alone (no join, so not the centre's row).
    list(Counter.objects.select_for_update().filter(pk=counter.pk).order_by().values("pk"))
    today = timezone.localdate()
    busy = selectors.ticket_at_counter(counter, on=today)
    if busy is not None:
        raise IllegalTicketAction(
            _(
                "Quầy %(counter)s đang có số %(number)s; hãy kết thúc hoặc đánh dấu vắng mặt"
                " trước khi gọi số mới."
            )
            % {"counter": counter.number, "number": busy.number}
        )
    lines = [g.pk for g in selectors.groups_served_by(counter)]
    ticket = (
        Ticket.objects.select_for_update(skip_locked=True)
        .filter(group__in=lines, status=Status.WAITING, day=today)
        .order_by("taken_at", "pk")
        .first()
    )
    if ticket is None:
        raise NothingToCall(_("Không còn ai chờ ở quầy %(counter)s.") % {"counter": counter.number})
    now = timezone.now()
    ticket.status = Status.CALLED
    ticket.called_at = ticket.last_called_at = now
    ticket.called_to, ticket.served_by = counter, by
    ticket.save(update_fields=["status", "called_at", "last_called_at", "called_to", "served_by"])
    return ticket


def _move(*, ticket: Ticket, by: User, action: str) -> Ticket:
    """Apply one row of the state table to the locked ticket, or refuse and change nothing."""
    locked = Ticket.objects.select_for_update().select_related("centre").get(pk=ticket.pk)
    _require_desk_officer(by, locked.centre)
    move = MOVES[action]
    if locked.status not in move.sources:
        raise IllegalTicketAction(
            _("Số %(number)s đang ở trạng thái “%(status)s”, không thể %(verb)s.")
            % {"number": locked.number, "status": locked.get_status_display(), "verb": move.verb}
        )
    now = timezone.now()
    locked.status = move.target
    if action == "recall":
        locked.last_called_at, locked.recalls = now, locked.recalls + 1
    elif action == "start":
        locked.serving_started_at, locked.served_by = now, by
    else:  # finish, no_show
        locked.finished_at = now
    locked.save()
    return locked


@transaction.atomic
def ticket_recall(*, ticket: Ticket, by: User) -> Ticket:
    """Announce a called ticket again (the visitor has not come yet)."""
    return _move(ticket=ticket, by=by, action="recall")


@transaction.atomic
def ticket_start(*, ticket: Ticket, by: User) -> Ticket:
    """The visitor is at the counter: serving starts now."""
    return _move(ticket=ticket, by=by, action="start")


@transaction.atomic
def ticket_finish(*, ticket: Ticket, by: User) -> Ticket:
    """The visit is over."""
    return _move(ticket=ticket, by=by, action="finish")


@transaction.atomic
def ticket_no_show(*, ticket: Ticket, by: User) -> Ticket:
    """The called visitor did not come; the counter is free for the next number."""
    return _move(ticket=ticket, by=by, action="no_show")


ACTIONS = {
    "recall": ticket_recall,
    "start": ticket_start,
    "finish": ticket_finish,
    "no_show": ticket_no_show,
}


@transaction.atomic
def queue_group_upsert(
    *,
    centre: ServiceCentre,
    prefix: str,
    name: str,
    counter: Counter | None = None,
    field: str = "",
    position: int = 0,
    is_active: bool = True,
) -> QueueGroup:
    """Create or update the line with letter ``prefix`` at ``centre``."""
    group = QueueGroup.objects.filter(centre=centre, prefix=prefix).first() or QueueGroup(
        centre=centre, prefix=prefix
    )
    group.name, group.counter, group.field = nfc(name), counter, nfc(field)
    group.position, group.is_active = position, is_active
    try:
        group.full_clean()
    except ValidationError as error:
        raise QueueError(" ".join(error.messages)) from error
    group.save()
    return group


@transaction.atomic
def queue_groups_from_counters(
    *, centre: ServiceCentre, by_field: bool = False
) -> list[QueueGroup]:
    """Lines A, B, C… for a centre without lines: one per counter, or one per field served."""
    if centre.queue_groups.exists():
        raise QueueError(_("Bộ phận một cửa này đã có nhóm xếp hàng; hãy sửa từng nhóm."))
    counters = list(centre.counters.order_by("number"))
    specs: list[tuple[str, Counter | None, str]]
    if by_field:
        fields = sorted({f for c in counters for f in (c.fields or [])})
        specs = [(name, None, name) for name in fields]
    else:
        specs = [(c.name, c, "") for c in counters]
    return [
        queue_group_upsert(
            centre=centre, prefix=letters(i), name=name, counter=counter, field=field, position=i
        )
        for i, (name, counter, field) in enumerate(specs)
    ]
