from django.urls import path

from grids import views

app_name = "grids"
urlpatterns = [
    path("", views.tree_index, name="tree"),
    path("households/", views.household_list, name="households"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:pk>/delete/", views.household_delete, name="household_delete"),
    path("<int:pk>/", views.node_detail, name="node"),
    path("<int:pk>/add/", views.node_add_child, name="add_child"),
    path("<int:pk>/edit/", views.node_edit, name="edit"),
    path("<int:pk>/households/add/", views.household_add, name="household_add"),
]
