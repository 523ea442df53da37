"""The event log is append-only and the truth; side effects leave with the event.

Events cannot be changed through the ORM, nor (on PostgreSQL, migration 0002) by raw SQL.
``dossier_act`` writes the event and enqueues its publication in one transaction, and the
applicant hears, in Vietnamese, of receipt, supplement requests, extensions and results.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.errors import IllegalTransition, InvalidInput
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.selectors import public_timeline
from motcua.dossiers.states import Actor, State
from tests.dossier_flow import Flow, at, fast_passwords, frozen  # noqa: F401
from tests.personas import Province

DESK, OFFICIAL, HEAD, LEADER = (
    Actor.DESK_OFFICER,
    Actor.HANDLING_OFFICIAL,
    Actor.HEAD_OF_DIVISION,
    Actor.LEADER,
)
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TASK_PATH = "motcua.dossiers.tasks.dossier_event_published"


@pytest.fixture
def flow(province: Province) -> Flow:
    return Flow(province)


def test_events_cannot_be_changed_through_the_orm(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new(receive=True)
    event = dossier.events.order_by("sequence").first()
    assert event is not None
    event.payload = {"forged": True}
    attempts: list[Callable[[], object]] = [
        event.save,
        event.delete,
        lambda: DossierEvent.objects.filter(pk=event.pk).update(action="forged"),
        lambda: DossierEvent.objects.filter(dossier=dossier).delete(),
        lambda: dossier.events.all().update(to_state="returned"),
        lambda: DossierEvent.objects.bulk_update([event], ["payload"]),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionError), transaction.atomic():
            attempt()
    assert DossierEvent.objects.get(pk=event.pk).payload == {}
    assert dossier.events.count() == 3  # create, submit, receive


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger (migration 0002) exists on PostgreSQL only",
)
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE dossiers_dossierevent SET action = 'forged' WHERE id = %s",
        "DELETE FROM dossiers_dossierevent WHERE id = %s",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(flow: Flow, sql: str):
    with frozen(at(2, 9)):
        dossier = flow.new()
    event = dossier.events.order_by("sequence").last()
    assert event is not None
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert DossierEvent.objects.get(pk=event.pk).action == "submit"


def test_events_chain_states_with_actor_role_and_the_timeline_follows(flow: Flow):
    p = flow.p
    with frozen(at(2, 9)) as traveller:
        dossier = flow.reach(State.IN_PROGRESS)
        traveller.move_to(at(3, 10))
        dossier = flow.act(dossier, "forward", OFFICIAL, fields={"assignee": p.leader.pk})
        traveller.move_to(at(3, 11))
        dossier = flow.act(dossier, "finish", LEADER)
    events = list(dossier.events.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5, 6]
    assert [(e.action, e.from_state, e.to_state) for e in events] == [
        ("create", "", "draft"),
        ("submit", "draft", "submitted"),
        ("receive", "submitted", "received"),
        ("assign", "received", "in_progress"),
        ("forward", "in_progress", "in_progress"),
        ("finish", "in_progress", "result_ready"),
    ]
    for before, after in itertools.pairwise(events):
        assert after.from_state == before.to_state and after.at >= before.at
    assert [(e.actor, e.actor_role) for e in events[2:]] == [
        (p.desk_officer, "desk_officer"),
        (p.head, "head_of_division"),
        (p.handling_official, "handling_official"),
        (p.leader, "leader"),
    ]
    assert events[-1].to_state == dossier.status and dossier.revision == 5
    timeline = [(e.sequence, e.action, e.to_state) for e in public_timeline(dossier)]
    assert timeline == [(e.sequence, e.action, e.to_state) for e in events]


def test_each_action_enqueues_its_publication_in_the_same_transaction(flow: Flow):
    with frozen(at(2, 9)):
        dossier = flow.new()
        tasks = DBTaskResult.objects.filter(task_path=TASK_PATH)
        assert tasks.count() == 1  # the submission
        dossier = flow.act(dossier, "receive", DESK)
        receive = dossier.events.get(action="receive")
        assert tasks.count() == 2
        assert tasks.filter(args_kwargs__kwargs__event_id=receive.pk).exists()
        with pytest.raises(IllegalTransition):
            flow.act(dossier, "finish", LEADER)
        with pytest.raises(InvalidInput):
            flow.act(dossier, "assign", HEAD, fields={})
    assert tasks.count() == 2  # failures enqueue nothing and write no event
    assert dossier.events.count() == 3


def test_the_applicant_is_told_in_vietnamese(flow: Flow, settings, mailoutbox):
    settings.TASKS = IMMEDIATE_TASKS
    code_of = {}
    with frozen(at(2, 9)) as traveller, translation.override("en"):  # an English-speaking desk
        dossier = flow.new(receive=True)
        code_of["receive"] = dossier.code
        dossier = flow.act(dossier, "assign", HEAD)
        traveller.move_to(at(3, 9))
        fields = {"reason": "Chờ ý kiến Sở Phối hợp", "new_due_at": at(11, 17).isoformat()}
        dossier = flow.act(dossier, "extend", LEADER, fields=fields)
        dossier = flow.act(dossier, "request_supplement", OFFICIAL)
        dossier = flow.act(dossier, "supplement", Actor.APPLICANT)
        dossier = flow.act(dossier, "finish", LEADER)
    bodies = [m.body for m in mail.outbox]
    assert all(m.to == ["an@example.vn"] for m in mail.outbox)
    assert all(m.subject == f"[Một cửa] Hồ sơ {dossier.code}" for m in mail.outbox)
    # received Mon 2 09:00, due 5 working days later: Mon 9 Mar 09:00
    assert bodies == [
        f"Hồ sơ {dossier.code} đã được tiếp nhận; hạn trả kết quả: 09:00 ngày 09/03/2026.",
        f"Xin lỗi: hồ sơ {dossier.code} được hẹn lại ngày trả kết quả 17:00 ngày 11/03/2026. "
        "Lý do: Chờ ý kiến Sở Phối hợp.",
        f"Hồ sơ {dossier.code} cần bổ sung: Bản sao giấy chứng nhận đăng ký có chứng thực.",
        f"Hồ sơ {dossier.code} đã có kết quả, mời nhận theo hình thức đã đăng ký.",
    ]
    assert not DBTaskResult.objects.exists()  # ran at once, nothing queued


def test_no_email_without_an_address(flow: Flow, settings, mailoutbox):
    settings.TASKS = IMMEDIATE_TASKS
    flow.p.applicant.email = ""
    flow.p.applicant.save(update_fields=["email"])
    with frozen(at(2, 9)):
        flow.new(receive=True)
    assert mail.outbox == []
