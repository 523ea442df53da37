"""Import procedures from a JSON file in the exchange format (data/procedures-sample.json).

Idempotent: running it again on the same file changes nothing; changed records become
new versions from ``--effective-from`` (today by default).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper
from tqdm import tqdm

from motcua.agencies.models import Agency
from motcua.catalog.services import procedures_import


class _Raw:
    """Lets the progress bar write to the command's stderr without added line ends."""

    def __init__(self, wrapper: OutputWrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = "Nhập thủ tục hành chính từ tệp JSON (định dạng data/procedures-sample.json)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="Tệp JSON: một danh sách thủ tục.")
        parser.add_argument(
            "--province", default=None, help="Tỉnh áp dụng quy trình nội bộ, ví dụ 'Hà Tĩnh'."
        )
        parser.add_argument(
            "--agency", default=None, help="Mã định danh cơ quan áp dụng quy trình, ví dụ H44.01."
        )
        parser.add_argument(
            "--effective-from",
            type=date.fromisoformat,
            default=None,
            help="Ngày hiệu lực (YYYY-MM-DD) của phiên bản mới; mặc định hôm nay.",
        )

    def _records(self, path: Path) -> list[dict[str, Any]]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"Không đọc được {path}: {error}") from error
        if not isinstance(data, list):
            raise CommandError("Tệp phải chứa một danh sách (JSON array) các thủ tục.")
        return data

    def _agency(self, identifier: str | None) -> Agency | None:
        if identifier is None:
            return None
        agency = Agency.objects.filter(e_identifier=identifier).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {identifier}.")
        return agency

    def handle(self, *args: Any, **options: Any) -> None:
        records = self._records(options["path"])
        agency = self._agency(options["agency"])
        quiet = options["verbosity"] == 0
        stream = _Raw(self.stderr)
        with tqdm(total=len(records), unit="thủ tục", file=stream, disable=quiet) as bar:
            report = procedures_import(
                records=records,
                province=options["province"],
                agency=agency,
                effective_from=options["effective_from"],
                progress=lambda done, total: bar.update(done - bar.n),
            )
        for line in report.flagged:
            self.stdout.write(self.style.WARNING(f"  cần xem lại: {line}"))
        for line in report.errors:
            self.stderr.write(self.style.ERROR(f"  lỗi: {line}"))
        style = self.style.SUCCESS if report.ok else self.style.ERROR
        self.stdout.write(style(report.summary()))
        if not report.ok:
            raise CommandError("Có bản ghi không nhập được (xem lỗi ở trên).")
