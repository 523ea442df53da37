"""Dossiers as JSON: detail, list item and events, for staff and for the applicant.

Who reads decides how much: a dossier read by its own applicant is shown without the
staff's personal data (no official's name or id on steps, events or the assignee, no
internal notes, and only the payload keys that concern the applicant); anyone else who can
see the dossier reads it as staff. The querysets here only say what to load in one go so
that a page costs a fixed number of queries.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from motcua.core.models import User
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    DossierEvent,
    DossierStep,
    InterAgencyLeg,
)
from motcua.dossiers.selectors import actions_for
from motcua.dossiers.states import ACTION_LABELS, STATE_LABELS
from motcua.dossiers.step_models import Outcome

# What an applicant may read in an event's payload: what was asked of them and why, and
# the times promised to them; never who handled it or internal notes.
APPLICANT_PAYLOAD_KEYS = frozenset(
    {"code", "due_at", "phase", "items", "reason", "old_due_at", "new_due_at", "delivery"}
)
CHANNEL_LABELS = dict(Channel.choices)
OUTCOME_LABELS = dict(Outcome.choices)


def action_label(action: str) -> str:
    if action == "create":
        return _("Tạo hồ sơ")
    return str(ACTION_LABELS.get(action, action))


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))  # type: ignore[call-overload]


def with_detail(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    """Everything the detail shows, in a fixed number of queries."""
    components = DossierComponent.objects.prefetch_related("documents")
    steps = DossierStep.objects.select_related("assignee", "given_by")
    legs = InterAgencyLeg.objects.select_related("agency")
    return queryset.select_related(
        "procedure_version__procedure", "centre", "agency", "applicant", "assignee", "current_step"
    ).prefetch_related(
        Prefetch("components", queryset=components),
        Prefetch("steps", queryset=steps),
        Prefetch("legs", queryset=legs),
        "supplements",
    )


def with_summary(queryset: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return queryset.select_related("procedure_version__procedure", "centre", "agency", "applicant")


def is_own(dossier: Dossier, user: User) -> bool:
    """True when ``user`` reads the dossier as its applicant (the staff's data is hidden)."""
    return dossier.applicant.user_id == user.pk


def _person(user: User | None, hidden: bool) -> dict[str, Any] | None:
    if user is None or hidden:
        return None
    return {"id": user.pk, "name": str(user)}


def _procedure(dossier: Dossier) -> dict[str, Any]:
    version = dossier.procedure_version
    return {"code": version.procedure.code, "name": version.name, "version": version.number}


def _agency(dossier: Dossier) -> dict[str, str]:
    return {"e_identifier": dossier.agency.e_identifier, "name": dossier.agency.name}


def _components(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "id": row.pk,
            "component": row.component_id,
            "name": row.name,
            "required": row.required,
            "digitised": row.digitised,
            "reused": row.reused,
            "documents": [
                {
                    "id": d.pk,
                    "original_name": d.original_name,
                    "content_type": d.content_type,
                    "size": d.size,
                    "pages": d.pages,
                    "sha256": d.sha256,
                }
                for d in row.documents.all()
            ],
        }
        for row in dossier.components.all()
    ]


def _steps(dossier: Dossier, hidden: bool) -> list[dict[str, Any]]:
    return [
        {
            "position": s.position,
            "code": s.code,
            "actor": s.actor,
            "role": s.role,
            "budget_hours": s.budget_seconds / 3600 if s.budget_seconds is not None else None,
            "assignee": _person(s.assignee, hidden),
            "given_by": _person(s.given_by, hidden),
            "started_at": s.started_at,
            "due_at": s.due_at,
            "finished_at": s.finished_at,
            "outcome": s.outcome,
            "outcome_label": str(OUTCOME_LABELS.get(s.outcome, "")),
        }
        for s in dossier.steps.all()
    ]


def _legs(dossier: Dossier, hidden: bool) -> list[dict[str, Any]]:
    return [
        {
            "agency": {"e_identifier": leg.agency.e_identifier, "name": leg.agency.name},
            "share": float(leg.share),
            "note": "" if hidden else leg.note,
            "sent_at": leg.sent_at,
            "due_at": leg.due_at,
            "returned_at": leg.returned_at,
            "outcome": leg.outcome,
            "outcome_label": str(OUTCOME_LABELS.get(leg.outcome, "")),
        }
        for leg in dossier.legs.all()
    ]


def _supplements(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "phase": s.phase,
            "phase_label": s.get_phase_display(),
            "items": list(s.items),
            "note": s.note,
            "requested_at": s.requested_at,
            "respond_by": s.respond_by,
            "fulfilled_at": s.fulfilled_at,
        }
        for s in dossier.supplements.all()
    ]


def _applicant(dossier: Dossier) -> dict[str, str]:
    a = dossier.applicant
    return {
        "kind": a.kind,
        "name": a.name,
        "id_number": a.id_number,
        "tax_code": a.tax_code,
        "phone": a.phone,
        "email": a.email,
        "address": a.address,
    }


def _times(dossier: Dossier) -> dict[str, Any]:
    names = (
        "submitted_at",
        "acceptance_due_at",
        "received_at",
        "clock_started_at",
        "due_at",
        "extended_due_at",
        "paused_at",
        "finished_at",
        "returned_at",
    )
    return {name: getattr(dossier, name) for name in names} | {
        "effective_due_at": dossier.effective_due_at
    }


def detail(dossier: Dossier, user: User) -> dict[str, Any]:
    """The full dossier as ``user`` may read it (load it ``with_detail``)."""
    hidden = is_own(dossier, user)
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": state_label(dossier.status),
        "revision": dossier.revision,
        "procedure": _procedure(dossier),
        "channel": dossier.channel,
        "channel_label": str(CHANNEL_LABELS.get(dossier.channel, dossier.channel)),
        "centre": {"code": dossier.centre.code, "name": dossier.centre.name},
        "agency": _agency(dossier),
        "applicant": _applicant(dossier),
        "authorised_person": dict(dossier.authorised_person),
        "result_delivery": dossier.result_delivery,
        **_times(dossier),
        "is_late": dossier.is_late,
        "extensions": dossier.extensions,
        "supplements_at_receipt": dossier.supplements_at_receipt,
        "supplements_after_receipt": dossier.supplements_after_receipt,
        "decision_note": dossier.decision_note,
        "assignee": _person(dossier.assignee, hidden),
        "current_step": dossier.current_step.code if dossier.current_step else None,
        "components": _components(dossier),
        "steps": _steps(dossier, hidden),
        "legs": _legs(dossier, hidden),
        "supplements": _supplements(dossier),
        "allowed_actions": actions_for(user, dossier),
    }


def summary(dossier: Dossier, user: User) -> dict[str, Any]:
    """One line of a list (load it ``with_summary``)."""
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": state_label(dossier.status),
        "procedure": _procedure(dossier),
        "applicant_name": dossier.applicant.name,
        "channel": dossier.channel,
        "centre": dossier.centre.code,
        "agency": _agency(dossier),
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "effective_due_at": dossier.effective_due_at,
        "is_late": dossier.is_late,
        "assigned_to_me": dossier.assignee_id == user.pk,
    }


def event(row: DossierEvent, hidden: bool) -> dict[str, Any]:
    """One event; ``hidden`` (the applicant reads) drops the actor and staff-only payload."""
    payload = dict(row.payload)
    if hidden:
        payload = {k: v for k, v in payload.items() if k in APPLICANT_PAYLOAD_KEYS}
    return {
        "sequence": row.sequence,
        "action": row.action,
        "action_label": action_label(row.action),
        "from_state": row.from_state,
        "to_state": row.to_state,
        "state_label": state_label(row.to_state),
        "at": row.at,
        "actor": _person(row.actor, hidden),
        "actor_role": row.actor_role,
        "payload": payload,
    }
