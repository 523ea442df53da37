"""Side effects of dossier events, run after commit by the task worker (the outbox).

Enqueuing writes a task row in the same transaction as the event, so a crash between the
two cannot lose a message; the worker retries. Today's effect: tell the applicant by email
of the changes they should know of, in Vietnamese whatever language the caller spoke.
Status sync to the national portal joins here.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from motcua.dossiers.models import DossierEvent

NOTIFIED = {
    "receive": gettext_lazy("Hồ sơ %(code)s đã được tiếp nhận; hạn trả kết quả: %(due)s."),
    "request_supplement": gettext_lazy("Hồ sơ %(code)s cần bổ sung: %(items)s."),
    "extend": gettext_lazy(
        "Xin lỗi: hồ sơ %(code)s được hẹn lại ngày trả kết quả %(due)s. Lý do: %(reason)s."
    ),
    "finish": gettext_lazy("Hồ sơ %(code)s đã có kết quả, mời nhận theo hình thức đã đăng ký."),
    "refuse": gettext_lazy("Hồ sơ %(code)s bị từ chối. Lý do: %(reason)s."),
}


def _moment(text: str) -> str:
    """An ISO moment from a payload as people read it: ``17:00 ngày 09/03/2026``."""
    value = parse_datetime(text) if text else None
    if value is None:
        return text
    return _("%(time)s ngày %(date)s") % {
        "time": f"{timezone.localtime(value):%H:%M}",
        "date": f"{timezone.localtime(value):%d/%m/%Y}",
    }


@task()
def dossier_event_published(*, event_id: int) -> str:
    """Notify the applicant of one event, if it is one they should hear about."""
    event = DossierEvent.objects.select_related("dossier__applicant").get(pk=event_id)
    template = NOTIFIED.get(event.action)
    applicant = event.dossier.applicant
    if template is None or not applicant.email:
        return "skipped"
    payload = event.payload
    with translation.override(settings.LANGUAGE_CODE):
        body = str(template) % {
            "code": event.dossier.code,
            "due": _moment(payload.get("new_due_at") or payload.get("due_at") or ""),
            "items": "; ".join(payload.get("items", [])),
            "reason": payload.get("reason", ""),
        }
        subject = _("[Một cửa] Hồ sơ %s") % event.dossier.code
    send_mail(subject, body, None, [applicant.email])
    return "sent"
