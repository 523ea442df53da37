"""Dossiers over HTTP: intake, detail, events, worklists, actions, and the state table.

A thin face over ``dossiers.services`` (writes) and ``dossiers.selectors`` (visibility
and what may be done). Decisions made here:

- A dossier the caller may not see answers 404 with the same body as one that does not
  exist; visibility is checked before anything else, actions included.
- ``DossierError`` statuses pass straight through (403 role, 404, 409 illegal or stale,
  422 field); a 409 carries ``allowed`` as the service reports it (the actions the table
  allows from the current state). An action name the table does not know is a 409 with
  that list too rather than a 404: from this state, the table has no such row. The detail's
  ``allowed_actions`` are those the caller's roles may take now (guards not evaluated).
- The applicant reads their own dossier and its events without the staff's personal data
  (see ``dossier_render``); staff read everything.
- Lists are ordered by effective due time (an extension's new date, else the due date;
  dossiers without one last), then by code.
- A JSON body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with 413 from its
  Content-Length before it is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.decorators import decorate_view
from ninja.params import P, PathEx
from ninja.responses import NinjaJSONEncoder

from motcua.api import dossier_render as render
from motcua.api.dossier_intake import intake
from motcua.api.dossier_schemas import (
    ActionIn,
    DossierIn,
    DossierOut,
    DossierPage,
    DossierQuery,
    EventOut,
    TransitionOut,
)
from motcua.api.errors import ApiError
from motcua.core.models import User
from motcua.core.text import fold
from motcua.dossiers.errors import DossierError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossiers_visible_to, overdue
from motcua.dossiers.services import dossier_act
from motcua.dossiers.states import TRANSITIONS

router = Router(tags=["dossiers"])
table_router = Router(tags=["dossiers"])

Code = PathEx[str, P(max_length=60)]
Action = PathEx[str, P(max_length=40)]


def _json(body: dict[str, Any], status: int) -> HttpResponse:
    text = json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, status=status, content_type="application/json; charset=utf-8")


def _refused(exc: DossierError) -> HttpResponse:
    """A domain refusal in the API's one error shape, with ``allowed`` on a 409."""
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    body: dict[str, Any] = {"message": exc.message, "errors": errors}
    if exc.status == 409:
        body["allowed"] = list(exc.allowed)
    return _json(body, exc.status)


def _limit_body(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Refuse an oversize body from its Content-Length, in the API's error shape."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            message = _("Nội dung yêu cầu quá lớn (tối đa %s byte).") % limit
            return _json(
                {"message": message, "errors": [{"field": "body", "message": message}]}, 413
            )
        return run(request, *args, **kwargs)

    return wrapper


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined]


def _not_found(code: str) -> ApiError:
    return ApiError(404, _("Không tìm thấy hồ sơ %s.") % code)


def _visible(user: User, code: str) -> QuerySet[Dossier]:
    return dossiers_visible_to(user).filter(code=code)


def _detail(user: User, dossier: Dossier) -> dict[str, Any]:
    loaded = render.with_detail(Dossier.objects.filter(pk=dossier.pk)).get()
    return render.detail(loaded, user)


@router.post("", response={201: DossierOut}, summary="Nộp hồ sơ (tại quầy, bưu chính, trực tuyến)")
@decorate_view(_limit_body)
def dossier_submit(request: HttpRequest, payload: DossierIn) -> Any:
    """Create and submit a dossier; a desk officer may also receive it at once."""
    user = _user(request)
    try:
        dossier = intake(user=user, body=payload)
    except DossierError as exc:
        return _refused(exc)
    return Status(201, _detail(user, dossier))


@router.get("", response=DossierPage, summary="Danh sách hồ sơ được xem")
def dossier_list(request: HttpRequest, filters: Query[DossierQuery]) -> dict[str, Any]:
    """The dossiers the caller may see, filtered, by effective due time."""
    user = _user(request)
    queryset = _filtered(dossiers_visible_to(user), filters, user)
    queryset = queryset.annotate(effective_due=Coalesce("extended_due_at", "due_at")).order_by(
        F("effective_due").asc(nulls_last=True), "code", "pk"
    )
    start = (filters.page - 1) * filters.page_size
    rows = render.with_summary(queryset)[start : start + filters.page_size]
    return {
        "total": queryset.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "items": [render.summary(d, user) for d in rows],
    }


def _filtered(queryset: QuerySet[Dossier], filters: DossierQuery, user: User) -> QuerySet[Dossier]:
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.agency:
        queryset = queryset.filter(agency__e_identifier=filters.agency.strip())
    if filters.assignee == "me":
        queryset = queryset.filter(assignee=user)
    if filters.overdue is True:
        queryset = overdue(queryset)
    elif filters.overdue is False:
        queryset = queryset.exclude(pk__in=overdue(Dossier.objects.all()).values("pk"))
    words = fold(filters.q).split()
    if words:
        by_name = Q()
        for word in words:
            by_name &= Q(search_key__contains=word)
        queryset = queryset.filter(Q(code__icontains=filters.q.strip()) | by_name)
    return queryset


@router.get("/{code}", response=DossierOut, summary="Chi tiết hồ sơ")
def dossier_detail(request: HttpRequest, code: Code) -> dict[str, Any]:
    user = _user(request)
    dossier = render.with_detail(_visible(user, code)).first()
    if dossier is None:
        raise _not_found(code)
    return render.detail(dossier, user)


@router.get("/{code}/events", response=list[EventOut], summary="Nhật ký xử lý hồ sơ")
def dossier_events(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    """Every event; the applicant reads them without the staff's personal data."""
    user = _user(request)
    dossier = _visible(user, code).select_related("applicant").first()
    if dossier is None:
        raise _not_found(code)
    hidden = render.is_own(dossier, user)
    rows = dossier.events.select_related("actor").order_by("sequence")
    return [render.event(row, hidden) for row in rows]


@router.post(
    "/{code}/actions/{action}",
    response={200: DossierOut},
    summary="Thực hiện một thao tác trên hồ sơ",
)
@decorate_view(_limit_body)
def dossier_action(
    request: HttpRequest, code: Code, action: Action, payload: ActionIn | None = None
) -> Any:
    """Take ``action`` with the fields it needs; ``revision`` guards against stale writes."""
    user = _user(request)
    dossier = _visible(user, code).first()
    if dossier is None:
        raise _not_found(code)
    fields = payload.model_dump(exclude_unset=True) if payload is not None else {}
    revision = fields.pop("revision", None)
    try:
        dossier = dossier_act(
            dossier=dossier, action=action, by=user, fields=fields, revision=revision
        )
    except DossierError as exc:
        return _refused(exc)
    return _detail(user, dossier)


@table_router.get(
    "/actions", response=list[TransitionOut], auth=None, summary="Bảng chuyển trạng thái hồ sơ"
)
def transition_table(request: HttpRequest) -> list[dict[str, Any]]:
    """The state machine itself: which action leads from which state to which, and for whom."""
    return [
        {
            "state": t.source.value,
            "action": t.action,
            "target": t.target.value,
            "roles": sorted(a.value for a in t.actors),
            "clock": t.clock.value,
            "guard": t.guard,
            "label": render.action_label(t.action),
            "state_label": render.state_label(t.source),
            "target_label": render.state_label(t.target),
        }
        for t in TRANSITIONS
    ]
