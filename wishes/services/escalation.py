"""Wishes past their promised date, escalated through the notification layer: the day after the promised date
to the community secretary, and ``STREET_AFTER_DAYS`` later to the street secretary. Each stage is raised once
per promised date (``duty_notify`` is idempotent), so the daily beat, a retry or a second run remind once; a
new promised date (the wish dispatched again) is a new duty."""

import datetime

from accounts.models import Role
from notifications import selectors as recipients
from notifications import services as notifications
from notifications.models import Stage
from wishes.duties import WISH_OVERDUE
from wishes.models import WORKING_STATUSES, Wish

STREET_AFTER_DAYS = 3


def overdue_ids(*, on: datetime.date) -> list[int]:
    """Returns the IDs of the wishes being served whose promised date is before ``on``."""
    return list(
        Wish.objects.filter(status__in=sorted(WORKING_STATUSES), promised_on__lt=on)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def wish_escalate(*, wish_id: int, on: datetime.date) -> int:
    """Raises the stages of one overdue wish that are due on ``on``. Returns how many were raised now."""
    wish = Wish.objects.select_related("community").filter(pk=wish_id).first()
    if wish is None or wish.status not in WORKING_STATUSES or not wish.promised_on or wish.promised_on >= on:
        return 0
    late = (on - wish.promised_on).days
    common = {
        "kind": WISH_OVERDUE.key,
        "target": wish,
        "period": wish.promised_on.isoformat(),
        "due_on": wish.promised_on,
        "url": wish.get_absolute_url(),
        "target_name": wish.community.name,
        "detail": wish.title,
    }
    raised = 0
    secretaries = recipients.node_role_holders(node=wish.community, roles=[Role.COMMUNITY_SECRETARY])
    if notifications.duty_notify(stage=Stage.OVERDUE, days=1, recipients=secretaries, **common):
        raised += 1
    if late >= STREET_AFTER_DAYS:
        street = recipients.node_role_holders(node=wish.community, roles=[Role.STREET_SECRETARY])
        if notifications.duty_notify(stage=Stage.ESCALATION, days=STREET_AFTER_DAYS, recipients=street, **common):
            raised += 1
    return raised


def escalate_all(*, on: datetime.date) -> int:
    """Escalates every overdue wish due on ``on``. Returns how many reminders were raised."""
    return sum(wish_escalate(wish_id=pk, on=on) for pk in overdue_ids(on=on))
