"""Responsibility deadlines reminded through the notification layer: a week ahead to the responsible unit, the
day after to the unit and the list's keepers; each stage once however often the beat task runs; resolved
when completed."""

import datetime

import pytest

from ledgers import tasks
from ledgers.duties import RESPONSIBILITY_DUE
from ledgers.services import projects as services
from notifications.models import Notification, Reminder

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def item(city, people, clock):
    clock.set(2026, 5, 1)
    project = services.project_create(user=people.c1, node=city.c1, title="助餐点", owner_name="张三")
    return services.responsibility_create(
        user=people.c1, project=project, task="送餐", unit=city.unit_1, deadline=D(2026, 5, 20)
    )


def test_a_week_ahead_the_unit_is_reminded_once(item, people, eager):
    assert tasks.remind_responsibilities(on="2026-05-10") == 0  # not yet a week ahead
    assert tasks.remind_responsibilities(on="2026-05-14") == 1
    tasks.remind_responsibilities(on="2026-05-14")
    tasks.remind_responsibilities(on="2026-05-15")
    reminders = Reminder.objects.filter(kind=RESPONSIBILITY_DUE.key)
    assert [(r.stage, r.target_id) for r in reminders] == [("upcoming", item.pk)]
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {people.unit_1_admin.pk}


def test_overdue_goes_to_the_unit_and_the_keepers(item, people, eager):
    tasks.remind_responsibilities(on="2026-05-21")
    tasks.remind_responsibilities(on="2026-05-22")
    overdue = Reminder.objects.get(kind=RESPONSIBILITY_DUE.key, stage="overdue")
    recipients = set(Notification.objects.filter(reminder=overdue).values_list("recipient_id", flat=True))
    assert {people.unit_1_admin.pk, people.c1.pk} <= recipients
    assert people.c3.pk not in recipients


def test_completing_resolves_the_reminder_and_stops_more(item, people, eager, clock):
    tasks.remind_responsibilities(on="2026-05-14")
    clock.set(2026, 5, 18)
    services.responsibility_complete(user=people.unit_1_admin, item=item, note="已完成")
    assert Reminder.objects.get(kind=RESPONSIBILITY_DUE.key).resolved_at is not None
    assert tasks.remind_responsibilities(on="2026-05-21") == 0
