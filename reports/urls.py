"""Mounted at /api/v1/reports/ (api/urls.py)."""

from django.urls import path

from reports.views import ReportRunViewSet

urlpatterns = [
    path("", ReportRunViewSet.as_view({"get": "list", "post": "create"}), name="report-run-list"),
    path("<int:pk>/", ReportRunViewSet.as_view({"get": "retrieve"}), name="report-run-detail"),
    path("<int:pk>/download/", ReportRunViewSet.as_view({"get": "download"}), name="report-run-download"),
]
