"""Agencies, service centres and their counters, staff roles and applicants."""

from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "motcua.agencies"
    label = "agencies"
    verbose_name = "Cơ quan, đơn vị và người dùng"
