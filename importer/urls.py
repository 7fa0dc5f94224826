"""The import pages, mounted at /admin/import/ (tracker/urls.py)."""

from django.contrib import admin
from django.urls import path

from importer import views

app_name = "importer"

urlpatterns = [
    path("", admin.site.admin_view(views.upload), name="upload"),
    path("confirm/", admin.site.admin_view(views.confirm), name="confirm"),
    path("plans/<int:pk>/", admin.site.admin_view(views.result), name="result"),
    path("plans/<int:pk>/publish/", admin.site.admin_view(views.publish), name="publish"),
]
