"""What can go wrong in the queue, each with the HTTP status a page should answer with."""

from __future__ import annotations


class QueueError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class QueueForbidden(QueueError):
    """The user holds no desk-officer role at this centre."""

    status = 403


class IllegalTicketAction(QueueError):
    """The ticket (or the counter) is not in a state where this action makes sense."""

    status = 409


class NothingToCall(QueueError):
    """No ticket is waiting for this counter."""

    status = 409


class NoSuchLine(QueueError):
    """The kiosk asked for a counter or field the centre does not queue for."""

    status = 404
