"""Pages of the old compounds (mounted at /sharing/compounds/, namespace compounds)."""

from django.urls import path

from compounds import views

app_name = "compounds"
urlpatterns = [
    path("", views.compound_list, name="list"),
    path("export.<slug:fmt>", views.compound_export, name="export"),
    path("new/", views.compound_add, name="add"),
    path("<int:pk>/", views.compound_detail, name="detail"),
    path("<int:pk>/edit/", views.compound_edit, name="edit"),
    path("<int:pk>/property/", views.property_update, name="property"),
    path("packages/<int:pk>/", views.package_update, name="package"),
]
