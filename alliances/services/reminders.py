"""Reminders of the alliances' duties, through the notification layer: each duty is checked on a day (the day
the schedule fired) and reminded, then escalated, once per stage.

- minutes: a meeting that took place without minutes is reminded to whoever writes them up (the host unit,
  or the alliance's secretaries) 3 days after, and escalated 7 days after (to the alliance's secretaries
  when a unit hosted, else to the level above);
- problems: the day after its deadline, to whoever is responsible — the unit's admins; for the street's or
  community's party organisation, its secretary and the alliance's secretaries; for a department that is not
  a member, the alliance's secretaries, who follow it up — and a week later escalated: to the alliance's
  secretaries when a unit is responsible, else to the level above (a new deadline is a new duty);
- drafts: a week before a draft meeting, to the chair; the day after its start, still a draft, escalated;
- terms: a week before a unit's chair term begins, to that unit.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import Role, User
from alliances.duties import DRAFT_UNCONFIRMED, MINUTES_OVERDUE, PROBLEM_OVERDUE, TERM_TO_CHAIR
from alliances.models import Alliance, JointMeeting, TrackedProblem
from alliances.selectors.meetings import MINUTES_OVERDUE_DAYS
from alliances.selectors.problems import OPEN_STATUSES
from alliances.services import rotation
from grids.models import Node
from notifications import selectors as notification_selectors
from notifications import services as notifications
from notifications.models import Stage

DAY = datetime.timedelta(days=1)
GRACE_DAYS = 7  # a missed run is made up within a week
PROBLEM_ESCALATE_DAYS = 7
DRAFT_LEAD_DAYS = 7
TERM_LEAD_DAYS = 7
MINUTES_DAYS, MINUTES_ESCALATE_DAYS = MINUTES_OVERDUE_DAYS


def _secretaries(node: Node) -> list[int]:
    """The alliance's own secretaries and staff (of its street or community)."""
    if node.kind == Node.Kind.COMMUNITY:
        roles = [Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER]
    else:
        roles = [Role.STREET_SECRETARY, Role.STREET_STAFF]
    return notification_selectors.node_role_holders(node=node, roles=roles)


def _level_above(node: Node) -> list[int]:
    """The secretaries of the level above the alliance: the street for a community, the district for a street."""
    role = Role.STREET_SECRETARY if node.kind == Node.Kind.COMMUNITY else Role.DISTRICT_OFFICE
    return notification_selectors.node_role_holders(node=node, roles=[role])


def _hosts(meeting: JointMeeting) -> list[int]:
    if meeting.host_unit_id:
        return notification_selectors.unit_admins(unit_ids=[meeting.host_unit_id])
    return _secretaries(meeting.alliance.node)


def meeting_remind(*, meeting_id: int, on: datetime.date) -> int:
    """Reminds the duties of one meeting due on ``on`` (minutes overdue, draft to confirm). Returns how many
    reminders were raised (0 when the duty is done, or raised already)."""
    meeting = JointMeeting.objects.select_related("alliance__node").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    starts_on = timezone.localtime(meeting.starts_at).date()
    common = {
        "target": meeting,
        "target_name": meeting.alliance.name,
        "detail": meeting.title,
        "url": meeting.get_absolute_url(),
    }
    raised = 0
    if (
        meeting.status in (JointMeeting.Status.SCHEDULED, JointMeeting.Status.HELD)
        and meeting.minutes_recorded_at is None
    ):
        late = (on - starts_on).days
        if MINUTES_ESCALATE_DAYS <= late <= MINUTES_ESCALATE_DAYS + GRACE_DAYS:
            recipients = (
                _secretaries(meeting.alliance.node) if meeting.host_unit_id else _level_above(meeting.alliance.node)
            )
            raised += _notify(
                MINUTES_OVERDUE.key, Stage.ESCALATION, MINUTES_ESCALATE_DAYS, recipients, starts_on, common
            )
        if MINUTES_DAYS <= late <= MINUTES_ESCALATE_DAYS + GRACE_DAYS:
            raised += _notify(MINUTES_OVERDUE.key, Stage.OVERDUE, MINUTES_DAYS, _hosts(meeting), starts_on, common)
    elif meeting.status == JointMeeting.Status.DRAFT:
        ahead = (starts_on - on).days
        if -GRACE_DAYS <= ahead < 0:
            raised += _notify(
                DRAFT_UNCONFIRMED.key, Stage.ESCALATION, 1, _secretaries(meeting.alliance.node), starts_on, common
            )
        if ahead <= DRAFT_LEAD_DAYS and ahead >= -GRACE_DAYS:
            raised += _notify(
                DRAFT_UNCONFIRMED.key, Stage.UPCOMING, DRAFT_LEAD_DAYS, _hosts(meeting), starts_on, common
            )
    return raised


def _notify(kind: str, stage: str, days: int, recipients: list[int], due_on: datetime.date, common: dict) -> int:
    return (
        notifications.duty_notify(kind=kind, stage=stage, days=days, recipients=recipients, due_on=due_on, **common)
        is not None
    )


def problem_remind(*, problem_id: int, on: datetime.date) -> int:
    """Reminds a problem past its deadline on ``on`` (whoever is responsible, see the module's docstring), and
    escalates it a week later. Returns how many reminders were raised."""
    problem = (
        TrackedProblem.objects.select_related("alliance__node", "responsible_organisation")
        .filter(pk=problem_id)
        .first()
    )
    if problem is None or problem.status not in OPEN_STATUSES or problem.deadline >= on:
        return 0
    late = (on - problem.deadline).days
    if late > PROBLEM_ESCALATE_DAYS + GRACE_DAYS:
        return 0
    common = {
        "target": problem,
        "target_name": problem.alliance.name,
        "detail": problem.title,
        "url": problem.get_absolute_url(),
        "period": problem.deadline.isoformat(),
    }
    node = problem.alliance.node
    if problem.responsible_unit_id:
        responsible = notification_selectors.unit_admins(unit_ids=[problem.responsible_unit_id])
        above = _secretaries(node)
    else:
        responsible = _secretaries(node)
        if problem.responsible_organisation_id:  # the organisation's own secretary, when they have an account
            secretary = problem.responsible_organisation.secretary_id
            responsible += [u for u in _accounts_of(secretary) if u not in responsible]
        above = _level_above(node)
    raised = 0
    if late >= PROBLEM_ESCALATE_DAYS:
        raised += _notify(PROBLEM_OVERDUE.key, Stage.ESCALATION, PROBLEM_ESCALATE_DAYS, above, problem.deadline, common)
    raised += _notify(PROBLEM_OVERDUE.key, Stage.OVERDUE, 1, responsible, problem.deadline, common)
    return raised


def _accounts_of(person_id: int | None) -> list[int]:
    """The active accounts of a person (none for ``None``)."""
    if person_id is None:
        return []
    return list(User.objects.filter(person_id=person_id, is_active=True).order_by("pk").values_list("pk", flat=True))


def term_remind(*, alliance_id: int, on: datetime.date) -> int:
    """Tells a unit a week ahead that it chairs the alliance from the term starting then. Returns how many
    reminders were raised."""
    alliance = Alliance.objects.select_related("node").filter(pk=alliance_id).first()
    if alliance is None:
        return 0
    until = on + TERM_LEAD_DAYS * DAY
    if until > rotation.horizon():
        return 0
    terms = rotation.project_terms(
        alliance,
        stored=list(alliance.chair_terms.order_by("starts_on")),
        memberships=list(alliance.memberships.order_by("joined_on", "pk")),
        until=until,
    )
    raised = 0
    for term in terms:
        if term.chair_unit_id and on < term.starts_on <= until:
            raised += _notify(
                TERM_TO_CHAIR.key,
                Stage.UPCOMING,
                TERM_LEAD_DAYS,
                notification_selectors.unit_admins(unit_ids=[term.chair_unit_id]),
                term.starts_on,
                {
                    "target": alliance,
                    "target_name": alliance.name,
                    "detail": f"{term.starts_on.isoformat()} – {term.ends_on.isoformat()}",
                    "url": alliance.get_absolute_url(),
                    "period": term.starts_on.isoformat(),
                },
            )
    return raised


def candidates(*, on: datetime.date) -> dict[str, list[int]]:
    """Returns the IDs of the meetings, problems and alliances that may have a duty to remind on ``on``
    (bounded by dates, so the work stays small whatever the history)."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(on - (MINUTES_ESCALATE_DAYS + GRACE_DAYS) * DAY, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(on + (DRAFT_LEAD_DAYS + 1) * DAY, datetime.time.min, tzinfo=tz)
    no_minutes = JointMeeting.objects.filter(
        status__in=[JointMeeting.Status.SCHEDULED, JointMeeting.Status.HELD],
        minutes_recorded_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=datetime.datetime.combine(on - (MINUTES_DAYS - 1) * DAY, datetime.time.min, tzinfo=tz),
    )
    drafts = JointMeeting.objects.filter(status=JointMeeting.Status.DRAFT, starts_at__gte=start, starts_at__lt=end)
    problems = TrackedProblem.objects.filter(
        status__in=OPEN_STATUSES,
        deadline__lt=on,
        deadline__gte=on - (PROBLEM_ESCALATE_DAYS + GRACE_DAYS) * DAY,
    )
    return {
        "meetings": sorted({*no_minutes.values_list("pk", flat=True), *drafts.values_list("pk", flat=True)}),
        "problems": list(problems.order_by("pk").values_list("pk", flat=True)),
        "alliances": list(
            Alliance.objects.filter(rotation_starts_on__lte=on + TERM_LEAD_DAYS * DAY)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
    }
