"""Admin forms of the catalogue: NFC text, and the internal-process sum rule at edit time.

The rules themselves live in services and selectors; these forms only call them so that
the administrator sees a Vietnamese message on the form instead of an error page.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua.catalog.locks import ensure_unlocked
from motcua.catalog.models import InternalProcess, Subject
from motcua.catalog.processes import process_refusal
from motcua.catalog.selectors import processes_broken_by
from motcua.catalog.timing import StepTime
from motcua.core.text import nfc


class NfcModelForm(forms.ModelForm):
    """A model form that stores every text value in NFC."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = nfc(value)
        return data


class ProcedureForm(NfcModelForm):
    """Procedures added by hand need a code; uncoded ones come only from imports."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("code") and not self.instance.pk:
            raise ValidationError(
                {"code": _("Nhập mã thủ tục; thủ tục chưa có mã chỉ tạo được khi nhập dữ liệu.")}
            )
        return data


class VersionForm(NfcModelForm):
    """Subjects as checkboxes; refuses a handling-time edit that breaks a complete process."""

    subjects = forms.TypedMultipleChoiceField(
        label=gettext_lazy("đối tượng thực hiện"),
        choices=Subject.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        changed = {"handling_time_value", "handling_time_unit"} & set(self.changed_data)
        if self.instance.pk and changed:
            broken = processes_broken_by(
                version=self.instance,
                value=data.get("handling_time_value"),
                unit=data.get("handling_time_unit") or "",
            )
            if broken:
                raise ValidationError([check.message for _process, check in broken])
        return data


class ProcessForm(NfcModelForm):
    """Refuses a process on a version that a dossier has used."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        version = data.get("version")
        if version is not None:
            ensure_unlocked(version)
        return data


class StepFormSet(forms.BaseInlineFormSet):
    """Refuses step times that make a complete process miss the legal handling time."""

    def _times(self) -> list[StepTime]:
        times = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            days: Decimal | None = data.get("working_days")
            hours: Decimal | None = data.get("clock_hours")
            times.append(StepTime(days, hours))
        return times

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        process: InternalProcess = self.instance
        if not process.version_id:
            return
        previous = None
        if process.pk:
            previous = [StepTime(s.working_days, s.clock_hours) for s in process.steps.all()]
        reason = process_refusal(version=process.version, steps=self._times(), previous=previous)
        if reason:
            raise ValidationError(reason)
