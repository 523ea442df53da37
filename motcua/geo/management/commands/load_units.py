"""``manage.py load_units``: load the administrative units and the 2025 old→new mapping.

Re-running changes nothing; ``--province`` (repeatable) loads only those current
provinces with their legacy predecessors, for small installations and demos.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from motcua.geo.loader import UnknownProvinceError, load_units


class Command(BaseCommand):
    help = _(
        "Nạp danh mục đơn vị hành chính (34 tỉnh, thành phố từ 1/7/2025 và 63 tỉnh, thành phố "
        "trước đó) cùng quan hệ kế thừa cũ → mới, từ gói vietnamadminunits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            metavar="CODE",
            help=_(
                "Chỉ nạp tỉnh, thành phố hiện hành có mã này (2 chữ số) cùng các tỉnh cũ hợp "
                "thành; có thể lặp lại."
            ),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Không hiện thanh tiến trình.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        show_progress = options["verbosity"] > 0 and not options["no_progress"]
        try:
            report = load_units(provinces=options["province"], progress=show_progress)
        except UnknownProvinceError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] == 0:
            return
        self.stdout.write(
            _(
                "Đã nạp %(provinces)d tỉnh, thành phố trong %(seconds).1f giây. "
                "Đơn vị: thêm %(created)d, cập nhật %(updated)d, không đổi %(unchanged)d, "
                "giữ nguyên do đã thay đổi qua nghiệp vụ %(kept)d. "
                "Quan hệ kế thừa: thêm %(successions_created)d, đã có %(successions_unchanged)d."
            )
            % {
                "provinces": len(report.provinces),
                "seconds": report.seconds,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "kept": report.kept,
                "successions_created": report.successions_created,
                "successions_unchanged": report.successions_unchanged,
            }
        )
