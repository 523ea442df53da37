"""Reads with rules: who sees which dossier, who acts as what, worklists and overdue lists.

Deny by default: applicants see their own dossiers; staff see the dossiers of the
agencies they hold roles in (and those routed to them by an inter-agency leg), desk staff
and centre supervisors those of their centre; province supervisors and administrators see
all. Anything else is "not found".
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.agencies.models import Role
from motcua.agencies.selectors import roles_of
from motcua.core.models import User
from motcua.dossiers.models import Dossier, DossierEvent, InterAgencyLeg
from motcua.dossiers.states import CLOCK_STOPPED, TERMINAL, Actor, State, transitions_from

PROVINCE_WIDE = {Role.PROVINCE_SUPERVISOR, Role.ADMINISTRATOR}
CENTRE_ROLES = {Role.DESK_OFFICER, Role.CENTRE_SUPERVISOR}
AGENCY_ACTORS = {
    Role.HANDLING_OFFICIAL: Actor.HANDLING_OFFICIAL,
    Role.HEAD_OF_DIVISION: Actor.HEAD_OF_DIVISION,
    Role.LEADER: Actor.LEADER,
    Role.CLERK: Actor.CLERK,
}


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    if not user.is_authenticated or not user.is_active:
        return Dossier.objects.none()
    grants = list(roles_of(user))
    if user.is_superuser or any(g.role in PROVINCE_WIDE for g in grants):
        return Dossier.objects.all()
    rule = Q(applicant__user=user)
    agencies = {g.agency_id for g in grants if g.role in AGENCY_ACTORS}
    if agencies:
        rule |= Q(agency_id__in=agencies) | Q(legs__agency_id__in=agencies)
    centres = {g.centre_id for g in grants if g.role in CENTRE_ROLES and g.centre_id}
    if centres:
        rule |= Q(centre_id__in=centres) | Q(centre__parent_id__in=centres)
    return Dossier.objects.filter(rule).distinct()


def dossier_for(user: User, code: str) -> Dossier | None:
    return dossiers_visible_to(user).filter(code=code).first()


def actors_for(user: User, dossier: Dossier) -> set[Actor]:
    """The parts ``user`` may play on ``dossier`` in the state table.

    Staff of the competent agency act in their role; staff of an agency an inter-agency
    leg is open with act only as its partner (they answer the leg, nothing more).
    """
    actors: set[Actor] = set()
    if not user.is_active:
        return actors
    if dossier.applicant.user_id == user.pk:
        actors.add(Actor.APPLICANT)
    desk_centres = {dossier.centre_id, dossier.centre.parent_id} - {None}
    leg_agencies = set(
        dossier.legs.filter(returned_at__isnull=True).values_list("agency", flat=True)
    )
    for grant in roles_of(user):
        if grant.role == Role.DESK_OFFICER and grant.centre_id in desk_centres:
            actors.add(Actor.DESK_OFFICER)
        actor = AGENCY_ACTORS.get(Role(grant.role))
        if actor and grant.agency_id == dossier.agency_id:
            actors.add(actor)
        elif actor and grant.agency_id in leg_agencies:
            actors.add(Actor.PARTNER)
    return actors


def actions_for(user: User, dossier: Dossier) -> list[str]:
    """The actions the table lets ``user`` take on ``dossier`` now (guards not evaluated)."""
    actors = actors_for(user, dossier)
    rows = transitions_from(dossier.status)
    return list(dict.fromkeys(t.action for t in rows if t.actors & actors))


def open_legs_for(user: User) -> QuerySet[InterAgencyLeg]:
    """Inter-agency legs waiting for an answer from the agencies ``user`` works in."""
    agencies = {g.agency_id for g in roles_of(user) if g.role in AGENCY_ACTORS}
    return (
        InterAgencyLeg.objects.filter(agency_id__in=agencies, returned_at__isnull=True)
        .select_related("dossier", "agency")
        .order_by("due_at")
    )


def public_timeline(dossier: Dossier) -> QuerySet[DossierEvent]:
    """Events a member of the public may see for a dossier (no personal data in them)."""
    fields = ("dossier", "sequence", "action", "to_state", "at")
    return dossier.events.order_by("sequence").only(*fields)


def awaiting_acceptance(*, now: datetime | None = None) -> QuerySet[Dossier]:
    """Online dossiers not accepted or sent back within 8 working hours."""
    moment = now or timezone.now()
    return Dossier.objects.filter(status=State.SUBMITTED, acceptance_due_at__lt=moment).order_by(
        "acceptance_due_at"
    )


def overdue(queryset: QuerySet[Dossier], *, now: datetime | None = None) -> QuerySet[Dossier]:
    """Dossiers still open, with the clock running, whose (extended) due time has passed."""
    moment = now or timezone.now()
    settled = {*TERMINAL, *CLOCK_STOPPED, State.RESULT_READY}
    open_ = queryset.exclude(status__in=[s.value for s in settled])
    return open_.filter(
        Q(extended_due_at__lt=moment) | Q(extended_due_at__isnull=True, due_at__lt=moment)
    )
