"""REST API v1 (mounted at /api/v1/). The docs: /api/docs/ (schema at /api/schema/)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import supervision, views
from api.families import CommonIndicatorViewSet, PlanFamilyViewSet

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("progress", views.ProgressEntryViewSet, basename="progress")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("projects", views.KeyProjectViewSet, basename="project")
router.register("project-progress", views.ProjectProgressViewSet, basename="project-progress")
router.register("units", views.UnitViewSet, basename="unit")
router.register("jurisdictions", views.JurisdictionViewSet, basename="jurisdiction")
router.register("common-indicators", CommonIndicatorViewSet, basename="common-indicator")
router.register("plan-families", PlanFamilyViewSet, basename="plan-family")
router.register("task-feedback", supervision.TaskFeedbackViewSet, basename="task-feedback")
router.register("task-attachments", supervision.TaskAttachmentViewSet, basename="task-attachment")
router.register("task-contributions", supervision.TaskContributionViewSet, basename="task-contribution")
router.register("milestones", supervision.MilestoneViewSet, basename="milestone")
router.register("supervision-issues", supervision.SupervisionIssueViewSet, basename="supervision-issue")
router.register("task-supervision", supervision.TaskSupervisionViewSet, basename="task-supervision")
router.register("warnings", supervision.WarningViewSet, basename="warning")

urlpatterns = [
    path("reports/", include("reports.urls")),
    path("", include(router.urls)),
]
