"""REST API v1 (mounted at /api/v1/). The docs: /api/docs/ (schema at /api/schema/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("progress", views.ProgressEntryViewSet, basename="progress")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("projects", views.KeyProjectViewSet, basename="project")
router.register("project-progress", views.ProjectProgressViewSet, basename="project-progress")
router.register("units", views.UnitViewSet, basename="unit")
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")

urlpatterns = [
    path("reports/", include("reports.urls")),
    path("", include(router.urls)),
]
