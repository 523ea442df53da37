"""Fill the working calendar table for a range of years.

Run once at installation and again each year when the government announces the next
year's swaps (after updating ``data/calendar-vn.json``); running it twice changes nothing,
and rows an administrator edited are kept.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.calendar import FIRST_SUPPORTED_YEAR
from motcua.core.calendar_services import CalendarDataError, SeedResult, calendar_seed

YEARS_BEFORE = 5
YEARS_AFTER = 5
LAST_SUPPORTED_YEAR = 2200
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


def parse_years(text: str) -> range:
    """Read ``"2020-2035"`` or ``"2026"`` into a range of years."""
    match = _YEARS.match(text)
    if match is None:
        raise CommandError(
            _("--years phải có dạng 2020-2035 hoặc 2026, nhận được «%(text)s».") % {"text": text}
        )
    first = int(match[1])
    last = int(match[2] or match[1])
    if first > last:
        raise CommandError(
            _("--years: năm đầu %(first)s sau năm cuối %(last)s.") % {"first": first, "last": last}
        )
    if first < FIRST_SUPPORTED_YEAR or last > LAST_SUPPORTED_YEAR:
        raise CommandError(
            _("--years phải nằm trong %(first)s–%(last)s.")
            % {"first": FIRST_SUPPORTED_YEAR, "last": LAST_SUPPORTED_YEAR}
        )
    return range(first, last + 1)


class Command(BaseCommand):
    help = (
        "Khởi tạo lịch làm việc theo năm từ thư viện holidays (VN) và tệp data/calendar-vn.json "
        "(tệp được ưu tiên); không ghi đè các ngày do quản trị viên sửa."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        this_year = timezone.localdate().year
        parser.add_argument(
            "--years",
            default=f"{this_year - YEARS_BEFORE}-{this_year + YEARS_AFTER}",
            help="Khoảng năm, ví dụ 2020-2035 hoặc 2026 (mặc định: năm nay ±5).",
        )
        parser.add_argument(
            "--official",
            type=Path,
            default=None,
            help="Tệp lịch chính thức (mặc định: data/calendar-vn.json).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = parse_years(options["years"])
        self.stdout.write(
            _("Khởi tạo lịch làm việc %(first)s–%(last)s…") % {"first": years[0], "last": years[-1]}
        )
        try:
            results = calendar_seed(
                years=years, official_path=options["official"], on_year=self._report
            )
        except CalendarDataError as exc:
            raise CommandError(str(exc)) from exc
        changed = sum(r.created + r.updated + r.deleted for r in results)
        done = _("Xong: %(years)s năm, %(changed)s dòng thay đổi.")
        self.stdout.write(self.style.SUCCESS(done % {"years": len(results), "changed": changed}))

    def _report(self, result: SeedResult) -> None:
        line = _(
            "  %(year)s: %(days_off)s ngày nghỉ, %(make_up_days)s ngày làm bù — thêm %(created)s,"
            " sửa %(updated)s, xóa %(deleted)s, giữ %(kept_admin)s dòng của quản trị viên"
        )
        self.stdout.write(line % asdict(result))
