"""Procedure records in the exchange format (data/procedures-sample.json) as typed values.

Import reads records into ``ProcedureRecord`` and export writes the same shape, so a
record's digest says whether anything published changed: re-importing identical data is
a no-op, changed data makes a new version. Parsing is strict about types and choices
(a bad record is reported, not guessed) and lenient about absence: what the source does
not give stays None or empty. Text comes out NFC. No database here.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.agencies.models import Role
from motcua.catalog.models import CODE_PATTERN, ChannelKind, Level, OnlineLevel, Original, Subject
from motcua.catalog.timing import TimeUnit
from motcua.core.text import nfc

_CODE = re.compile(CODE_PATTERN)
_CUTOFF = re.compile(
    r"nhận(?:\s+\S+){0,4}?\s+sau\s+([01]?\d|2[0-3])\s*(?:giờ|h)(?:\s*([0-5]\d)\b(?!\s*ngày))?"
)
_BEFORE_CLOSING = re.compile(r"(\d{1,2})\s*giờ\s+trước\s+khi\s+hết\s+giờ")


MAX_TIME = 10_000  # handling times and step times, in their own unit
MAX_INTEGER = 10**15  # fees in VND, counts, minutes


class RecordError(ValueError):
    """A record that cannot be imported; ``field`` names where."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class StepRecord:
    label: str
    actor: str
    value: Decimal | None
    unit: str
    raw: str
    role: str


@dataclass(frozen=True)
class ComponentRecord:
    name: str
    original_or_copy: str
    count: int | None
    required: bool | None
    reusable: bool


@dataclass(frozen=True)
class ChannelRecord:
    kind: str
    value: Decimal | None
    unit: str
    fee_vnd: int | None
    description: str


@dataclass(frozen=True)
class LegalRecord:
    reference: str
    title: str
    issued_on: date | None
    issuer: str


@dataclass(frozen=True)
class ProcedureRecord:
    code: str | None
    name: str
    field: str
    level: str
    time_value: Decimal | None
    time_unit: str
    time_note: str
    fee_vnd: int | None
    fee_note: str
    online_level: str
    online_only: bool | None
    same_day: bool | None
    cutoff: time | None
    cutoff_before_closing: int | None
    subjects: tuple[str, ...]
    channels: tuple[ChannelRecord, ...]
    components: tuple[ComponentRecord, ...]
    result: str
    conditions: str
    steps_text: str
    competent_agency: str
    legal_basis: tuple[LegalRecord, ...]
    sources: tuple[str, ...]
    verified: bool
    published_in: str
    notes: str
    steps: tuple[StepRecord, ...]

    @property
    def label(self) -> str:
        return self.code or self.name[:60]

    def content_digest(self) -> str:
        """Digest of everything published except the internal steps (kept per province)."""
        data = asdict(self)
        data.pop("steps")
        return _digest(data)

    def steps_digest(self) -> str:
        return _digest([asdict(step) for step in self.steps])


def _canonical(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def _digest(data: Any) -> str:
    text = json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _text(
    raw: dict[str, Any],
    key: str,
    *,
    where: str = "",
    required: bool = False,
    max_length: int = 100_000,
) -> str:
    """NFC text of ``raw[key]`` ("" when absent); errors name ``where.key``."""
    value, path = raw.get(key), f"{where}.{key}" if where else key
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise RecordError(path, _("Thiếu trường bắt buộc."))
        return ""
    if not isinstance(value, str):
        raise RecordError(path, _("Phải là chuỗi ký tự."))
    text = nfc(value.replace("\x00", ""))
    if len(text) > max_length:
        raise RecordError(path, _("Quá dài (tối đa %s ký tự).") % max_length)
    return text


def _number(value: Any, key: str, *, below: int = MAX_TIME) -> Decimal | None:
    """A non-negative number below ``below`` with at most four decimals, or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordError(key, _("Phải là số."))
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RecordError(key, _("Phải là số.")) from None
    if not number.is_finite() or number < 0:
        raise RecordError(key, _("Phải là số không âm."))
    if number >= below or number != number.quantize(Decimal("0.0001")):
        raise RecordError(key, _("Phải nhỏ hơn %s, tối đa 4 chữ số thập phân.") % below)
    return number


def _integer(value: Any, key: str) -> int | None:
    number = _number(value, key, below=MAX_INTEGER)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise RecordError(key, _("Phải là số nguyên."))
    return int(number)


def _flag(value: Any, key: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise RecordError(key, _("Phải là true, false hoặc null."))


def _choice(value: Any, key: str, choices: Any) -> str:
    if value is None or value == "":
        return ""
    text = value.strip().lower().replace(" ", "_") if isinstance(value, str) else ""
    if text not in choices.values:
        allowed = ", ".join(choices.values)
        raise RecordError(key, _("Giá trị không thuộc danh sách cho phép: %s.") % allowed)
    return text


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordError(key, _("Phải là một danh sách."))
    return value


def _object(value: Any, key: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordError(key, _("Phải là một đối tượng JSON."))
    return value


def _code(raw: dict[str, Any]) -> str | None:
    code = raw.get("code")
    if code is None or code == "":
        return None
    if not isinstance(code, str) or not _CODE.match(code.strip()):
        raise RecordError("code", _("Mã thủ tục không đúng định dạng, ví dụ 1.004222."))
    return code.strip()


def _cutoff(raw: dict[str, Any], note: str) -> tuple[time | None, int | None]:
    """Cutoff as given explicitly, else as the time note states it ("sau 15 giờ")."""
    before = _integer(raw.get("cutoff_before_closing_minutes"), "cutoff_before_closing_minutes")
    explicit = raw.get("cutoff")
    if explicit is not None:
        try:
            return time.fromisoformat(str(explicit)), before
        except ValueError:
            raise RecordError("cutoff", _("Giờ chốt dạng HH:MM, ví dụ 15:00.")) from None
    if "cutoff" in raw or "cutoff_before_closing_minutes" in raw:
        return None, before
    found = _CUTOFF.search(note)
    cutoff = time(int(found.group(1)), int(found.group(2) or 0)) if found else None
    closing = _BEFORE_CLOSING.search(note)
    return cutoff, (int(closing.group(1)) * 60 if closing else None)


def _steps(raw: dict[str, Any]) -> tuple[StepRecord, ...]:
    steps = []
    for index, item in enumerate(_list(raw, "internal_steps")):
        where = f"internal_steps[{index}]"
        item = _object(item, where)
        when = _object(item.get("time"), f"{where}.time")
        value = _number(when.get("value"), f"{where}.time.value")
        unit = _choice(when.get("unit"), f"{where}.time.unit", TimeUnit)
        if unit == TimeUnit.IMMEDIATE:
            raise RecordError(f"{where}.time.unit", _("Bước xử lý không dùng đơn vị 'trong ngày'."))
        if value is not None and not unit:
            raise RecordError(f"{where}.time.unit", _("Có thời gian thì phải có đơn vị."))
        steps.append(
            StepRecord(
                label=_text(item, "step", where=where, max_length=20) or f"B{index + 1}",
                actor=_text(item, "actor", where=where),
                value=value,
                unit=unit if value is not None else "",
                raw=_text(when, "raw", where=f"{where}.time", max_length=200),
                role=_choice(item.get("role"), f"{where}.role", Role),
            )
        )
    return tuple(steps)


def _components(raw: dict[str, Any]) -> tuple[ComponentRecord, ...]:
    items = []
    for index, item in enumerate(_list(raw, "components")):
        where = f"components[{index}]"
        item = _object(item, where)
        original = item.get("original_or_copy")
        items.append(
            ComponentRecord(
                name=_text(item, "name", where=where, required=True),
                original_or_copy=_choice(original, f"{where}.original_or_copy", Original),
                count=_integer(item.get("count"), f"{where}.count"),
                required=_flag(item.get("required"), f"{where}.required"),
                reusable=bool(_flag(item.get("reusable"), f"{where}.reusable")),
            )
        )
    return tuple(items)


def _channels(raw: dict[str, Any]) -> tuple[ChannelRecord, ...]:
    items = []
    for index, item in enumerate(_list(raw, "channels")):
        where = f"channels[{index}]"
        item = _object(item, where)
        when = _object(item.get("handling_time"), f"{where}.handling_time")
        items.append(
            ChannelRecord(
                kind=_choice(item.get("kind"), f"{where}.kind", ChannelKind) or "desk",
                value=_number(when.get("value"), f"{where}.handling_time.value"),
                unit=_choice(when.get("unit"), f"{where}.handling_time.unit", TimeUnit),
                fee_vnd=_integer(item.get("fee_vnd"), f"{where}.fee_vnd"),
                description=_text(item, "description", where=where),
            )
        )
    if len({c.kind for c in items}) != len(items):
        raise RecordError("channels", _("Mỗi cách thức chỉ khai một lần."))
    return tuple(items)


def _legal(raw: dict[str, Any]) -> tuple[LegalRecord, ...]:
    items = []
    for index, item in enumerate(_list(raw, "legal_basis")):
        where = f"legal_basis[{index}]"
        if isinstance(item, str):
            item = {"reference": item}
        item = _object(item, where)
        issued = item.get("issued_on")
        try:
            issued_on = date.fromisoformat(issued) if issued else None
        except (TypeError, ValueError):
            raise RecordError(f"{where}.issued_on", _("Phải là ngày dạng YYYY-MM-DD.")) from None
        items.append(
            LegalRecord(
                reference=_text(item, "reference", where=where, required=True, max_length=300),
                title=_text(item, "title", where=where, max_length=500),
                issued_on=issued_on,
                issuer=_text(item, "issuer", where=where, max_length=200),
            )
        )
    return tuple(items)


def _strings(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    values = _list(raw, key)
    if not all(isinstance(v, str) for v in values):
        raise RecordError(key, _("Phải là danh sách chuỗi ký tự."))
    return tuple(nfc(v.replace("\x00", "")) for v in values if v.strip())


def parse_record(raw: Any) -> ProcedureRecord:
    """Read one exchange-format record; raise ``RecordError`` naming the bad field."""
    raw = _object(raw, "record")
    when = _object(raw.get("processing_time"), "processing_time")
    unit = _choice(when.get("unit"), "processing_time.unit", TimeUnit)
    if when.get("value") is not None and not unit:
        raise RecordError("processing_time.unit", _("Có thời hạn thì phải có đơn vị."))
    note = _text(when, "note", where="processing_time")
    cutoff, before_closing = _cutoff(raw, note)
    same_day = _flag(raw.get("same_day"), "same_day")
    if same_day is None and unit:
        same_day = unit == TimeUnit.IMMEDIATE
    subjects = _strings(raw, "subjects")
    for subject in subjects:
        _choice(subject, "subjects", Subject)
    return ProcedureRecord(
        code=_code(raw),
        name=_text(raw, "name", required=True, max_length=500),
        field=_text(raw, "field", required=True, max_length=250),
        level=_choice(raw.get("level"), "level", Level) or _required("level"),
        time_value=_number(when.get("value"), "processing_time.value"),
        time_unit=unit,
        time_note=note,
        fee_vnd=_integer(raw.get("fee_vnd"), "fee_vnd"),
        fee_note=_text(raw, "fee_note"),
        online_level=_choice(raw.get("online_level"), "online_level", OnlineLevel),
        online_only=_flag(raw.get("online_only"), "online_only"),
        same_day=same_day,
        cutoff=cutoff,
        cutoff_before_closing=before_closing,
        subjects=subjects,
        channels=_channels(raw),
        components=_components(raw),
        result=_text(raw, "result"),
        conditions=_text(raw, "conditions"),
        steps_text=_text(raw, "steps_text"),
        competent_agency=_text(raw, "competent_agency"),
        legal_basis=_legal(raw),
        sources=_strings(raw, "sources"),
        verified=bool(_flag(raw.get("verified"), "verified")),
        published_in=_text(raw, "published_in"),
        notes=_text(raw, "notes"),
        steps=_steps(raw),
    )


def _required(field: str) -> str:
    raise RecordError(field, _("Thiếu trường bắt buộc."))
