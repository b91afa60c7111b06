"""Background exports (mounted at /exports/, namespace exports)."""

from django.urls import path

from exports import views

app_name = "exports"
urlpatterns = [
    path("<int:pk>/", views.job_page, name="job"),
    path("<int:pk>/progress/", views.job_progress, name="progress"),
    path("<int:pk>/file/", views.job_file, name="file"),
]
