"""Staff pages: the office itself and the queue at the centre."""

from django.urls import include, path

app_name = "office"

urlpatterns = [
    path("xep-hang/", include("motcua.office.queue.urls")),
    path("", include("motcua.office.pages.urls")),
]
