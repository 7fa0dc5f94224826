"""REST API v1 (mounted at /api/v1/)."""

from django.urls import include, path

urlpatterns = [
    path("reports/", include("reports.urls")),
]
