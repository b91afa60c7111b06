"""Pages of the vanguard co-cultivation (mounted at /volunteers/, namespace volunteers)."""

from django.urls import path

from volunteers.views import emergency, mine, posts, reports, service

app_name = "volunteers"
urlpatterns = [
    # posts, shifts and claims
    path("", posts.post_list, name="posts"),
    path("posts/new/", posts.post_create, name="post_create"),
    path("posts/<int:pk>/", posts.post_detail, name="post"),
    path("posts/<int:pk>/shifts/", posts.shifts_add, name="shifts_add"),
    path("posts/<int:pk>/close/", posts.post_close, name="post_close"),
    path("shifts/<int:pk>/claim/", posts.shift_claim, name="shift_claim"),
    path("shifts/<int:pk>/code/", service.shift_code, name="shift_code"),
    path("shifts/<int:pk>/hours/", service.shift_hours, name="shift_hours"),
    path("claims/", posts.claim_list, name="claims"),
    path("claims/<int:pk>/withdraw/", posts.claim_withdraw, name="claim_withdraw"),
    # service at the post, hours
    path("check-in/", service.check_in, name="check_in"),
    path("hours/", service.record_list, name="records"),
    path("hours/<int:pk>/decide/", service.record_decide, name="record_decide"),
    # dual reporting and the roster
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_create, name="report_create"),
    path("reports/<int:pk>/decide/", reports.report_decide, name="report_decide"),
    path("members/", reports.roster, name="roster"),
    path("members/export.<slug:fmt>", reports.roster_export, name="roster_export"),
    # a volunteer's own page, certificates, verification
    path("me/", mine.me, name="me"),
    path("me/records.csv", mine.my_records_export, name="my_records"),
    path("me/certificates/", mine.certificate_create, name="certificate_create"),
    path("me/certificates/<str:code>.pdf", mine.certificate_download, name="certificate"),
    path("verify/", mine.verify, name="verify"),
    path("verify/<str:code>/", mine.verified, name="verified"),
    # emergency mobilisation
    path("emergency/", emergency.emergency, name="emergency"),
]
