"""The JSON API v1: a face over the domain apps (django-ninja)."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "motcua.api"
    label = "api"
    verbose_name = "API"
