"""Dossier codes (Decree 118 Art. 28): ``<receiving agency e-identifier>-<YYMMDD>-<sequence>``.

The daily sequence comes from a counter row locked inside the intake transaction, so
concurrent intakes get distinct, gap-free numbers on PostgreSQL and SQLite alike (a failed
intake rolls its number back with everything else).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from motcua.dossiers.models import DossierCodeCounter

MIN_DIGITS = 4


def format_code(prefix: str, day: date, sequence: int) -> str:
    return f"{prefix}-{day:%y%m%d}-{sequence:0{MIN_DIGITS}d}"


def next_code(*, prefix: str, day: date) -> str:
    """Take the next number of ``prefix`` for ``day``; call inside the intake transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_code must run inside the intake transaction")
    DossierCodeCounter.objects.bulk_create(
        [DossierCodeCounter(prefix=prefix, day=day, last=0)], ignore_conflicts=True
    )
    counter = DossierCodeCounter.objects.select_for_update().get(prefix=prefix, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_code(prefix, day, counter.last)
