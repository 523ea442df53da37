"""The dossier state machine, as one table.

Every status change of a dossier is a row here: from which state, by which action, to which
state, which roles may take it, what it does to the legal clock, and an optional guard (a
named rule checked by the service with the dossier's data). Pages ask this table which
buttons to show; the service refuses anything the table does not list. Nothing else in the
code base decides what may follow what.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    RESULT_READY = "result_ready"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    STOPPED = "stopped"


STATE_LABELS = {
    State.DRAFT: _("Nháp"),
    State.SUBMITTED: _("Chờ tiếp nhận"),
    State.SUPPLEMENT_REQUESTED: _("Chờ bổ sung"),
    State.RECEIVED: _("Đã tiếp nhận"),
    State.IN_PROGRESS: _("Đang xử lý"),
    State.PAUSED: _("Tạm dừng"),
    State.RESULT_READY: _("Chờ trả kết quả"),
    State.RETURNED: _("Đã trả kết quả"),
    State.REFUSED: _("Từ chối"),
    State.WITHDRAWN: _("Đã rút"),
    State.STOPPED: _("Dừng giải quyết"),
}
TERMINAL = frozenset({State.RETURNED, State.REFUSED, State.WITHDRAWN, State.STOPPED})


class Clock(StrEnum):
    """What a transition does to the legal handling clock."""

    NONE = "none"
    START = "start"  # handling time counts from receipt of a complete dossier
    STOP = "stop"  # paused: waiting for the applicant or a financial obligation
    RESUME = "resume"  # due time moves by the paused working time
    RESTART = "restart"  # after a supplement requested on appraisal: from zero again
    EXTEND = "extend"  # apology and new appointment; the dossier stays late
    FINISH = "finish"  # the result (or the decision) is reached


class Actor(StrEnum):
    APPLICANT = "applicant"
    DESK_OFFICER = "desk_officer"
    HANDLING_OFFICIAL = "handling_official"
    HEAD_OF_DIVISION = "head_of_division"
    LEADER = "leader"
    CLERK = "clerk"
    PARTNER = "partner"  # an official of an agency an inter-agency leg is open with
    SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    source: State
    action: str
    target: State
    actors: frozenset[Actor]
    clock: Clock = Clock.NONE
    guard: str = ""  # a rule the service checks (see services' GUARDS)


def _t(
    source: State,
    action: str,
    target: State,
    *actors: Actor,
    clock: Clock = Clock.NONE,
    guard: str = "",
) -> Transition:
    return Transition(source, action, target, frozenset(actors), clock, guard)


A, S = Actor, State
DESK, OFFICIAL, HEAD, LEADER = A.DESK_OFFICER, A.HANDLING_OFFICIAL, A.HEAD_OF_DIVISION, A.LEADER
HANDLERS = (OFFICIAL, HEAD, LEADER)
BEFORE_DECISION = (S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.RECEIVED, S.IN_PROGRESS, S.PAUSED)

TRANSITIONS: tuple[Transition, ...] = (
    _t(S.DRAFT, "submit", S.SUBMITTED, A.APPLICANT, DESK, A.SYSTEM),
    _t(S.SUBMITTED, "receive", S.RECEIVED, DESK, clock=Clock.START),
    _t(S.SUBMITTED, "request_supplement", S.SUPPLEMENT_REQUESTED, DESK, guard="first_supplement"),
    _t(S.SUBMITTED, "refuse", S.REFUSED, DESK, clock=Clock.FINISH),
    _t(S.SUPPLEMENT_REQUESTED, "supplement", S.SUBMITTED, A.APPLICANT, DESK, guard="not_received"),
    _t(
        S.SUPPLEMENT_REQUESTED,
        "supplement",
        S.IN_PROGRESS,
        A.APPLICANT,
        DESK,
        clock=Clock.RESTART,
        guard="received",
    ),
    _t(
        S.SUPPLEMENT_REQUESTED,
        "stop",
        S.STOPPED,
        DESK,
        OFFICIAL,
        clock=Clock.FINISH,
        guard="supplement_overdue",
    ),
    _t(S.RECEIVED, "assign", S.IN_PROGRESS, HEAD, LEADER),
    _t(S.IN_PROGRESS, "assign", S.IN_PROGRESS, HEAD, LEADER),
    _t(S.IN_PROGRESS, "forward", S.IN_PROGRESS, *HANDLERS, A.CLERK),
    _t(S.IN_PROGRESS, "send_inter_agency", S.IN_PROGRESS, *HANDLERS),
    _t(
        S.IN_PROGRESS,
        "return_inter_agency",
        S.IN_PROGRESS,
        *HANDLERS,
        A.PARTNER,
        guard="open_leg",
    ),
    _t(
        S.IN_PROGRESS,
        "request_supplement",
        S.SUPPLEMENT_REQUESTED,
        OFFICIAL,
        HEAD,
        clock=Clock.STOP,
        guard="second_supplement",
    ),
    _t(S.IN_PROGRESS, "pause", S.PAUSED, OFFICIAL, HEAD, clock=Clock.STOP),
    _t(S.PAUSED, "resume", S.IN_PROGRESS, OFFICIAL, HEAD, A.SYSTEM, clock=Clock.RESUME),
    _t(
        S.IN_PROGRESS,
        "extend",
        S.IN_PROGRESS,
        LEADER,
        HEAD,
        clock=Clock.EXTEND,
        guard="extension_allowed",
    ),
    _t(S.IN_PROGRESS, "attach_result", S.IN_PROGRESS, OFFICIAL),
    _t(S.IN_PROGRESS, "sign_result", S.IN_PROGRESS, LEADER),
    _t(S.IN_PROGRESS, "finish", S.RESULT_READY, LEADER, A.CLERK, clock=Clock.FINISH),
    _t(S.IN_PROGRESS, "refuse", S.REFUSED, LEADER, clock=Clock.FINISH),
    _t(S.RESULT_READY, "return_result", S.RETURNED, DESK, A.SYSTEM),
    *(
        _t(s, "withdraw", S.WITHDRAWN, A.APPLICANT, DESK, clock=Clock.FINISH)
        for s in BEFORE_DECISION
    ),
)

ACTION_LABELS = {
    "submit": _("Nộp hồ sơ"),
    "receive": _("Tiếp nhận"),
    "request_supplement": _("Yêu cầu bổ sung"),
    "refuse": _("Từ chối"),
    "supplement": _("Bổ sung hồ sơ"),
    "stop": _("Dừng giải quyết"),
    "assign": _("Phân công xử lý"),
    "forward": _("Chuyển bước tiếp theo"),
    "send_inter_agency": _("Chuyển liên thông"),
    "return_inter_agency": _("Nhận lại kết quả liên thông"),
    "pause": _("Tạm dừng"),
    "resume": _("Tiếp tục xử lý"),
    "extend": _("Xin lỗi và gia hạn"),
    "attach_result": _("Đính kèm dự thảo kết quả"),
    "sign_result": _("Ký số kết quả"),
    "finish": _("Hoàn thành, chờ trả kết quả"),
    "return_result": _("Trả kết quả"),
    "withdraw": _("Rút hồ sơ"),
}


def transitions_from(state: State | str, action: str | None = None) -> list[Transition]:
    """The rows leaving ``state`` (for one action if given), in table order."""
    return [t for t in TRANSITIONS if t.source == state and (action is None or t.action == action)]


def actions_from(state: State | str) -> list[str]:
    """The distinct actions the table allows from ``state``."""
    return list(dict.fromkeys(t.action for t in transitions_from(state)))


# States in which the legal clock stands still: the targets of the rows that stop it.
CLOCK_STOPPED = frozenset(t.target for t in TRANSITIONS if t.clock == Clock.STOP)
