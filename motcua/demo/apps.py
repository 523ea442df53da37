"""The demo province: a face that loads a realistic installation for trying the system."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "motcua.demo"
    label = "demo"
    verbose_name = "Dữ liệu trình diễn"
