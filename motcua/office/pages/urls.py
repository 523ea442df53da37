"""URL patterns of the office's pages."""

urlpatterns: list = []
