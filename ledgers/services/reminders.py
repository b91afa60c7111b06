"""Reminders of responsibility deadlines, through the notification layer (``ledgers.duties``): a week before
its deadline the responsible unit (or, for a person, the keepers of the list) is reminded; the day after, if
not completed, the reminder says it is overdue and the keepers of the list are told too. Each stage once:
the notification layer keeps one reminder per (kind, responsibility, stage, days)."""

from __future__ import annotations

import datetime

from accounts.models import Role
from grids.models import Node
from ledgers.duties import RESPONSIBILITY_DUE
from ledgers.models import Responsibility
from notifications import selectors as notification_selectors
from notifications import services as notifications
from notifications.models import Stage

LEAD_DAYS = 7  # reminded a week before the deadline
GRACE_DAYS = 7  # a missed run is made up within a week


def _keepers(node: Node) -> list[int]:
    roles = (
        [Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER]
        if node.kind == Node.Kind.COMMUNITY
        else [Role.STREET_SECRETARY, Role.STREET_STAFF]
    )
    return notification_selectors.node_role_holders(node=node, roles=roles)


def due_on(day: datetime.date):
    """Returns the IDs of the open responsibilities whose reminder falls around ``day`` (from a week before
    their deadline to a week after it)."""
    return (
        Responsibility.objects.filter(
            completed_on=None,
            deadline__gte=day - datetime.timedelta(days=1 + GRACE_DAYS),
            deadline__lte=day + datetime.timedelta(days=LEAD_DAYS),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def responsibility_remind(*, responsibility_id: int, on: datetime.date) -> int:
    """Reminds the responsibility's deadline as it stands on ``on``. Returns how many reminders were raised
    (0 when completed, not yet due, or raised already)."""
    item = Responsibility.objects.select_related("project__node").filter(pk=responsibility_id).first()
    if item is None or item.completed_on is not None:
        return 0
    ahead = (item.deadline - on).days
    node = item.project.node
    responsible = notification_selectors.unit_admins(unit_ids=[item.unit_id]) if item.unit_id else _keepers(node)
    common = {
        "kind": RESPONSIBILITY_DUE.key,
        "target": item,
        "target_name": item.project.title,
        "detail": item.task,
        "url": item.get_absolute_url(),
        "due_on": item.deadline,
    }
    raised = 0
    if 0 <= ahead <= LEAD_DAYS:
        raised += (
            notifications.duty_notify(stage=Stage.UPCOMING, days=LEAD_DAYS, recipients=responsible, **common)
            is not None
        )
    elif -1 - GRACE_DAYS <= ahead < 0:
        recipients = sorted(set(responsible) | set(_keepers(node)))
        raised += notifications.duty_notify(stage=Stage.OVERDUE, days=1, recipients=recipients, **common) is not None
    return raised
