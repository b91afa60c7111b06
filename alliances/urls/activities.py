"""Pages for activities, "four ones", calendar feeds and exports (mounted at /alliances/, namespace alliances)."""

from django.urls import path

from alliances.views import activities, calendar, exports, four_ones

urlpatterns = [
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/photos/", activities.activity_photo_add, name="activity_photo_add"),
    path("activities/<int:pk>/photos/<int:photo_pk>/", activities.activity_photo, name="activity_photo"),
    path(
        "activities/<int:pk>/photos/<int:photo_pk>/delete/",
        activities.activity_photo_delete,
        name="activity_photo_delete",
    ),
    path("four-ones/", four_ones.four_ones, name="four_ones"),
    path("calendar/links/new/", calendar.link_create, name="calendar_link_create"),
    path("calendar/links/<int:pk>/delete/", calendar.link_revoke, name="calendar_link_revoke"),
    path("exports/", exports.export_index, name="exports"),
    path("exports/<slug:dataset>.<slug:fmt>", exports.export_download, name="export"),
]
