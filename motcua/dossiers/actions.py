"""What each action of the state table does to a dossier besides changing its state.

Each handler reads the action's fields, checks them (``InvalidInput`` names the field),
updates the dossier and its rows, and returns the event payload. The state itself, the
lock, the event and the side effects are the service's business (``services.dossier_act``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency, Role
from motcua.agencies.selectors import roles_of
from motcua.catalog.services import procedure_version_mark_used
from motcua.core.calendar import WorkingCalendar
from motcua.core.models import User
from motcua.core.text import nfc
from motcua.dossiers import deadlines, steps
from motcua.dossiers.actions_results import attach_result, sign_result
from motcua.dossiers.codes import next_code
from motcua.dossiers.errors import InvalidInput
from motcua.dossiers.models import ONLINE_CHANNELS, Dossier, InterAgencyLeg, SupplementRequest


@dataclass
class Context:
    dossier: Dossier
    fields: Mapping[str, Any]
    by: User | None
    now: datetime
    calendar: WorkingCalendar

    def text(self, name: str, *, required: bool = True, limit: int = 4000) -> str:
        value = self.fields.get(name, "")
        if not isinstance(value, str):
            raise InvalidInput(_("Phải là chuỗi ký tự."), field=name)
        value = nfc(value).strip()
        if required and not value:
            raise InvalidInput(_("Cần nêu %s.") % name, field=name)
        if len(value) > limit:
            raise InvalidInput(_("Quá dài (tối đa %s ký tự).") % limit, field=name)
        return value

    def moment(self, name: str) -> datetime:
        raw = self.fields.get(name)
        value = parse_datetime(raw) if isinstance(raw, str) else None
        if value is None or value.tzinfo is None:
            raise InvalidInput(_("Cần thời điểm ISO-8601 có múi giờ."), field=name)
        return value

    def staff(self, name: str, role: Role | None, agency: Agency) -> User:
        """The active user ``fields[name]`` holding ``role`` (any role if None) in ``agency``."""
        raw = self.fields.get(name)
        user = None
        if isinstance(raw, int) and not isinstance(raw, bool):
            user = User.objects.filter(pk=raw, is_active=True).first()
        grants = roles_of(user).filter(agency=agency) if user is not None else None
        if grants is not None and role is not None:
            grants = grants.filter(role=role)
        if user is None or grants is None or not grants.exists():
            who = role.label if role is not None else _("cán bộ")
            raise InvalidInput(_("Người được giao phải là %s của cơ quan xử lý.") % who, field=name)
        return user


Payload = dict[str, Any]


def submit(ctx: Context) -> Payload:
    dossier = ctx.dossier
    dossier.submitted_at = ctx.now
    if not dossier.code:
        day = timezone.localdate(ctx.now)  # the receiving centre's date, not UTC's
        dossier.code = next_code(prefix=dossier.centre.agency.e_identifier, day=day)
    if dossier.channel in ONLINE_CHANNELS:
        dossier.acceptance_due_at = deadlines.acceptance_due(dossier.centre, ctx.now)
    return {"code": dossier.code}


def _acceptance_late(ctx: Context) -> bool:
    """Whether an online dossier is answered after its 8 working hours."""
    due = ctx.dossier.acceptance_due_at
    return bool(due and ctx.now > due)


def receive(ctx: Context) -> Payload:
    dossier = ctx.dossier
    late = _acceptance_late(ctx)
    dossier.received_at = ctx.now
    procedure_version_mark_used(version=dossier.procedure_version)
    handling = deadlines.handling_time(dossier.procedure_version, dossier.channel)
    cutoff = deadlines.receipt_cutoff(dossier.procedure_version, dossier.centre)
    begin, due = deadlines.due_from(ctx.calendar, ctx.now, handling, cutoff)
    dossier.clock_started_at, dossier.due_at = begin, due
    dossier.handling_value, dossier.handling_unit = handling.value, handling.unit
    if ctx.by is not None:
        steps.steps_create(dossier, ctx.calendar, ctx.now, ctx.by)
    return {"due_at": due.isoformat() if due else None, "acceptance_late": late}


def request_supplement(ctx: Context) -> Payload:
    dossier = ctx.dossier
    items = ctx.fields.get("items")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(i, str) and i.strip() for i in items)
    ):
        raise InvalidInput(
            _("Liệt kê đầy đủ các nội dung cần bổ sung (danh sách không rỗng)."), field="items"
        )
    items = [nfc(i).strip() for i in items]
    note = ctx.text("reason", required=False)
    phase = (
        SupplementRequest.Phase.RECEIPT
        if dossier.received_at is None
        else SupplementRequest.Phase.APPRAISAL
    )
    assert ctx.by is not None
    SupplementRequest.objects.create(
        dossier=dossier,
        phase=phase,
        items=items,
        note=note,
        requested_by=ctx.by,
        requested_at=ctx.now,
        respond_by=deadlines.supplement_respond_by(ctx.calendar, ctx.now),
    )
    payload: Payload = {"phase": phase, "items": items, "reason": note}
    if phase == SupplementRequest.Phase.RECEIPT:
        dossier.supplements_at_receipt += 1
        payload["acceptance_late"] = _acceptance_late(ctx)
    else:
        dossier.supplements_after_receipt += 1
    if dossier.supplements_at_receipt + dossier.supplements_after_receipt > 1:
        dossier.is_late = True  # more than one supplement request counts as late
    return payload


def supplement(ctx: Context) -> Payload:
    dossier = ctx.dossier
    open_request = dossier.supplements.filter(fulfilled_at__isnull=True).last()
    if open_request is not None:
        open_request.fulfilled_at = ctx.now
        open_request.save(update_fields=["fulfilled_at"])
    if dossier.received_at is None and dossier.channel in ONLINE_CHANNELS:
        # the supplemented dossier waits for acceptance again: 8 working hours from now
        dossier.acceptance_due_at = deadlines.acceptance_due(dossier.centre, ctx.now)
    return {"note": ctx.text("note", required=False)}


def with_reason(ctx: Context) -> Payload:
    reason = ctx.text("reason")
    ctx.dossier.decision_note = reason
    return {"reason": reason}


def reason_only(ctx: Context) -> Payload:
    """A required reason for the record that decides nothing (a pause)."""
    return {"reason": ctx.text("reason")}


def optional_reason(ctx: Context) -> Payload:
    reason = ctx.text("reason", required=False)
    if reason:
        ctx.dossier.decision_note = reason
    return {"reason": reason}


def assign(ctx: Context) -> Payload:
    dossier = ctx.dossier
    assignee = ctx.staff("assignee", Role.HANDLING_OFFICIAL, dossier.agency)
    assert ctx.by is not None
    if dossier.status == "received":
        steps.step_advance(dossier, ctx.calendar, ctx.now, by=ctx.by, assignee=assignee)
    else:
        steps.step_assign(dossier, assignee)
    dossier.assignee = assignee
    return {"assignee": assignee.pk, "assignee_name": str(assignee)}


def forward(ctx: Context) -> Payload:
    dossier = ctx.dossier
    given = ctx.fields.get("assignee") is not None
    assignee = ctx.staff("assignee", None, dossier.agency) if given else None
    assert ctx.by is not None
    step = steps.step_advance(dossier, ctx.calendar, ctx.now, by=ctx.by, assignee=assignee)
    if assignee is not None:
        dossier.assignee = assignee
    return {
        "step": step.code if step else None,
        "assignee": assignee.pk if assignee else None,
        "note": ctx.text("note", required=False),
    }


def send_inter_agency(ctx: Context) -> Payload:
    code = ctx.text("agency", limit=40)
    agency = Agency.objects.filter(e_identifier=code, is_active=True).first()
    if agency is None or agency.pk == ctx.dossier.agency_id:
        raise InvalidInput(_("Không tìm thấy cơ quan phối hợp “%s”.") % code, field="agency")
    share = ctx.fields.get("share")
    if isinstance(share, bool) or not isinstance(share, int | float) or not 0 < share <= 365:
        raise InvalidInput(_("Thời gian phối hợp là số ngày làm việc từ 0 đến 365."), field="share")
    assert ctx.by is not None
    leg = InterAgencyLeg.objects.create(
        dossier=ctx.dossier,
        agency=agency,
        share=share,
        note=ctx.text("note", required=False),
        sent_by=ctx.by,
        sent_at=ctx.now,
        due_at=ctx.calendar.add(ctx.now, float(share), "working_day"),
    )
    return {"agency": agency.e_identifier, "share": share, "due_at": leg.due_at.isoformat()}


def _open_leg(ctx: Context) -> InterAgencyLeg | None:
    """The leg being answered: the named agency's, the caller's agency's, else the oldest."""
    legs = ctx.dossier.legs.filter(returned_at__isnull=True).select_related("agency")
    code = ctx.text("agency", required=False, limit=40)
    if code:
        legs = legs.filter(agency__e_identifier=code)
    if ctx.by is not None:
        own = set(roles_of(ctx.by).values_list("agency_id", flat=True))
        if ctx.dossier.agency_id not in own:  # a partner answers only its own agency's leg
            legs = legs.filter(agency_id__in=own)
    return legs.order_by("sent_at", "pk").first()


def return_inter_agency(ctx: Context) -> Payload:
    leg = _open_leg(ctx)
    if leg is None:
        raise InvalidInput(_("Không có liên thông nào đang chờ."), field="agency")
    leg.returned_at = ctx.now
    leg.outcome = steps.outcome_of(ctx.now, leg.due_at)
    leg.save(update_fields=["returned_at", "outcome"])
    return {
        "agency": leg.agency.e_identifier,
        "outcome": leg.outcome,
        "note": ctx.text("note", required=False),
    }


def extend(ctx: Context) -> Payload:
    dossier = ctx.dossier
    reason = ctx.text("reason")
    new_due = ctx.moment("new_due_at")
    if dossier.due_at is None or new_due <= dossier.due_at:
        raise InvalidInput(_("Ngày hẹn mới phải sau hạn trả hiện tại."), field="new_due_at")
    dossier.extended_due_at = new_due
    dossier.extensions += 1
    dossier.is_late = True  # an extended dossier stays late in every statistic
    return {
        "reason": reason,
        "old_due_at": dossier.due_at.isoformat(),
        "new_due_at": new_due.isoformat(),
    }


def finish(ctx: Context) -> Payload:
    assert ctx.by is not None
    steps.step_advance(ctx.dossier, ctx.calendar, ctx.now, by=ctx.by, assignee=None)
    return {"note": ctx.text("note", required=False)}


def return_result(ctx: Context) -> Payload:
    how = ctx.fields.get("delivery", ctx.dossier.result_delivery)
    if how not in {"desk", "post", "online"}:
        raise InvalidInput(_("Hình thức trả kết quả: desk, post hoặc online."), field="delivery")
    ctx.dossier.returned_at = ctx.now
    if ctx.by is not None:
        steps.step_advance(ctx.dossier, ctx.calendar, ctx.now, by=ctx.by, assignee=None)
    return {"delivery": how}


def nothing(ctx: Context) -> Payload:
    return {"note": ctx.text("note", required=False)}


HANDLERS: dict[str, Callable[[Context], Payload]] = {
    "submit": submit,
    "receive": receive,
    "request_supplement": request_supplement,
    "supplement": supplement,
    "refuse": with_reason,
    "stop": with_reason,
    "pause": reason_only,
    "resume": nothing,
    "withdraw": optional_reason,
    "assign": assign,
    "forward": forward,
    "send_inter_agency": send_inter_agency,
    "return_inter_agency": return_inter_agency,
    "extend": extend,
    "attach_result": attach_result,
    "sign_result": sign_result,
    "finish": finish,
    "return_result": return_result,
}
