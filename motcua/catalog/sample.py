"""The 27 real procedures shipped in ``data/procedures-sample.json``, for demos and tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings


def sample_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "procedures-sample.json"


def sample_records() -> list[dict[str, Any]]:
    """The sample records, as the importer reads them."""
    with sample_path().open(encoding="utf-8") as handle:
        records: list[dict[str, Any]] = json.load(handle)
    return records
