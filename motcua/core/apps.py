"""Shared kernel: users and tokens, working calendar, text normalisation."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = "Nền tảng"
