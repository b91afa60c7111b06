from django.urls import path

from organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("export.<slug:fmt>", views.organisation_export, name="export"),
    path("members/export.<slug:fmt>", views.members_export, name="members_export"),
    path("new/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/members/add/", views.membership_add, name="member_add"),
    path("members/<int:pk>/end/", views.membership_end, name="member_end"),
    path("people/<int:pk>/", views.person_relation, name="person"),
]
