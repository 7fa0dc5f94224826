from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from tracker.files import stored_file
from tracker.health import healthz
from tracker.views import not_found

admin.site.site_header = admin.site.site_title = _("Plan implementation monitoring")
admin.site.index_title = _("Plans, indicators and projects")
# The start page and the breadcrumbs lead everywhere; the model sidebar took a fifth of a laptop's
# width and pushed the entry and review tables past the screen edge.
admin.site.enable_nav_sidebar = False

handler404 = not_found

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/import/", include("importer.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    # MEDIA_URL: every stored file through the scope check, with DEBUG on or off.
    path("files/<path:name>", stored_file, name="stored-file"),
]
