"""Imports (mounted at /imports/, namespace imports)."""

from django.urls import path

from liaoyuan.core.imports import views

app_name = "imports"
urlpatterns = [
    path("<slug:key>/", views.upload, name="upload"),
    path("<slug:key>/template.xlsx", views.template, name="template"),
    path("run/<slug:token>/", views.run, name="run"),
    path("run/<slug:token>/confirm/", views.confirm, name="confirm"),
    path("run/<slug:token>/progress/", views.progress, name="progress"),
]
