"""Reads of joint meetings, already scoped to the user; "minutes overdue" is computed here."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import scopes
from alliances.models import Attendance, Decision, JointMeeting, Membership, TrackedProblem

# A meeting that took place without minutes shows as "minutes overdue" after these many days, and
# escalates at the second.
MINUTES_OVERDUE_DAYS = (3, 7)


def annotate_minutes_overdue(qs: QuerySet[JointMeeting], *, now: datetime.datetime) -> QuerySet[JointMeeting]:
    """Returns ``qs`` with ``minutes_overdue_days``: 7 or 3 when a meeting that took place (scheduled or
    held, begun at least that many days ago) still has no minutes, else 0."""
    no_minutes = Q(
        status__in=[JointMeeting.Status.SCHEDULED, JointMeeting.Status.HELD], minutes_recorded_at__isnull=True
    )
    whens = [
        When(no_minutes & Q(starts_at__lte=now - datetime.timedelta(days=days)), then=Value(days))
        for days in sorted(MINUTES_OVERDUE_DAYS, reverse=True)
    ]
    return qs.annotate(minutes_overdue_days=Case(*whens, default=Value(0), output_field=IntegerField()))


def minutes_overdue_days(meeting: JointMeeting, *, now: datetime.datetime) -> int:
    """Returns for one meeting what ``annotate_minutes_overdue`` computes in the database."""
    if meeting.status not in (JointMeeting.Status.SCHEDULED, JointMeeting.Status.HELD) or meeting.minutes_recorded_at:
        return 0
    return next(
        (
            d
            for d in sorted(MINUTES_OVERDUE_DAYS, reverse=True)
            if meeting.starts_at <= now - datetime.timedelta(days=d)
        ),
        0,
    )


def meeting_list(*, user) -> QuerySet[JointMeeting]:
    """Returns the meetings the user may see, latest first, with alliance, host and term joined and
    ``minutes_overdue_days`` computed."""
    qs = scopes.visible(user, JointMeeting.objects.select_related("alliance__node", "host_unit", "term"))
    return annotate_minutes_overdue(qs, now=timezone.now()).order_by("-starts_at", "-pk")


def minutes_overdue(*, user) -> QuerySet[JointMeeting]:
    """Returns the meetings whose minutes are overdue and which the user must write up (as secretary or
    as host), the longest overdue first."""
    qs = scopes.editable(user, JointMeeting.objects.select_related("alliance", "host_unit"))
    return annotate_minutes_overdue(qs, now=timezone.now()).filter(minutes_overdue_days__gt=0).order_by("starts_at")


def drafts_to_confirm(*, user) -> QuerySet[JointMeeting]:
    """Returns the draft meetings the user may confirm (as secretary or as host), soonest first."""
    qs = scopes.editable(user, JointMeeting.objects.filter(status=JointMeeting.Status.DRAFT))
    return qs.select_related("alliance", "host_unit").order_by("starts_at")


@dataclass
class MeetingPage:
    meeting: JointMeeting
    agenda: list
    attendance: list[Attendance]
    decisions: list[Decision]
    can_change: bool
    can_record: bool
    present: int
    absent: int


def meeting_page(*, user, meeting: JointMeeting) -> MeetingPage:
    """Returns what the meeting page shows: agenda, attendance, decisions with the problem each became (``tracked``,
    and ``visible_problems`` when the user may see it), and what the user may do. A fixed number of queries."""
    meeting = meeting_list(user=user).get(pk=meeting.pk)
    problems = scopes.visible(
        user, TrackedProblem.objects.select_related("responsible_unit", "responsible_organisation").order_by("pk")
    )
    decisions = list(
        meeting.decisions.annotate(
            tracked=Exists(TrackedProblem.objects.filter(decision=OuterRef("pk")))
        ).prefetch_related(Prefetch("problems", queryset=problems, to_attr="visible_problems"))
    )
    attendance = list(meeting.attendance.select_related("unit").order_by("unit__name", "attendee"))
    can_change = scopes.can_change(user, meeting)
    return MeetingPage(
        meeting=meeting,
        agenda=list(meeting.agenda_items.all()),
        attendance=attendance,
        decisions=decisions,
        can_change=can_change,
        can_record=can_change
        and meeting.status in (JointMeeting.Status.SCHEDULED, JointMeeting.Status.HELD)
        and meeting.starts_at <= timezone.now(),
        present=sum(1 for a in attendance if a.status == Attendance.Status.PRESENT),
        absent=sum(1 for a in attendance if a.status == Attendance.Status.ABSENT),
    )


def attendance_initial(meeting: JointMeeting) -> list[dict]:
    """Returns the lines the attendance form starts with: the recorded attendance (the party organisation first),
    or else one line for the party organisation and one for the committee member of each unit that is a member
    on the meeting's day. Each line is a dict of the form's fields (``unit``: the unit's id as text, empty for
    the party organisation)."""
    existing = list(meeting.attendance.order_by(F("unit__name").asc(nulls_first=True), "attendee"))
    if existing:
        return [
            {
                "unit": str(a.unit_id or ""),
                "attendee": a.attendee,
                "status": a.status,
                "absence_reason": a.absence_reason,
            }
            for a in existing
        ]
    day = timezone.localtime(meeting.starts_at).date()
    memberships = (
        Membership.objects.filter(alliance_id=meeting.alliance_id).on(day).select_related("unit").order_by("unit__name")
    )
    present = Attendance.Status.PRESENT
    return [{"unit": "", "attendee": "", "status": present}] + [
        {"unit": str(m.unit_id), "attendee": m.committee_member, "status": present} for m in memberships
    ]
