"""Every write of the catalogue, in one place to look (implementations live beside it).

Procedures and versions: ``versions``; internal processes: ``processes``; who performs a
procedure: ``assignments``; JSON import: ``importing``. All are keyword-only and atomic.
"""

from __future__ import annotations

from motcua.catalog.assignments import (
    procedure_assign,
    procedure_delegate,
    procedure_unassign,
    procedures_assign_by_field,
)
from motcua.catalog.importing import ImportReport, procedures_import
from motcua.catalog.processes import (
    StepInput,
    process_recheck,
    process_refusal,
    process_set_steps,
)
from motcua.catalog.versions import (
    field_get_or_create,
    procedure_get_or_create,
    procedure_version_clone,
    procedure_version_create,
    procedure_version_mark_used,
    procedure_version_replace,
    procedure_version_save,
)

__all__ = [
    "ImportReport",
    "StepInput",
    "field_get_or_create",
    "procedure_assign",
    "procedure_delegate",
    "procedure_get_or_create",
    "procedure_unassign",
    "procedure_version_clone",
    "procedure_version_create",
    "procedure_version_mark_used",
    "procedure_version_replace",
    "procedure_version_save",
    "procedures_assign_by_field",
    "procedures_import",
    "process_recheck",
    "process_refusal",
    "process_set_steps",
]
