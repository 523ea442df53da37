"""The procedure catalogue: procedures, dated versions, internal processes, who performs them."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "motcua.catalog"
    label = "catalog"
    verbose_name = "Danh mục thủ tục hành chính"
