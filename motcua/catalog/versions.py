"""Writes of procedures and their versions (re-exported by ``motcua.catalog.services``).

Versions are append-only in spirit: a new publication opens a new version and closes the
previous one on the same date; a version that a dossier has used is locked and never
edited again (DOMAIN §3: a dossier keeps the version it was received under).
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.catalog.locks import ensure_unlocked
from motcua.catalog.models import (
    Channel,
    Component,
    Field,
    InternalProcess,
    LegalBasis,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    search_key_of,
)
from motcua.catalog.processes import process_recheck
from motcua.catalog.records import ProcedureRecord
from motcua.catalog.selectors import processes_broken_by
from motcua.core.text import fold, nfc

_Row = TypeVar("_Row", bound=Model)
_TEXT_FIELDS = (
    "name",
    "handling_time_note",
    "fee_note",
    "result",
    "conditions",
    "steps_text",
    "competent_agency",
    "published_in",
    "notes",
)


@transaction.atomic
def field_get_or_create(*, name: str) -> Field:
    """The field with this name, matched ignoring case and diacritics."""
    clean = nfc(name)
    key = search_key_of(clean)
    field = Field.objects.filter(search_key=key).order_by("pk").first()
    if field is None:
        field = Field.objects.create(name=clean, search_key=key)
    return field


@transaction.atomic
def procedure_get_or_create(*, code: str | None, name: str) -> tuple[Procedure, bool]:
    """The procedure with this code, or (uncoded) with this folded name."""
    name = nfc(name)
    if code:
        return Procedure.objects.get_or_create(
            code=code, defaults={"name": name, "name_key": fold(name)}
        )
    return Procedure.objects.get_or_create(code=None, name_key=fold(name), defaults={"name": name})


def _next_start(previous: ProcedureVersion | None, effective_from: date | None) -> None:
    if previous is None:
        return
    if effective_from is None:
        raise ValidationError(_("Phiên bản mới phải có ngày hiệu lực."))
    if previous.effective_from is not None and effective_from <= previous.effective_from:
        raise ValidationError(
            _("Phiên bản mới phải có hiệu lực sau ngày %(day)s của phiên bản %(number)s.")
            % {"day": f"{previous.effective_from:%d/%m/%Y}", "number": previous.number}
        )


def _place(version: ProcedureVersion) -> None:
    """Number a new version after the latest of its procedure, which ends where it starts."""
    previous = (
        ProcedureVersion.objects.select_for_update()
        .filter(procedure_id=version.procedure_id)
        .order_by("-number")
        .first()
    )
    _next_start(previous, version.effective_from)
    if previous is not None:
        previous.effective_to = version.effective_from
        previous.save(update_fields=["effective_to"])
    version.number = previous.number + 1 if previous else 1
    version.effective_to = None


def _open(procedure: Procedure, effective_from: date | None) -> ProcedureVersion:
    version = ProcedureVersion(procedure=procedure, effective_from=effective_from)
    _place(version)
    return version


def _apply(version: ProcedureVersion, record: ProcedureRecord) -> None:
    version.name = record.name
    version.field = field_get_or_create(name=record.field)
    version.level = record.level
    version.subjects = list(record.subjects)
    version.handling_time_value = record.time_value
    version.handling_time_unit = record.time_unit
    version.handling_time_note = record.time_note
    version.fee_vnd, version.fee_note = record.fee_vnd, record.fee_note
    version.online_level, version.online_only = record.online_level, record.online_only
    version.same_day, version.cutoff = record.same_day, record.cutoff
    version.cutoff_before_closing = record.cutoff_before_closing
    version.result, version.conditions = record.result, record.conditions
    version.steps_text, version.competent_agency = record.steps_text, record.competent_agency
    version.sources, version.verified = list(record.sources), record.verified
    version.published_in, version.notes = record.published_in, record.notes
    version.source_digest = record.content_digest()


def _add_content(version: ProcedureVersion, record: ProcedureRecord) -> None:
    Channel.objects.bulk_create(
        Channel(
            version=version,
            kind=c.kind,
            handling_time_value=c.value,
            handling_time_unit=c.unit,
            fee_vnd=c.fee_vnd,
            description=c.description,
        )
        for c in record.channels
    )
    Component.objects.bulk_create(
        Component(
            version=version,
            position=i,
            name=c.name,
            original_or_copy=c.original_or_copy,
            count=c.count,
            required=c.required,
            reusable=c.reusable,
        )
        for i, c in enumerate(record.components, start=1)
    )
    LegalBasis.objects.bulk_create(
        LegalBasis(
            version=version,
            position=i,
            reference=b.reference,
            title=b.title,
            issued_on=b.issued_on,
            issuer=b.issuer,
        )
        for i, b in enumerate(record.legal_basis, start=1)
    )


def _store(version: ProcedureVersion) -> None:
    for name in _TEXT_FIELDS:
        setattr(version, name, nfc(getattr(version, name) or ""))
    version.search_key = version.compute_search_key()
    version.full_clean(validate_unique=False)
    version.save()
    Procedure.objects.filter(pk=version.procedure_id).update(name=version.name)


@transaction.atomic
def procedure_version_create(
    *, procedure: Procedure, record: ProcedureRecord, effective_from: date | None = None
) -> ProcedureVersion:
    """Open a new version of ``procedure`` with ``record``'s content from ``effective_from``.

    The previous version (if any) ends where this one starts; the first version may have
    no start date when the source gives none.
    """
    version = _open(procedure, effective_from)
    _apply(version, record)
    _store(version)
    _add_content(version, record)
    return version


@transaction.atomic
def procedure_version_replace(
    *, version: ProcedureVersion, record: ProcedureRecord
) -> ProcedureVersion:
    """Rewrite an unused version with ``record``'s content (a correction on its start day)."""
    ensure_unlocked(version)
    _apply(version, record)
    _store(version)
    for rows in (version.channels, version.components, version.legal_basis):
        rows.all().delete()
    _add_content(version, record)
    for process in InternalProcess.objects.filter(version=version):
        process_recheck(process=process)
    return version


def _copy_rows(rows: list[_Row], **changes: object) -> list[_Row]:
    for row in rows:
        row.pk = None
        row._state.adding = True
        for name, value in changes.items():
            setattr(row, name, value)
    return rows


def processes_copy(
    *, source: ProcedureVersion, target: ProcedureVersion, skip: InternalProcess | None = None
) -> list[InternalProcess]:
    """Copy the internal processes of ``source`` to ``target`` (check fields as they were).

    ``skip`` names a process whose key (province, agency) is being replaced.
    """
    copied = []
    for process in InternalProcess.objects.filter(version=source).order_by("pk"):
        if skip is not None and (process.province, process.agency_id) == (
            skip.province,
            skip.agency_id,
        ):
            continue
        steps = list(process.steps.all())
        process.pk, process._state.adding, process.version = None, True, target
        process.save()
        ProcessStep.objects.bulk_create(_copy_rows(steps, process=process))
        copied.append(process)
    return copied


@transaction.atomic
def procedure_version_clone(
    *, version: ProcedureVersion, effective_from: date, keep_processes: bool = True
) -> ProcedureVersion:
    """Open a new version with the same content as ``version`` (to edit a locked one)."""
    source = ProcedureVersion.objects.get(pk=version.pk)
    clone = _open(source.procedure, effective_from)
    for attr in [f.attname for f in ProcedureVersion._meta.concrete_fields]:
        if attr not in {"id", "procedure_id", "number", "effective_from", "effective_to"}:
            setattr(clone, attr, getattr(source, attr))
    clone.used_at = None
    clone.save()
    Channel.objects.bulk_create(_copy_rows(list(source.channels.all()), version=clone))
    Component.objects.bulk_create(_copy_rows(list(source.components.all()), version=clone))
    LegalBasis.objects.bulk_create(_copy_rows(list(source.legal_basis.all()), version=clone))
    if keep_processes:
        processes_copy(source=source, target=clone)
    return clone


@transaction.atomic
def procedure_version_save(*, version: ProcedureVersion) -> ProcedureVersion:
    """Save a new version, or edits to an unlocked one: NFC text, search key, validation.

    A new version is numbered after the latest and closes it. A new handling time that
    would make a complete, consistent process miss it is refused; the stored checks of
    the version's processes are refreshed.
    """
    if version.pk is None:
        _place(version)
        _store(version)
        return version
    ensure_unlocked(version)
    broken = processes_broken_by(
        version=version, value=version.handling_time_value, unit=version.handling_time_unit
    )
    if broken:
        raise ValidationError([check.message for _process, check in broken])
    _store(version)
    for process in InternalProcess.objects.filter(version=version):
        process_recheck(process=process)
    return version


@transaction.atomic
def procedure_version_mark_used(*, version: ProcedureVersion) -> ProcedureVersion:
    """Lock ``version`` because a dossier was received under it (idempotent)."""
    ProcedureVersion.objects.filter(pk=version.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    version.refresh_from_db(fields=["used_at"])
    return version
