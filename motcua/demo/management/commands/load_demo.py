"""Load the demo province: calendar, units, organisation, people and procedures."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from motcua.demo import loader


class Command(BaseCommand):
    help = "Nạp tỉnh trình diễn (Hà Tĩnh): lịch, đơn vị hành chính, cơ quan, người dùng, TTHC."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dossiers",
            type=int,
            default=loader.DOSSIER_COUNT,
            help="Số hồ sơ mẫu (mặc định %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Không nạp dữ liệu trình diễn khi DEBUG tắt: "
                "tài khoản trình diễn có mật khẩu công khai."
            )
        steps = loader.STEPS
        for number, (label, step) in enumerate(steps, start=1):
            self.stdout.write(f"[{number}/{len(steps)}] {label}…", ending="")
            self.stdout.flush()
            with transaction.atomic():
                summary = step(options["dossiers"]) if step is loader.step_dossiers else step()
            self.stdout.write(f" {summary}")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu trình diễn."))
