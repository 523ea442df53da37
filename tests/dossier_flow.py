"""Drive dossiers of the test province through the one service door, for the dossier tests.

``Flow`` takes a dossier in at the desk and moves it with ``dossier_act`` only, as the
persona who plays each part of the state table; ``reach(state)`` follows a fixed route to
any state. Time is frozen at a chosen moment in Asia/Ho_Chi_Minh and moved on by hand.

Working time of the test centre: 08:00–12:00 and 13:00–17:00, cutoff 15:00. March 2026
has no holiday: Monday 2, Tuesday 3 … Friday 6, Monday 9, Monday 16, Monday 23.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from pypdf import PdfWriter

from motcua.agencies.certificate_models import signing_certificate_store
from motcua.core import pki
from motcua.core.models import User
from motcua.dossiers.documents import document_store
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.services import dossier_act, dossier_create
from motcua.dossiers.states import Actor, State
from tests.personas import Province

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PARTNER_AGENCY = "H99.02"  # the province's other department (``partner_official``)
SUPPLEMENT_ITEMS = ["Bản sao giấy chứng nhận đăng ký có chứng thực"]
REQUIRED_FIELDS = {
    "request_supplement": "items",
    "refuse": "reason",
    "stop": "reason",
    "pause": "reason",
    "assign": "assignee",
    "send_inter_agency": "agency",
    "extend": "reason",
    "attach_result": "document",
}


def at(day: int, hour: int = 9, minute: int = 0, *, month: int = 3) -> datetime:
    """A moment of 2026 in Vietnam: ``at(2, 9)`` is Monday 2 March 2026 09:00."""
    return datetime(2026, month, day, hour, minute, tzinfo=VN)


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(VN) if moment is not None else None


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Personas get real accounts; argon2 would spend a second per fixture on them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def frozen(moment: datetime) -> Iterator[time_machine.Traveller]:
    with time_machine.travel(moment, tick=False) as traveller:
        yield traveller


class Flow:
    """The test province's personas acting on dossiers through the services."""

    def __init__(self, province: Province):
        self.p = province
        self.people: dict[Actor, User | None] = {
            Actor.APPLICANT: province.citizen,
            Actor.DESK_OFFICER: province.desk_officer,
            Actor.HANDLING_OFFICIAL: province.handling_official,
            Actor.HEAD_OF_DIVISION: province.head,
            Actor.LEADER: province.leader,
            Actor.CLERK: province.clerk,
            Actor.PARTNER: province.partner_official,
            Actor.SYSTEM: None,
        }

    def new(self, *, channel: str = Channel.DESK, submit: bool = True, **kwargs: Any) -> Dossier:
        by = self.p.citizen if channel not in (Channel.DESK, Channel.POST) else None
        return dossier_create(
            procedure_version=kwargs.pop("version", self.p.version),
            applicant=self.p.applicant,
            channel=channel,
            centre=self.p.centre,
            by=kwargs.pop("by", by or self.p.desk_officer),
            submit=submit,
            **kwargs,
        )

    def fields(self, action: str, dossier: Dossier) -> dict[str, Any]:
        """Valid fields for ``action`` on ``dossier``."""
        if action == "request_supplement":
            return {"items": SUPPLEMENT_ITEMS}
        if action in ("refuse", "stop", "pause"):
            return {"reason": "Lý do được ghi rõ"}
        if action == "assign":
            return {"assignee": self.p.handling_official.pk}
        if action == "send_inter_agency":
            return {"agency": PARTNER_AGENCY, "share": 1}
        if action == "extend":
            new_due = (dossier.due_at or at(2, 9)) + timedelta(days=3)
            return {"reason": "Chờ ý kiến cơ quan phối hợp", "new_due_at": new_due.isoformat()}
        if action == "attach_result":
            draft = document_store(
                file=blank_pdf(), name="du-thao.pdf", uploaded_by=self.p.handling_official
            )
            return {"document": draft.pk}
        return {}

    def certify(self) -> None:
        """A certificate for the competent department under a throwaway root (EC, fast)."""
        root = pki.authority_create(not_before=at(1, 0, month=1))
        archive = pki.certificate_issue(
            root,
            common_name=self.p.department.name,
            identifier=self.p.department.e_identifier,
            passphrase=b"x",
            not_before=at(1, 0, month=1),
        )
        signing_certificate_store(agency_id=self.p.department.pk, pkcs12=archive, passphrase=b"x")

    def act(
        self,
        dossier: Dossier,
        action: str,
        who: Actor | User | None,
        fields: dict[str, Any] | None = None,
    ) -> Dossier:
        by = self.people[who] if isinstance(who, Actor) else who
        if fields is None:
            fields = self.fields(action, dossier)
        return dossier_act(dossier=dossier, action=action, by=by, fields=fields)

    def reach(
        self, state: State, *, via: str = "", traveller: time_machine.Traveller | None = None
    ) -> Dossier:
        """A fresh dossier in ``state``; ``via`` picks the route a guard needs.

        ``via="appraisal"``: a supplement requested after receipt (not at the desk);
        ``via="overdue"``: 16 days later without a supplement (needs ``traveller``);
        ``via="leg"``: in progress with a leg open at the partner agency;
        ``via="result"``: in progress with a draft result attached and a certificate to sign it.
        """
        if via == "appraisal":
            assert state == State.SUPPLEMENT_REQUESTED
            dossier = self.reach(State.IN_PROGRESS)
            return self.act(dossier, "request_supplement", Actor.HANDLING_OFFICIAL)
        dossier = self.new(submit=state != State.DRAFT)
        for action, who in ROUTES[state]:
            if action == "wait":
                assert traveller is not None
                traveller.shift(timedelta(days=16))
            else:
                dossier = self.act(dossier, action, who)
        if via == "overdue":
            assert traveller is not None
            traveller.shift(timedelta(days=16))
        if via == "leg":
            dossier = self.act(dossier, "send_inter_agency", Actor.HANDLING_OFFICIAL)
        if via == "result":
            self.certify()
            dossier = self.act(dossier, "attach_result", Actor.HANDLING_OFFICIAL)
        assert dossier.status == state
        return dossier


DESK, OFFICIAL, HEAD = Actor.DESK_OFFICER, Actor.HANDLING_OFFICIAL, Actor.HEAD_OF_DIVISION
_IN_PROGRESS = [("receive", DESK), ("assign", HEAD)]
ROUTES: dict[State, list[tuple[str, Actor]]] = {
    State.DRAFT: [],
    State.SUBMITTED: [],
    State.SUPPLEMENT_REQUESTED: [("request_supplement", DESK)],
    State.RECEIVED: [("receive", DESK)],
    State.IN_PROGRESS: _IN_PROGRESS,
    State.PAUSED: [*_IN_PROGRESS, ("pause", OFFICIAL)],
    State.RESULT_READY: [*_IN_PROGRESS, ("finish", Actor.LEADER)],
    State.RETURNED: [*_IN_PROGRESS, ("finish", Actor.LEADER), ("return_result", DESK)],
    State.REFUSED: [("refuse", DESK)],
    State.WITHDRAWN: [("withdraw", Actor.APPLICANT)],
    State.STOPPED: [("request_supplement", DESK), ("wait", DESK), ("stop", DESK)],
}
