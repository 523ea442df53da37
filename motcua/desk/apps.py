"""The queue at a service centre: tickets, counters, calls, waiting and serving times."""

from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "motcua.desk"
    label = "desk"
    verbose_name = "Xếp hàng tại bộ phận một cửa"
