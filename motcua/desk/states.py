"""The ticket's life as one table: which action moves a ticket from which states to which.

Services enforce it and pages draw their buttons from it, so the allowed moves are listed
in exactly one place. Calling (waiting → called) is not here: it picks the ticket itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.desk.models import Ticket

Status = Ticket.Status

#: A ticket in one of these states occupies its counter.
AT_COUNTER = frozenset({Status.CALLED, Status.SERVING})


@dataclass(frozen=True)
class Move:
    label: Promise  # the button
    verb: Promise  # "không thể <verb>" in error messages
    sources: frozenset[str]
    target: str


MOVES: dict[str, Move] = {
    "recall": Move(_("Gọi lại"), _("gọi lại"), frozenset({Status.CALLED}), Status.CALLED),
    "start": Move(
        _("Bắt đầu phục vụ"), _("bắt đầu phục vụ"), frozenset({Status.CALLED}), Status.SERVING
    ),
    "finish": Move(_("Kết thúc"), _("kết thúc"), frozenset({Status.SERVING}), Status.DONE),
    "no_show": Move(
        _("Vắng mặt"), _("đánh dấu vắng mặt"), frozenset({Status.CALLED}), Status.NO_SHOW
    ),
}


def moves_from(status: str) -> list[str]:
    """The actions allowed from ``status``, in the table's order."""
    return [name for name, move in MOVES.items() if status in move.sources]
