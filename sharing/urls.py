"""Pages of resource sharing (mounted at /sharing/, namespace sharing)."""

from django.urls import path

from sharing import views

app_name = "sharing"
urlpatterns = [
    path("", views.venue_list, name="venues"),
    path("venues/<int:pk>/", views.venue_detail, name="venue"),
    path("venues/<int:pk>/book/", views.venue_book, name="venue_book"),
    path("venues/<int:pk>/open-days/", views.open_day_add, name="open_day_add"),
    path("bookings/", views.booking_list, name="bookings"),
    path("bookings/<int:pk>/decide/", views.booking_decide, name="booking_decide"),
    path("bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
]
