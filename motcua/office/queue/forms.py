"""The queue pages' forms: the kiosk's buttons, the counter's actions, the statistics range."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import ServiceCentre
from motcua.desk.models import QueueGroup
from motcua.desk.states import MOVES

CALL_NEXT = "call_next"
STATS_DAYS = 30
MAX_STATS_DAYS = 366


class KioskForm(forms.Form):
    """One submit button per line: the button pressed names the line."""

    group = forms.ModelChoiceField(
        queryset=QueueGroup.objects.none(),
        label=_("Nhóm quầy"),
        error_messages={
            "required": _("Hãy chọn một quầy hoặc một lĩnh vực để lấy số."),
            "invalid_choice": _("Nhóm quầy này hiện không cấp số thứ tự."),
        },
    )

    def __init__(self, *args: Any, centre: ServiceCentre, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = QueueGroup.objects.filter(centre=centre, is_active=True)


class CounterActionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Thao tác"),
        choices=[(CALL_NEXT, _("Gọi số tiếp theo"))]
        + [(name, move.label) for name, move in MOVES.items()],
        error_messages={"invalid_choice": _("Thao tác không hợp lệ.")},
    )
    ticket = forms.IntegerField(label=_("Số thứ tự"), required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in MOVES and not data.get("ticket"):
            raise forms.ValidationError(_("Thiếu số thứ tự cần thao tác."))
        return data


class StatsForm(forms.Form):
    centre = forms.ChoiceField(label=_("Bộ phận một cửa"), required=False)
    start = forms.DateField(label=_("Từ ngày"), required=False)
    end = forms.DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, centres: list[ServiceCentre], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.centres = {c.code: c for c in centres}
        field = self.fields["centre"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(c.code, c.name) for c in centres]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        end: date = data.get("end") or timezone.localdate()
        start: date = data.get("start") or end - timedelta(days=STATS_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        if (end - start).days >= MAX_STATS_DAYS:
            raise forms.ValidationError(_("Chỉ xem được tối đa 366 ngày một lần."))
        data["start"], data["end"] = start, end
        return data

    def chosen_centre(self) -> ServiceCentre:
        code = self.cleaned_data.get("centre") or ""
        return self.centres.get(code) or next(iter(self.centres.values()))
