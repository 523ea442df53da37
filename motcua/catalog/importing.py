"""Import of procedures from the exchange format (re-exported by ``motcua.catalog.services``).

Idempotent: a record whose published content is unchanged reuses the latest version; a
changed record opens a new version from ``effective_from`` (today by default) and keeps
the old one (an unused version starting that same day is corrected in place instead).
Internal steps become the process of the given province (and agency). A bad record is
reported and skipped; a process whose steps do not add up, or have no time, is stored
and flagged, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.catalog.models import CheckStatus, InternalProcess, ProcedureVersion
from motcua.catalog.processes import (
    process_recheck,
    process_set_steps,
    steps_digest,
    steps_from_record,
)
from motcua.catalog.records import ProcedureRecord, RecordError, parse_record
from motcua.catalog.versions import (
    procedure_get_or_create,
    procedure_version_clone,
    procedure_version_create,
    procedure_version_replace,
    processes_copy,
)
from motcua.core.text import nfc

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    """What an import did; ``flagged`` and ``errors`` are Vietnamese sentences."""

    total: int = 0
    procedures_created: int = 0
    versions_created: int = 0
    versions_replaced: int = 0
    unchanged: int = 0
    processes_created: int = 0
    processes_replaced: int = 0
    unverified: int = 0
    flagged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, other: ImportReport) -> None:
        """Add the counts and lists of ``other`` (one record's outcome) to this report."""
        for name in (
            "procedures_created",
            "versions_created",
            "versions_replaced",
            "unchanged",
            "processes_created",
            "processes_replaced",
            "unverified",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.flagged.extend(other.flagged)

    def summary(self) -> str:
        return _(
            "%(total)s bản ghi: %(new)s thủ tục mới, %(versions)s phiên bản mới, "
            "%(replaced)s phiên bản sửa trong ngày hiệu lực, %(same)s không đổi; "
            "quy trình: %(pnew)s mới, %(prep)s thay thế; "
            "%(flagged)s quy trình cần xem lại; %(unverified)s bản ghi chưa đối chiếu; "
            "%(errors)s lỗi."
        ) % {
            "total": self.total,
            "new": self.procedures_created,
            "versions": self.versions_created,
            "replaced": self.versions_replaced,
            "same": self.unchanged,
            "pnew": self.processes_created,
            "prep": self.processes_replaced,
            "flagged": len(self.flagged),
            "unverified": self.unverified,
            "errors": len(self.errors),
        }


@dataclass(frozen=True)
class _Target:
    province: str
    agency: Agency | None
    start: date
    first_start: date | None


def _version_for(
    record: ProcedureRecord, report: ImportReport, target: _Target
) -> ProcedureVersion:
    procedure, created = procedure_get_or_create(code=record.code, name=record.name)
    report.procedures_created += int(created)
    latest = procedure.versions.order_by("-number").first()
    if latest is not None and latest.source_digest == record.content_digest():
        report.unchanged += 1
        return latest
    start = target.first_start if latest is None else target.start
    if latest is not None and not latest.is_locked and latest.effective_from == start:
        report.versions_replaced += 1
        return procedure_version_replace(version=latest, record=record)
    version = procedure_version_create(procedure=procedure, record=record, effective_from=start)
    report.versions_created += 1
    if latest is not None:
        key = InternalProcess(province=target.province, agency=target.agency)
        for process in processes_copy(source=latest, target=version, skip=key):
            process_recheck(process=process)
    return version


def _process_for(
    version: ProcedureVersion, record: ProcedureRecord, report: ImportReport, target: _Target
) -> InternalProcess:
    steps = steps_from_record(record.steps)
    existing = InternalProcess.objects.filter(
        version=version, province=target.province, agency=target.agency
    ).first()
    if existing is not None and existing.steps_digest == steps_digest(steps):
        return existing
    if existing is not None and version.is_locked:
        version = procedure_version_clone(version=version, effective_from=target.start)
        report.versions_created += 1
    process = process_set_steps(
        version=version,
        steps=steps,
        province=target.province,
        agency=target.agency,
        published_in=record.published_in,
        strict=False,
    )
    if existing is not None:
        report.processes_replaced += 1
    else:
        report.processes_created += 1
    return process


def _import_one(raw: Any, report: ImportReport, target: _Target) -> None:
    record = parse_record(raw)
    version = _version_for(record, report, target)
    report.unverified += int(not record.verified)
    if not record.steps:
        return
    process = _process_for(version, record, report, target)
    if process.check_status != CheckStatus.CONSISTENT:
        where = target.province or _("không rõ tỉnh")
        report.flagged.append(f"{record.label} ({where}): {process.check_message}")


def _label(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        return str(raw.get("code") or raw.get("name") or "")[:60] or f"#{index}"
    return f"#{index}"


@transaction.atomic
def procedures_import(
    *,
    records: Sequence[dict[str, Any]],
    province: str | None = None,
    agency: Agency | None = None,
    effective_from: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import exchange-format ``records``; internal steps go to ``province``/``agency``.

    New procedures' first version starts on ``effective_from`` (None: not stated by the
    source); changed procedures get a new version from ``effective_from`` or today.
    ``progress(done, total)`` is called after each record.
    """
    report = ImportReport(total=len(records))
    target = _Target(
        province=nfc(province or ""),
        agency=agency,
        start=effective_from or timezone.localdate(),
        first_start=effective_from,
    )
    for index, raw in enumerate(records, start=1):
        outcome = ImportReport()
        try:
            with transaction.atomic():
                _import_one(raw, outcome, target)
            report.add(outcome)
        except RecordError as error:
            report.errors.append(f"{_label(raw, index)}: {error.field}: {error.message}")
        except ValidationError as error:
            report.errors.append(f"{_label(raw, index)}: {' '.join(error.messages)}")
        except DatabaseError as error:  # the record's savepoint is rolled back; go on
            report.errors.append(f"{_label(raw, index)}: {error}")
        if progress is not None:
            progress(index, report.total)
    return report
