"""The alliances' exports: joint meetings, attendance, tracked problems and activities, registered with the
export engine (``liaoyuan.core.exports``). Each dataset says which rows the user may export (scoped through
``accounts.scopes``, joined so that the export runs one query however many rows), its columns and the
FilterSet the list pages use.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from alliances.activity_filters import ActivityFilter, AttendanceFilter
from alliances.filters import MeetingFilter, ProblemFilter
from alliances.models import (
    PARTY_ORGANISATION,
    Activity,
    ActivityHousehold,
    ActivityParticipant,
    ActivityPhoto,
    Attendance,
    Decision,
    JointMeeting,
    TrackedProblem,
)
from alliances.selectors.activities import activity_list
from alliances.selectors.meetings import meeting_list
from alliances.selectors.problems import problem_list
from liaoyuan.core.exports import Column, Dataset, register
from liaoyuan.core.queries import count_of


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _party_org() -> str:
    return str(PARTY_ORGANISATION)


def meetings_for_export(*, user) -> QuerySet[JointMeeting]:
    """Returns the meetings of the meeting list (scoped, ``minutes_overdue_days`` computed) by date, with
    the number of present and absent attendees and of decisions annotated."""
    return (
        meeting_list(user=user)
        .annotate(
            present=count_of(Attendance.objects.filter(status=Attendance.Status.PRESENT), "meeting"),
            absent=count_of(Attendance.objects.filter(status=Attendance.Status.ABSENT), "meeting"),
            decision_count=count_of(Decision.objects.all(), "meeting"),
        )
        .order_by("starts_at", "pk")
    )


def activities_for_export(*, user) -> QuerySet[Activity]:
    """Returns the activities of the activity list with the number of units, named participants, visited
    households on record and photos annotated."""
    return activity_list(user=user).annotate(
        unit_count=count_of(Activity.units.through.objects.all(), "activity"),
        named_count=count_of(ActivityParticipant.objects.all(), "activity"),
        household_count=count_of(ActivityHousehold.objects.all(), "activity"),
        photo_count=count_of(ActivityPhoto.objects.all(), "activity"),
    )


def attendance_for_export(*, user) -> QuerySet[Attendance]:
    """Returns the attendance rows the user may see, by meeting date, with meeting, alliance and unit joined."""
    return (
        scopes.visible(user, Attendance.objects.all())
        .select_related("meeting", "meeting__alliance", "meeting__alliance__node", "unit")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )


def problems_for_export(*, user) -> QuerySet[TrackedProblem]:
    """Returns the problems of the problem list (scoped, ``is_overdue`` computed) by deadline."""
    return problem_list(user=user).order_by("deadline", "pk")


DATASETS: dict[str, Dataset] = {  # registered below, in this order
    "meetings": Dataset(
        key="meetings",
        title=gettext_lazy("Joint meetings"),
        queryset=meetings_for_export,
        filterset_class=MeetingFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda m: m.pk),
            Column(gettext_lazy("Alliance"), 36, lambda m: m.alliance.name),
            Column(gettext_lazy("Street or community"), 16, lambda m: m.alliance.node.name),
            Column(gettext_lazy("Title"), 36, lambda m: m.title),
            Column(gettext_lazy("Starts at"), 17, lambda m: m.starts_at),
            Column(gettext_lazy("Ends at"), 17, lambda m: m.ends_at),
            Column(gettext_lazy("Place"), 24, lambda m: m.place),
            Column(gettext_lazy("Host"), 30, lambda m: m.host_unit.name if m.host_unit else _party_org()),
            Column(gettext_lazy("Status"), 12, lambda m: m.get_status_display()),
            Column(gettext_lazy("Present"), 8, lambda m: m.present),
            Column(gettext_lazy("Absent"), 8, lambda m: m.absent),
            Column(gettext_lazy("Decisions"), 8, lambda m: m.decision_count),
            Column(gettext_lazy("Minutes recorded at"), 17, lambda m: m.minutes_recorded_at),
            Column(gettext_lazy("Minutes overdue"), 8, lambda m: _yes_no(m.minutes_overdue_days > 0)),
            Column(gettext_lazy("Minutes"), 60, lambda m: m.minutes),
        ),
    ),
    "attendance": Dataset(
        key="attendance",
        title=gettext_lazy("Attendance"),
        queryset=attendance_for_export,
        filterset_class=AttendanceFilter,
        columns=(
            Column(gettext_lazy("Meeting ID"), 10, lambda a: a.meeting_id),
            Column(gettext_lazy("Alliance"), 36, lambda a: a.meeting.alliance.name),
            Column(gettext_lazy("Meeting"), 36, lambda a: a.meeting.title),
            Column(gettext_lazy("Date"), 12, lambda a: timezone.localdate(a.meeting.starts_at)),
            Column(gettext_lazy("Unit"), 30, lambda a: a.unit.name if a.unit else _party_org()),
            Column(gettext_lazy("Attendee"), 12, lambda a: a.attendee),
            Column(gettext_lazy("Attendance"), 10, lambda a: a.get_status_display()),
            Column(gettext_lazy("Reason for absence"), 30, lambda a: a.absence_reason),
        ),
    ),
    "problems": Dataset(
        key="problems",
        title=gettext_lazy("Tracked problems"),
        queryset=problems_for_export,
        filterset_class=ProblemFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda p: p.pk),
            Column(gettext_lazy("Alliance"), 36, lambda p: p.alliance.name),
            Column(gettext_lazy("Street or community"), 16, lambda p: p.alliance.node.name),
            Column(gettext_lazy("Problem"), 40, lambda p: p.title),
            Column(gettext_lazy("Category"), 16, lambda p: p.get_category_display()),
            Column(gettext_lazy("Responsible"), 30, lambda p: p.responsible_name),
            Column(
                gettext_lazy("Decided at meeting on"),
                14,
                lambda p: timezone.localdate(p.decision.meeting.starts_at) if p.decision_id else None,
            ),
            Column(gettext_lazy("Deadline"), 12, lambda p: p.deadline),
            Column(gettext_lazy("Status"), 12, lambda p: p.get_status_display()),
            Column(gettext_lazy("Overdue"), 8, lambda p: _yes_no(p.is_overdue)),
            Column(gettext_lazy("Closed on"), 12, lambda p: p.closed_on),
            Column(gettext_lazy("Resolution"), 50, lambda p: p.resolution),
        ),
    ),
    "activities": Dataset(
        key="activities",
        title=gettext_lazy("Activities"),
        queryset=activities_for_export,
        filterset_class=ActivityFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda a: a.pk),
            Column(gettext_lazy("Alliance or party organisation"), 36, lambda a: a.runner_name),
            Column(gettext_lazy("Held at"), 16, lambda a: a.node.name),
            Column(gettext_lazy("Kind"), 18, lambda a: a.get_kind_display()),
            Column(gettext_lazy("Title"), 36, lambda a: a.title),
            Column(gettext_lazy("Starts at"), 17, lambda a: a.starts_at),
            Column(gettext_lazy("Place"), 24, lambda a: a.place),
            Column(
                gettext_lazy("Organiser"), 30, lambda a: a.organiser_unit.name if a.organiser_unit else _party_org()
            ),
            Column(gettext_lazy("Units"), 8, lambda a: a.unit_count),
            Column(gettext_lazy("Participants named"), 10, lambda a: a.named_count),
            Column(gettext_lazy("Participants not named"), 10, lambda a: a.unnamed_participants),
            Column(gettext_lazy("Person-times"), 10, lambda a: a.named_count + a.unnamed_participants),
            Column(gettext_lazy("Households visited"), 10, lambda a: a.household_count + a.unnamed_households),
            Column(gettext_lazy("Photos"), 8, lambda a: a.photo_count),
        ),
    ),
}

for _dataset in DATASETS.values():
    register(_dataset)
