"""Pages of the alliance structure, rotation, meetings and problems (mounted at /alliances/, namespace alliances)."""

from django.urls import path

from alliances.views import alliances, meetings, problems

urlpatterns = [
    path("", alliances.alliance_list, name="list"),
    path("new/", alliances.alliance_create, name="create"),
    path("<int:pk>/", alliances.alliance_detail, name="detail"),
    path("<int:pk>/edit/", alliances.alliance_edit, name="edit"),
    path("<int:pk>/rules-file/", alliances.rules_file, name="rules_file"),
    path("<int:pk>/members/join/", alliances.member_join, name="member_join"),
    path("members/<int:pk>/edit/", alliances.member_edit, name="member_edit"),
    path("members/<int:pk>/leave/", alliances.member_leave, name="member_leave"),
    path("<int:pk>/committees/new/", alliances.committee_create, name="committee_create"),
    path("committees/<int:pk>/edit/", alliances.committee_edit, name="committee_edit"),
    path("committees/<int:pk>/delete/", alliances.committee_delete, name="committee_delete"),
    path("<int:pk>/terms/", alliances.alliance_terms, name="terms"),
    path("<int:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("<int:pk>/problems/new/", problems.problem_create, name="problem_create"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/confirm/", meetings.meeting_confirm, name="meeting_confirm"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/minutes/", meetings.meeting_minutes, name="meeting_minutes"),
    path("problems/", problems.problem_list, name="problems"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem"),
    path("problems/<int:pk>/edit/", problems.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/progress/", problems.problem_progress, name="problem_progress"),
    path("inbox/", problems.inbox, name="inbox"),
]
