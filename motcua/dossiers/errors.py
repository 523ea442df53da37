"""What can go wrong when acting on a dossier, each with the HTTP status a face should use."""

from __future__ import annotations


class DossierError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str = "", allowed: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.allowed = allowed or []


class NotVisible(DossierError):
    """The user may not see this dossier: faces answer 404, never 403."""

    status = 404


class Forbidden(DossierError):
    """The user sees the dossier but holds no role that may take this action."""

    status = 403


class IllegalTransition(DossierError):
    """The state table has no such action from the current state (or a guard refused it)."""

    status = 409


class StaleDossier(DossierError):
    """Someone else changed the dossier since the caller read it."""

    status = 409


class InvalidInput(DossierError):
    """An action's fields are missing or wrong."""

    status = 422
