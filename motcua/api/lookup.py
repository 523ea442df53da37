"""Public lookup of a dossier by its code and a second factor, without an account.

Decree 118 gives each dossier one code for lookup. The code is printed on the slip and is
guessable (agency, date, sequence), so a second factor is asked: the last four digits of
the applicant's phone number, or of their ID number or tax code. A wrong factor and an
unknown code answer the very same 404 body, so the endpoint does not tell which codes
exist. The answer carries no personal data: status, procedure, times and a timeline of
action and state labels, without any actor.

Tries are counted per client address (``REMOTE_ADDR``; a deployment behind a proxy must
have the proxy set it) in Django's cache, over a fixed one-minute window:
``MOTCUA_LOOKUP_TRIES_PER_MINUTE`` (default 10). Over the limit: 429, in Vietnamese. Every
try counts, found or not. The default local-memory cache counts per worker process; a
deployment with several workers should configure a shared cache for one count per address.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.params import P, PathEx
from pydantic import Field

from motcua.api.dossier_render import action_label, state_label
from motcua.api.errors import ApiError
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import public_timeline

router = Router(tags=["lookup"])

DEFAULT_TRIES_PER_MINUTE = 10
WINDOW_SECONDS = 60
SECRET_DIGITS = 4


class SecretQuery(Schema):
    secret: str = Field("", max_length=40, description="4 số cuối điện thoại hoặc số định danh")


class ProcedureOut(Schema):
    code: str | None
    name: str


class TimelineOut(Schema):
    action: str
    action_label: str
    state: str
    state_label: str
    at: datetime


class LookupOut(Schema):
    code: str
    status: str
    status_label: str
    procedure: ProcedureOut
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    timeline: list[TimelineOut]


def tries_per_minute() -> int:
    return int(getattr(settings, "MOTCUA_LOOKUP_TRIES_PER_MINUTE", DEFAULT_TRIES_PER_MINUTE))


def _count_try(request: HttpRequest) -> None:
    key = f"motcua:lookup:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:  # the window expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        tries = 1
    if tries > tries_per_minute():
        raise ApiError(429, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau một phút."))


def _suffixes(dossier: Dossier) -> list[bytes]:
    """The last four digits of the applicant's phone, ID number and tax code."""
    applicant = dossier.applicant
    values = (applicant.phone, applicant.id_number, applicant.tax_code)
    digits = ("".join(c for c in v if c.isascii() and c.isdigit()) for v in values)
    return [d[-SECRET_DIGITS:].encode() for d in digits if len(d) >= SECRET_DIGITS]


def _matches(dossier: Dossier, secret: str) -> bool:
    given = secret.strip()
    if len(given) != SECRET_DIGITS or not (given.isascii() and given.isdigit()):
        return False
    return any([hmac.compare_digest(given.encode(), s) for s in _suffixes(dossier)])


@router.get(
    "/{code}",
    response=LookupOut,
    auth=None,
    summary="Tra cứu hồ sơ bằng mã hồ sơ và 4 số cuối điện thoại hoặc số định danh",
)
def dossier_lookup(
    request: HttpRequest, code: PathEx[str, P(max_length=60)], query: Query[SecretQuery]
) -> dict[str, Any]:
    _count_try(request)
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "applicant")
        .filter(code=code.strip().upper())
        .first()
    )
    if dossier is None or not _matches(dossier, query.secret):
        raise ApiError(404, _("Không tìm thấy hồ sơ với mã và thông tin xác thực đã nhập."))
    version = dossier.procedure_version
    return {
        "code": dossier.code,
        "status": dossier.status,
        "status_label": state_label(dossier.status),
        "procedure": {"code": version.procedure.code, "name": version.name},
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.effective_due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "timeline": [
            {
                "action": e.action,
                "action_label": action_label(e.action),
                "state": e.to_state,
                "state_label": state_label(e.to_state),
                "at": e.at,
            }
            for e in public_timeline(dossier)
        ],
    }
