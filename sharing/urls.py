"""Pages of resource sharing (mounted at /sharing/, namespace sharing)."""

from django.urls import path

from sharing.views import classes, jobs, venues

app_name = "sharing"
urlpatterns = [
    path("", venues.venue_list, name="venues"),
    path("export.<slug:fmt>", venues.venue_export, name="venues_export"),
    path("venues/<int:pk>/", venues.venue_detail, name="venue"),
    path("venues/<int:pk>/book/", venues.venue_book, name="venue_book"),
    path("venues/<int:pk>/open-days/", venues.open_day_add, name="open_day_add"),
    path("bookings/", venues.booking_list, name="bookings"),
    path("bookings/export.<slug:fmt>", venues.booking_export, name="bookings_export"),
    path("bookings/<int:pk>/decide/", venues.booking_decide, name="booking_decide"),
    path("bookings/<int:pk>/cancel/", venues.booking_cancel, name="booking_cancel"),
    path("jobs/", jobs.posting_list, name="jobs"),
    path("jobs/export.<slug:fmt>", jobs.posting_export, name="jobs_export"),
    path("jobs/new/", jobs.posting_add, name="job_add"),
    path("jobs/<int:pk>/", jobs.posting_detail, name="job"),
    path("jobs/<int:pk>/edit/", jobs.posting_edit, name="job_edit"),
    path("jobs/<int:pk>/refer/", jobs.posting_refer, name="job_refer"),
    path("referrals/", jobs.referral_list, name="referrals"),
    path("referrals/export.<slug:fmt>", jobs.referral_export, name="referrals_export"),
    path("referrals/<int:pk>/outcome/", jobs.referral_outcome, name="referral_outcome"),
    path("trainings/", jobs.training_list, name="trainings"),
    path("trainings/export.<slug:fmt>", jobs.training_export, name="trainings_export"),
    path("trainings/new/", jobs.training_add, name="training_add"),
    path("trainings/<int:pk>/", jobs.training_detail, name="training"),
    path("trainings/<int:pk>/edit/", jobs.training_edit, name="training_edit"),
    path("trainings/<int:pk>/attendance/", jobs.training_attendance, name="training_attendance"),
    path("class/", classes.class_page, name="class"),
    path("class/check-in/", classes.class_check_in, name="class_check_in"),
    path("class/record/", classes.class_record, name="class_record"),
    path("class/export.<slug:fmt>", classes.check_in_export, name="class_export"),
    path("figures/", classes.figures_page, name="figures"),
]
