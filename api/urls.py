"""REST API v1 (mounted at /api/v1/). The docs: /api/docs/ (schema at /api/schema/)."""

from typing import Any

from django.urls import include, path
from rest_framework.routers import APIRootView, DefaultRouter

from api import views
from api.errors import exception_handler


class ApiRootView(APIRootView):
    """The list of resources at /api/v1/, answering errors in the API's shape too."""

    def get_exception_handler(self) -> Any:
        return exception_handler


class Router(DefaultRouter):
    APIRootView = ApiRootView


router = Router()
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
