"""The one door for every write to a dossier.

``dossier_create`` takes a dossier in from any channel; ``dossier_act`` performs every
transition: it locks the row, asks the state table whether the action is allowed for the
user's role, checks the guard, lets the action's handler do its part, applies the clock
effect, bumps the revision, appends the event and enqueues the side effects — all in one
transaction, so a failure leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Applicant, ServiceCentre
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_handler
from motcua.core.calendar_services import calendar_for
from motcua.core.models import User
from motcua.core.text import fold, nfc
from motcua.dossiers import actions, deadlines, steps
from motcua.dossiers.errors import Forbidden, IllegalTransition, InvalidInput, StaleDossier
from motcua.dossiers.guards import GUARDS
from motcua.dossiers.models import Channel, Document, Dossier, DossierComponent, DossierEvent
from motcua.dossiers.selectors import actors_for
from motcua.dossiers.states import (
    ACTION_LABELS,
    Actor,
    Clock,
    Transition,
    actions_from,
    transitions_from,
)
from motcua.dossiers.tasks import dossier_event_published


@dataclass(frozen=True)
class ComponentInput:
    component_id: int
    document_ids: Sequence[int] = field(default_factory=tuple)


@transaction.atomic
def dossier_create(
    *,
    procedure_version: ProcedureVersion,
    applicant: Applicant,
    channel: str,
    centre: ServiceCentre,
    by: User | None,
    components: Sequence[ComponentInput] = (),
    agency: Agency | None = None,
    authorised_person: Mapping[str, str] | None = None,
    result_delivery: str = "desk",
    submit: bool = True,
    receive: bool = False,
    now: datetime | None = None,
) -> Dossier:
    """Take a dossier in: create it, attach its components, submit (and receive) it.

    ``agency`` must handle the procedure (the competent agency is found when omitted);
    ``now`` back-dates the intake (demo data, historical imports), never from a face.
    """
    if channel not in Channel.values:
        raise InvalidInput(_("Kênh nộp không hợp lệ."), field="channel")
    if procedure_version.online_only and channel in (Channel.DESK, Channel.POST):
        raise InvalidInput(_("Thủ tục này chỉ tiếp nhận trực tuyến."), field="channel")
    competent = _handling_agency(procedure_version, centre, agency)
    dossier = Dossier.objects.create(
        procedure_version=procedure_version,
        applicant=applicant,
        channel=channel,
        centre=centre,
        agency=competent,
        result_delivery=result_delivery,
        created_by=by,
        authorised_person={k: nfc(str(v)) for k, v in (authorised_person or {}).items()},
        search_key=fold(f"{applicant.name} {applicant.id_number} {applicant.tax_code}"),
    )
    _attach_components(dossier, components, by)
    _append_event(dossier, action="create", source="", by=by, role="", payload={}, now=now)
    if submit:
        dossier = dossier_act(dossier=dossier, action="submit", by=by, now=now)
    if receive:
        dossier = dossier_act(dossier=dossier, action="receive", by=by, now=now)
    return dossier


def _handling_agency(
    version: ProcedureVersion, centre: ServiceCentre, agency: Agency | None
) -> Agency:
    """The agency given if it handles the procedure, else the one competent for the centre."""
    if agency is not None:
        handling = procedure_handler(procedure=version.procedure, context=agency)
        if handling is None or handling.agency != agency:
            raise InvalidInput(
                _("Cơ quan “%s” không giải quyết thủ tục này.") % agency.e_identifier,
                field="agency",
            )
        return agency
    handling = procedure_handler(
        procedure=version.procedure, context=centre.agency, unit_code=centre.unit_code
    )
    if handling is None:
        raise InvalidInput(
            _("Không có cơ quan nào giải quyết thủ tục này cho nơi tiếp nhận đã chọn."),
            field="procedure",
        )
    return handling.agency


def _attach_components(
    dossier: Dossier, components: Sequence[ComponentInput], by: User | None
) -> None:
    known = {c.pk: c for c in dossier.procedure_version.components.all()}
    for index, item in enumerate(components):
        component = known.get(item.component_id)
        if component is None:
            raise InvalidInput(
                _("Thành phần hồ sơ không thuộc thủ tục này."),
                field=f"components.{index}.component",
            )
        documents = list(Document.objects.filter(pk__in=item.document_ids))
        if len(documents) != len(set(item.document_ids)) or not all(
            _may_use(d, by, dossier.applicant) for d in documents
        ):
            raise InvalidInput(
                _("Không tìm thấy tài liệu đã tải lên."), field=f"components.{index}.documents"
            )
        row = DossierComponent.objects.create(
            dossier=dossier,
            component=component,
            name=component.name,
            required=bool(component.required),
            digitised=any(d.digitised_at_desk for d in documents),
            reused=any(
                d.owner_id == dossier.applicant_id and d.uploaded_by_id != (by and by.pk)
                for d in documents
            ),
        )
        row.documents.set(documents)
    dossier.digitised_components = dossier.components.filter(digitised=True).count()
    dossier.reused_documents = dossier.components.filter(reused=True).count()
    dossier.save(update_fields=["digitised_components", "reused_documents"])


def _may_use(document: Document, by: User | None, applicant: Applicant) -> bool:
    return (
        by is not None and document.uploaded_by_id == by.pk
    ) or document.owner_id == applicant.pk


def dossier_act(
    *,
    dossier: Dossier,
    action: str,
    by: User | None,
    fields: Mapping[str, Any] | None = None,
    revision: int | None = None,
    now: datetime | None = None,
) -> Dossier:
    """Perform ``action`` on ``dossier`` as ``by`` (None: the system), or raise a DossierError.

    ``now`` back-dates the act (demo data, historical imports); faces never pass it.
    """
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update(of=("self",))  # not the joined rows
            .select_related("centre", "agency", "procedure_version", "applicant", "current_step")
            .get(pk=dossier.pk)
        )
        if revision is not None and revision != locked.revision:
            raise StaleDossier(_("Hồ sơ vừa được người khác cập nhật; hãy tải lại."))
        now = now or timezone.now()
        row, actor = _choose(locked, action, by, now)
        source = locked.status
        ctx = actions.Context(locked, fields or {}, by, now, calendar_for(locked.centre))
        payload = actions.HANDLERS[action](ctx)
        _apply_clock(ctx, row.clock)
        locked.status = row.target
        locked.revision += 1
        locked.save()
        event = _append_event(
            locked, action=action, source=source, by=by, role=actor, payload=payload, now=now
        )
        dossier_event_published.enqueue(event_id=event.pk)
    return locked


def _choose(
    dossier: Dossier, action: str, by: User | None, now: datetime
) -> tuple[Transition, str]:
    """The table row ``by`` may take now and the part they play, or the reason why not.

    ``IllegalTransition.allowed`` lists what the table allows from the current state.
    """
    rows = transitions_from(dossier.status, action)
    allowed = actions_from(dossier.status)
    if not rows:
        raise IllegalTransition(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”.")
            % {"action": ACTION_LABELS.get(action, action), "state": dossier.get_status_display()},
            allowed=allowed,
        )
    actors = actors_for(by, dossier) if by else {Actor.SYSTEM}
    permitted = [r for r in rows if r.actors & actors]
    if not permitted:
        raise Forbidden(_("Bạn không có vai trò được thực hiện thao tác này với hồ sơ."))
    refusal = ""
    for row in permitted:
        reason = GUARDS[row.guard](dossier, now) if row.guard else None
        if reason is None:
            actor = sorted(row.actors & actors)[0]
            return row, str(actor)
        refusal = reason
    raise IllegalTransition(refusal, allowed=allowed)


def _apply_clock(ctx: actions.Context, clock: Clock) -> None:
    dossier, now = ctx.dossier, ctx.now
    if clock == Clock.STOP:
        dossier.paused_at = now
    elif clock == Clock.RESUME and dossier.paused_at is not None:
        for name in ("due_at", "extended_due_at"):
            due = getattr(dossier, name)
            if due is not None:
                setattr(dossier, name, ctx.calendar.extend_for_pause(due, dossier.paused_at, now))
        steps.steps_shift(dossier, ctx.calendar, dossier.paused_at, now)
        dossier.paused_at = None
    elif clock == Clock.RESTART:
        _restart(ctx)
    elif clock == Clock.FINISH:
        dossier.finished_at = now
        # A stopped clock (waiting for the applicant or a payment) stopped at ``paused_at``.
        clock_end = dossier.paused_at or now
        if dossier.received_at and dossier.due_at is not None and clock_end > dossier.due_at:
            dossier.is_late = True


def _restart(ctx: actions.Context) -> None:
    """A complete supplement after appraisal: the handling time counts again from zero."""
    dossier, now = ctx.dossier, ctx.now
    handling = deadlines.HandlingTime(dossier.handling_value, dossier.handling_unit)
    begin, due = deadlines.due_from(ctx.calendar, now, handling, None)
    if dossier.paused_at is not None:
        steps.steps_shift(dossier, ctx.calendar, dossier.paused_at, now)
    dossier.clock_started_at, dossier.due_at, dossier.paused_at = begin, due, None
    dossier.extended_due_at = None  # an apology's date answered the old due time


def _append_event(
    dossier: Dossier,
    *,
    action: str,
    source: str,
    by: User | None,
    role: str,
    payload: Mapping[str, Any],
    now: datetime | None,
) -> DossierEvent:
    last = dossier.events.order_by("-sequence").values_list("sequence", flat=True).first()
    return DossierEvent.objects.create(
        dossier=dossier,
        sequence=(last or 0) + 1,
        action=action,
        from_state=source,
        to_state=dossier.status,
        actor=by,
        actor_role=role,
        at=now or timezone.now(),
        payload=dict(payload),
    )
