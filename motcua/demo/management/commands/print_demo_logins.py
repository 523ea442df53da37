"""Print the demo accounts and their password, if the demo is loaded."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.core.models import User
from motcua.demo.people import CITIZENS, DEMO_PASSWORD, STAFF


class Command(BaseCommand):
    help = "In ra các tài khoản trình diễn và mật khẩu."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            self.stdout.write("DEBUG đang tắt: không có tài khoản trình diễn.")
            return
        usernames = [s.username for s in STAFF] + [c.username for c in CITIZENS]
        known = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
        if not known:
            self.stdout.write("Chưa nạp dữ liệu trình diễn (python manage.py load_demo).")
            return
        self.stdout.write(self.style.MIGRATE_HEADING("Tài khoản trình diễn"))
        self.stdout.write(f"  mật khẩu chung: {DEMO_PASSWORD}")
        for staff in STAFF:
            if staff.username in known:
                label = f"{staff.role.label} — {staff.full_name} ({staff.agency})"
                self.stdout.write(f"  {staff.username:<14} {label}")
        for citizen in CITIZENS:
            if citizen.username in known:
                self.stdout.write(f"  {citizen.username:<14} Công dân — {citizen.full_name}")
        self.stdout.write("  Trang quản trị: http://127.0.0.1:8000/admin/ (tài khoản quantri)")
        self.stdout.write("  API: http://127.0.0.1:8000/api/v1/docs")
