"""The volunteers' duties, through the notification layer (``notifications.registry``): a volunteer is reminded
the day before a shift they hold a place on; a community's secretaries and workers are reminded, once a week,
to confirm declared hours that have waited more than ``HOURS_WAIT_DAYS`` days.

Each reminder is raised once (``duty_notify`` keeps one per kind, target, period and stage), so the daily beat, a
retry or two runs at once remind once; a withdrawn claim is not reminded, and a community's reminder is marked
done once nothing waits there any more.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from grids.models import Node
from notifications import selectors as recipients
from notifications import services as notifications
from notifications.models import Reminder, Stage
from notifications.registry import DutyKind, register
from volunteers.models import Claim, ClaimStatus, RecordKind, RecordStatus, ServiceRecord

SHIFT_TOMORROW = register(
    DutyKind(
        "volunteers.shift_tomorrow",
        _("Shift tomorrow"),
        _("You hold a place on a vanguard post's shift tomorrow."),
        sms=True,
    )
)
HOURS_TO_CONFIRM = register(
    DutyKind(
        "volunteers.hours_to_confirm",
        _("Declared hours to confirm"),
        _("Hours declared in your community have waited more than a week for approval."),
    )
)
HOURS_WAIT_DAYS = 7
CONFIRMING_ROLES = (Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER)


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return start, start + datetime.timedelta(days=1)


def remind_shifts(*, on: datetime.date) -> int:
    """Reminds each volunteer holding an active claim on a shift that starts the day after ``on`` (their
    accounts' inboxes, and SMS where their channels say so). Returns how many reminders were raised now."""
    tomorrow = on + datetime.timedelta(days=1)
    start, end = _day_bounds(tomorrow)
    claims = list(
        Claim.objects.filter(status=ClaimStatus.ACTIVE, shift__starts_at__gte=start, shift__starts_at__lt=end)
        .select_related("shift__post")
        .order_by("pk")
    )
    accounts: dict[int, list[int]] = defaultdict(list)
    for user_id, person_id in (
        get_user_model()
        .objects.filter(person_id__in={c.person_id for c in claims}, is_active=True)
        .values_list("pk", "person_id")
    ):
        accounts[person_id].append(user_id)
    raised = 0
    for claim in claims:
        if not accounts.get(claim.person_id):
            continue
        shift, post = claim.shift, claim.shift.post
        starts = timezone.localtime(shift.starts_at)
        reminder = notifications.duty_notify(
            kind=SHIFT_TOMORROW.key,
            target=claim,
            period=tomorrow.isoformat(),
            stage=Stage.UPCOMING,
            days=1,
            due_on=tomorrow,
            recipients=accounts[claim.person_id],
            url=reverse("volunteers:post", args=[post.pk]),
            target_name=post.title,
            detail=f"{starts:%m-%d %H:%M} {post.place}",
        )
        raised += reminder is not None
    return raised


def remind_hours(*, on: datetime.date) -> int:
    """Reminds the secretaries and workers of each community where declared hours have waited more than
    ``HOURS_WAIT_DAYS`` days (once per community and ISO week), and marks done the reminders of communities
    where nothing waits any more. Returns how many reminders were raised now."""
    waiting = ServiceRecord.objects.filter(kind=RecordKind.DECLARED, status=RecordStatus.PENDING)
    cutoff, _end = _day_bounds(on - datetime.timedelta(days=HOURS_WAIT_DAYS))
    rows = (
        waiting.filter(created_at__lt=cutoff)
        .order_by()
        .values("community_id")
        .annotate(n=Count("pk"), oldest=Min("created_at"))
    )
    late = {row["community_id"]: row for row in rows}
    year, week, _day = on.isocalendar()
    period = f"{year}-W{week:02d}"
    url = reverse("volunteers:records") + "?kind=declared&status=pending"
    raised = 0
    for community in Node.objects.filter(pk__in=late).order_by("path"):
        row = late[community.pk]
        reminder = notifications.duty_notify(
            kind=HOURS_TO_CONFIRM.key,
            target=community,
            period=period,
            stage=Stage.OVERDUE,
            days=HOURS_WAIT_DAYS,
            due_on=timezone.localdate(row["oldest"]) + datetime.timedelta(days=HOURS_WAIT_DAYS),
            recipients=recipients.node_role_holders(node=community, roles=CONFIRMING_ROLES),
            url=url,
            target_name=community.name,
            detail=str(_("%(n)s entries of declared hours waiting") % {"n": row["n"]}),
        )
        raised += reminder is not None
    still = set(waiting.values_list("community_id", flat=True).distinct())
    open_reminders = Reminder.objects.filter(kind=HOURS_TO_CONFIRM.key, resolved_at__isnull=True)
    for community in Node.objects.filter(pk__in=open_reminders.values("target_id")).exclude(pk__in=still):
        notifications.duty_resolve(kind=HOURS_TO_CONFIRM.key, target=community)
    return raised
