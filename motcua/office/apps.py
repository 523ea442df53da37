"""The staff office: the pages officials spend their day in (desk, worklists, processing)."""

from django.apps import AppConfig


class OfficeConfig(AppConfig):
    name = "motcua.office"
    label = "office"
    verbose_name = "Văn phòng cán bộ"
