"""URL map: the admin, the JSON API; faces add their own roots here."""

from django.contrib import admin
from django.urls import include, path

from motcua.api.urls import api

admin.site.site_header = "motcua — Hệ thống thông tin giải quyết thủ tục hành chính"
admin.site.site_title = "motcua"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("motcua.office.urls")),
]
