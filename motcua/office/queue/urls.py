"""URL patterns of the office's queue (names reverse as ``office:queue_*``).

Kiosk, ticket and hall display are public, addressed by the centre's code; the counter
and the statistics need a staff login.
"""

from django.urls import path

from motcua.office.queue import views

urlpatterns = [
    path("", views.index, name="queue_index"),
    path("quay/", views.counters, name="queue_counters"),
    path("quay/<int:pk>/", views.counter, name="queue_counter"),
    path("thong-ke/", views.stats, name="queue_stats"),
    path("phieu/<int:pk>/", views.ticket, name="queue_ticket"),
    path("<str:code>/lay-so/", views.kiosk, name="queue_kiosk"),
    path("<str:code>/man-hinh/", views.display, name="queue_display"),
]
