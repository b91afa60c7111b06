"""Pages of the wishes app: public (no sign-in) and staff."""

from django.urls import path

from wishes.views import public, staff

app_name = "wishes"
urlpatterns = [
    # public, phone first
    path("", public.start, name="start"),
    path("c/<int:pk>/", public.community, name="community"),
    path("c/<int:pk>/new/", public.submit, name="submit"),
    path("track/", public.track, name="track"),
    path("track/<str:code>/", public.tracked, name="tracked"),
    path("track/<str:code>/rate/", public.rate, name="rate"),
    path("track/<str:code>/reopen/", public.reopen, name="reopen"),
    path("mine/", public.mine, name="mine"),
    # staff
    path("staff/", staff.wish_list, name="list"),
    path("staff/new/", staff.wish_create, name="create"),
    path("staff/claim/", staff.claimable, name="claimable"),
    path("staff/<int:pk>/", staff.wish_detail, name="detail"),
    path("staff/<int:pk>/contact/", staff.wish_contact, name="contact"),
    path("staff/<int:pk>/photo/", staff.wish_photo, name="photo"),
    path("staff/<int:pk>/events/<int:event_pk>/photo/", staff.event_photo, name="event_photo"),
    path("staff/<int:pk>/accept/", staff.wish_accept, name="accept"),
    path("staff/<int:pk>/decline/", staff.wish_decline, name="decline"),
    path("staff/<int:pk>/merge/", staff.wish_merge, name="merge"),
    path("staff/<int:pk>/dispatch/", staff.wish_dispatch, name="dispatch"),
    path("staff/<int:pk>/claim/", staff.wish_claim, name="claim"),
    path("staff/<int:pk>/progress/", staff.wish_progress, name="progress"),
    path("staff/<int:pk>/complete/", staff.wish_complete, name="complete"),
    path("replies/", staff.replies, name="replies"),
    path("menu/", staff.menu_list, name="menu"),
    path("menu/new/", staff.item_create, name="item_create"),
    path("menu/<int:pk>/", staff.item_detail, name="item"),
    path("menu/<int:pk>/edit/", staff.item_edit, name="item_edit"),
    path("menu/<int:pk>/questions/", staff.question_add, name="question_add"),
]
