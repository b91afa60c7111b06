"""Raising reminders of duties: once per (kind, target, period, stage), to the right inboxes, with e-mail and SMS
as each person's channels say, sent after commit."""

import datetime
import smtplib
import threading

import pytest
from django.core import mail
from django.db import connection

from accounts.models import User
from notifications import services
from notifications.models import Channel, ChannelPolicy, Delivery, DeliveryStatus, Notification, Reminder, Stage
from tests.notifications.conftest import SAMPLE

pytestmark = pytest.mark.django_db


def notify(city, recipients, **overrides):
    values = {
        "kind": SAMPLE.key,
        "target": city.c1,
        "stage": Stage.UPCOMING,
        "days": 7,
        "period": "2026-05",
        "due_on": datetime.date(2026, 5, 31),
        "recipients": [u.pk for u in recipients],
        "url": "/reviews/tasks/1/",
        "target_name": city.c1.name,
    }
    return services.duty_notify(**{**values, **overrides})


def test_a_reminder_reaches_each_recipient_once_with_their_email(
    city, people, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reminder = notify(city, [people.secretary, people.street])
    assert reminder is not None
    inbox = Notification.objects.filter(reminder=reminder)
    assert sorted(inbox.values_list("recipient_id", flat=True)) == sorted([people.secretary.pk, people.street.pk])
    assert sorted(m.to[0] for m in mail.outbox) == ["sec@example.cn", "st@example.cn"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    message = next(m for m in mail.outbox if m.to == ["sec@example.cn"])
    assert "Sample duty" in message.subject and city.c1.name in message.subject and "2026-05" in message.subject
    assert "http://127.0.0.1:8000/reviews/tasks/1/" in message.body
    assert "2026-05-31" in message.body


def test_raising_the_same_reminder_again_sends_nothing_more(city, people, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(city, [people.secretary])
        second = notify(city, [people.secretary])
    assert first is not None and second is None
    assert Reminder.objects.count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_another_stage_or_period_is_another_reminder(city, people, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(city, [people.secretary])
        notify(city, [people.secretary], days=1)
        notify(city, [people.secretary], period="2026-06")
    assert Reminder.objects.count() == 3
    assert Notification.objects.filter(recipient=people.secretary).count() == 3


def test_no_email_address_is_recorded_not_sent(city, people, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(city, [people.no_email])
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.NO_ADDRESS
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=people.no_email).count() == 1


def test_inactive_accounts_are_left_out(city, people, eager):
    User.objects.filter(pk=people.street.pk).update(is_active=False)
    reminder = notify(city, [people.secretary, people.street])
    assert list(reminder.notifications.values_list("recipient_id", flat=True)) == [people.secretary.pk]


def test_nothing_is_sent_before_the_transaction_commits(city, people, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(city, [people.secretary])
    assert mail.outbox == []
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_sms_goes_to_those_who_chose_it_and_the_required_channels_to_everyone(
    city, people, eager, sms_outbox, django_capture_on_commit_callbacks
):
    services.preference_set(user=people.secretary, kind=SAMPLE.key, email=False, sms=True)
    ChannelPolicy.objects.create(kind=SAMPLE.key, email_required=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify(city, [people.secretary, people.street])
    assert [m["to"] for m in sms_outbox] == ["13800000001"]
    assert "Sample duty" in sms_outbox[0]["text"]
    # e-mail is required by the city office: the secretary gets it although she switched it off
    assert sorted(m.to[0] for m in mail.outbox) == ["sec@example.cn", "st@example.cn"]
    channels = Delivery.objects.filter(notification__recipient=people.secretary).values_list("channel", flat=True)
    assert sorted(channels) == [Channel.EMAIL, Channel.SMS]


def test_a_required_channel_cannot_be_switched_off(people):
    ChannelPolicy.objects.create(kind=SAMPLE.key, sms_required=True)
    with pytest.raises(services.ValidationError) as exc:
        services.preference_set(user=people.secretary, kind=SAMPLE.key, email=True, sms=False)
    assert list(exc.value.message_dict) == ["sms"]


def test_an_undeclared_kind_is_refused(city, people):
    with pytest.raises(ValueError, match="undeclared"):
        notify(city, [people.secretary], kind="tests.nobody_declared_this")


def test_resolving_a_duty_marks_its_reminders_done(city, people):
    notify(city, [people.secretary])
    notify(city, [people.secretary], period="2026-06")
    assert services.duty_resolve(kind=SAMPLE.key, target=city.c1, period="2026-05") == 1
    assert list(Reminder.objects.filter(resolved_at__isnull=False).values_list("period", flat=True)) == ["2026-05"]


def test_a_delivery_sent_twice_is_sent_once(city, people, django_capture_on_commit_callbacks):
    notify(city, [people.secretary])
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert services.delivery_send(delivery_id=delivery.pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().attempts == 1


def test_a_mail_server_failure_is_retried_then_given_up(city, people, monkeypatch):
    notify(city, [people.secretary])
    delivery = Delivery.objects.get()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(services.TransientDeliveryError):
        services.delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (DeliveryStatus.PENDING, 1, "gone")
    Delivery.objects.filter(pk=delivery.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    assert services.delivery_send(delivery_id=delivery.pk) == DeliveryStatus.FAILED
    assert Delivery.objects.get().status == DeliveryStatus.FAILED


def test_the_sweep_sends_a_delivery_whose_task_was_lost(city, people, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(city, [people.secretary])  # the enqueue after commit never happens: a lost task
    Delivery.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_requeue() == 1
    assert len(mail.outbox) == 1
    assert services.deliveries_requeue() == 0


def test_a_delivery_stuck_being_sent_past_the_visibility_timeout_is_taken_up_again(city, people, settings):
    notify(city, [people.secretary])
    old = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Delivery.objects.update(status=DeliveryStatus.SENDING, claimed_at=old, attempts=1)
    assert services.delivery_send(delivery_id=Delivery.objects.get().pk) == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


# --- twenty at once (PostgreSQL: SQLite runs one writer at a time) -------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_same_reminder_raised_twenty_times_at_once_makes_one_row_and_one_message(city, people, eager):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    barrier = threading.Barrier(20)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(notify(city, [people.secretary]))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(results) == 20
    assert sum(r is not None for r in results) == 1
    assert Reminder.objects.count() == 1
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
