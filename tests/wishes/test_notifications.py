"""Who is told what: the resident by SMS at each change (once, whatever the retries), the community's staff in
their inbox for a new wish, the unit's admins for a wish dispatched to them; overdue wishes escalated to the
community secretary, then the street, each stage once however often the beat runs."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import Notification, Reminder
from wishes import tasks
from wishes.models import Wish, WishMessage
from wishes.services import messages
from wishes.services import wishes as services

pytestmark = pytest.mark.django_db


def inbox(user, kind):
    return Notification.objects.filter(recipient=user, reminder__kind=kind).count()


def test_a_new_wish_reaches_the_communitys_inbox_only(city, wishes):
    wishes.submit(city)
    assert inbox(wishes.secretary, "wishes.submitted") == inbox(wishes.worker, "wishes.submitted") == 1
    assert inbox(wishes.neighbour, "wishes.submitted") == 0


def test_a_wish_dispatched_to_a_unit_reaches_its_admins(city, wishes):
    wishes.dispatched(city)
    assert inbox(wishes.unit_admin, "wishes.dispatched") == 1
    assert inbox(wishes.other_unit_admin, "wishes.dispatched") == 0


def test_an_sms_is_sent_once_however_often_its_task_runs(city, wishes, sms_outbox):
    wish = wishes.submit(city)
    message = WishMessage.objects.get(event__wish=wish)
    assert [messages.message_send(message_id=message.pk) for _i in range(3)] == ["sent", "sent", "sent"]
    assert len(sms_outbox) == 1


def test_a_gateway_that_is_down_is_tried_again(city, wishes, monkeypatch):
    from notifications.sms import LocmemSMSBackend, TransientSMSError

    def down(self, *, to, text):
        raise TransientSMSError("gateway down")

    monkeypatch.setattr(LocmemSMSBackend, "send", down)
    wish = wishes.submit(city)
    message = WishMessage.objects.get(event__wish=wish)
    with pytest.raises(messages.TransientMessageError):
        messages.message_send(message_id=message.pk)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)


def test_a_landline_gets_no_sms(city, wishes):
    wish = wishes.submit(city, contact_phone="0437-3212345")
    assert not WishMessage.objects.filter(event__wish=wish).exists()


def _overdue(city, wishes, days_late):
    wish = wishes.dispatched(city)
    Wish.objects.filter(pk=wish.pk).update(promised_on=timezone.localdate() - datetime.timedelta(days=days_late))
    return wish


def test_an_overdue_wish_goes_to_the_secretary_then_the_street(city, wishes):
    wish = _overdue(city, wishes, 1)
    today = timezone.localdate().isoformat()
    assert tasks.escalate_overdue(on=today) == 1
    assert inbox(wishes.secretary, "wishes.overdue") == 1 and inbox(wishes.street, "wishes.overdue") == 0
    Wish.objects.filter(pk=wish.pk).update(promised_on=timezone.localdate() - datetime.timedelta(days=3))
    assert tasks.escalate_overdue(on=today) == 2  # a new promised date is a new duty: both stages now
    assert inbox(wishes.street, "wishes.overdue") == 1


def test_escalation_twice_or_concurrently_reminds_once(city, wishes):
    _overdue(city, wishes, 4)
    today = timezone.localdate().isoformat()
    assert tasks.escalate_overdue(on=today) == 2
    assert tasks.escalate_overdue(on=today) == 0
    assert Reminder.objects.filter(kind="wishes.overdue").count() == 2


def test_a_done_wish_is_not_escalated_and_its_reminders_are_resolved(city, wishes):
    wish = _overdue(city, wishes, 5)
    tasks.escalate_overdue(on=timezone.localdate().isoformat())
    services.wish_complete(user=wishes.unit_admin, wish=Wish.objects.get(pk=wish.pk))
    assert not Reminder.objects.filter(kind="wishes.overdue", resolved_at__isnull=True).exists()
    assert tasks.escalate_overdue(on=timezone.localdate().isoformat()) == 0


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("a real race needs concurrent writers (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_two_claims_at_the_same_moment_give_the_wish_to_one(postgres_only, city, wishes):
    wish = wishes.accepted(city)
    barrier = threading.Barrier(2)
    results = []

    def claim(user):
        try:
            barrier.wait()
            results.append(
                services.wish_claim(user=user, wish=Wish.objects.get(pk=wish.pk), promised_on=timezone.localdate())
            )
        except Exception as exc:  # noqa: BLE001 - the test looks at what each racer got
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (wishes.unit_admin, wishes.member)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(r).__name__ for r in results) == ["ValidationError", "Wish"]
    assert Wish.objects.get(pk=wish.pk).events.filter(status_to="claimed").count() == 1
