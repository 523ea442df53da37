"""Export the procedures in force as public JSON, in the format import reads."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.catalog.exporting import procedures_export


class Command(BaseCommand):
    help = "Xuất các thủ tục đang có hiệu lực ra JSON công khai (định dạng nhập lại được)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="Tệp ghi ra; mặc định stdout."
        )
        parser.add_argument(
            "--province", default=None, help="Tỉnh có quy trình ghi vào 'internal_steps'."
        )
        parser.add_argument(
            "--on", type=date.fromisoformat, default=None, help="Ngày xét hiệu lực (YYYY-MM-DD)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        records = procedures_export(on=options["on"], province=options["province"])
        text = json.dumps(records, ensure_ascii=False, indent=2)
        if options["output"] is None:
            self.stdout.write(text)
            return
        options["output"].write_text(text + "\n", encoding="utf-8")
        self.stderr.write(f"Đã xuất {len(records)} thủ tục vào {options['output']}.")
