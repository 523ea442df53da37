"""Administrative units (province, district, commune), versioned by effective dates."""

from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "motcua.geo"
    label = "geo"
    verbose_name = "Đơn vị hành chính"
