"""URL patterns of the office's queue."""

urlpatterns: list = []
