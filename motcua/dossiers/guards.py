"""The named rules the state table's guards refer to (Decree 118), checked on a locked dossier.

Each guard returns ``None`` when the rule allows the transition, else the reason in the
interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils.translation import gettext as _

from motcua.dossiers.deadlines import WORKING_DAY_SECONDS, working_seconds_left
from motcua.dossiers.models import Dossier

Guard = Callable[[Dossier, datetime], "str | None"]


def first_supplement(dossier: Dossier, now: datetime) -> str | None:
    if dossier.supplements_at_receipt:
        return _("Chỉ được yêu cầu bổ sung một lần khi tiếp nhận.")
    return None


def second_supplement(dossier: Dossier, now: datetime) -> str | None:
    if dossier.supplements_after_receipt:
        return _("Đã yêu cầu bổ sung sau thẩm định một lần; không được yêu cầu thêm.")
    return None


def received(dossier: Dossier, now: datetime) -> str | None:
    return None if dossier.received_at else _("Hồ sơ chưa được tiếp nhận.")


def not_received(dossier: Dossier, now: datetime) -> str | None:
    return _("Hồ sơ đã được tiếp nhận.") if dossier.received_at else None


def supplement_overdue(dossier: Dossier, now: datetime) -> str | None:
    waiting = dossier.supplements.filter(fulfilled_at__isnull=True).last()
    if waiting is None or now <= waiting.respond_by:
        return _("Chỉ dừng giải quyết khi quá hạn bổ sung mà người nộp chưa bổ sung.")
    return None


def extension_allowed(dossier: Dossier, now: datetime) -> str | None:
    if dossier.extensions:
        return _("Chỉ được xin lỗi và gia hạn một lần.")
    if dossier.due_at is None:
        return _("Hồ sơ không có hạn trả kết quả để gia hạn.")
    if working_seconds_left(dossier.centre, now, dossier.due_at) < WORKING_DAY_SECONDS:
        return _("Phải xin lỗi và gia hạn chậm nhất 01 ngày làm việc trước hạn trả kết quả.")
    return None


def open_leg(dossier: Dossier, now: datetime) -> str | None:
    if not dossier.legs.filter(returned_at__isnull=True).exists():
        return _("Không có liên thông nào đang chờ kết quả.")
    return None


GUARDS: dict[str, Guard] = {
    "first_supplement": first_supplement,
    "second_supplement": second_supplement,
    "received": received,
    "not_received": not_received,
    "supplement_overdue": supplement_overdue,
    "extension_allowed": extension_allowed,
    "open_leg": open_leg,
}
