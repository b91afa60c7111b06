"""Writes of the notification layer: raising and resolving reminders of duties, reading them, choosing
channels, and sending deliveries.

Apps raise reminders with ``duty_notify`` (idempotent: a reminder is unique per kind, target, period, stage
and days, so running it twice or twenty times at once reminds once) and mark their duties done with
``duty_resolve``. E-mail and SMS are sent by ``notifications.tasks.deliver`` after the transaction commits.
"""

from __future__ import annotations

import datetime
import logging
import re
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import Role, User
from notifications import messages, registry
from notifications.models import Channel, ChannelPolicy, Delivery, DeliveryStatus, Notification, Preference, Reminder
from notifications.sms import SMSError, TransientSMSError, get_backend

logger = logging.getLogger(__name__)

MOBILE = re.compile(r"^1\d{10}$")
MAX_ATTEMPTS = 5  # a delivery that failed this often is given up (status "failed")
LOST_AFTER = datetime.timedelta(minutes=10)  # a waiting delivery older than this lost its task: the sweep sends it


class TransientDeliveryError(Exception):
    """Sending failed in a way that may pass (mail server or SMS gateway down): the task tries again."""


# ---- channels -------------------------------------------------------------------------------------------


def effective_channels(
    kind: registry.DutyKind, policy: ChannelPolicy | None, preference: Preference | None
) -> dict[str, bool]:
    """Returns {channel: on} for one person and one kind: what the city office requires is on; the rest
    follows the person's choice, else the office's default, else the kind's own default."""
    email_default = policy.email_default if policy else kind.email
    sms_default = policy.sms_default if policy else kind.sms
    return {
        Channel.EMAIL: bool(policy and policy.email_required) or (preference.email if preference else email_default),
        Channel.SMS: bool(policy and policy.sms_required) or (preference.sms if preference else sms_default),
    }


def may_set_policy(user) -> bool:
    """Returns whether the user may set the channels a kind of duty requires (the city office)."""
    scope = scopes.scope_of(user)
    return scope.is_superuser or Role.CITY_OFFICE in scope.roles


@transaction.atomic
def policy_set(
    *, user, kind: str, email_required: bool, sms_required: bool, email_default: bool, sms_default: bool
) -> ChannelPolicy:
    """Sets what the city office requires and proposes for one kind of duty; returns the policy."""
    if not may_set_policy(user):
        raise PermissionDenied
    if kind not in {k.key for k in registry.all_kinds()}:
        raise ValidationError({"kind": _("No such kind of duty.")})
    policy, _created = ChannelPolicy.objects.update_or_create(
        kind=kind,
        defaults={
            "email_required": email_required,
            "sms_required": sms_required,
            "email_default": email_default or email_required,
            "sms_default": sms_default or sms_required,
        },
    )
    return policy


@transaction.atomic
def preference_set(*, user, kind: str, email: bool, sms: bool) -> Preference:
    """Sets the user's channels for one kind of duty; refuses to switch off a channel the city office
    requires. Returns the preference."""
    if kind not in {k.key for k in registry.all_kinds()}:
        raise ValidationError({"kind": _("No such kind of duty.")})
    policy = ChannelPolicy.objects.filter(kind=kind).first()
    errors = {}
    if policy and policy.email_required and not email:
        errors["email"] = _("The city office requires e-mail for this kind of duty.")
    if policy and policy.sms_required and not sms:
        errors["sms"] = _("The city office requires SMS for this kind of duty.")
    if errors:
        raise ValidationError(errors)
    preference, _created = Preference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email, "sms": sms}
    )
    return preference


# ---- raising and resolving ---------------------------------------------------------------------------


def _target_type(target: models.Model) -> ContentType:
    return ContentType.objects.get_for_model(
        target, for_concrete_model=True
    )  # an instance: works through a lazy request.user


def duty_notify(
    *,
    kind: str,
    target: models.Model,
    stage: str,
    recipients: Iterable[int],
    url: str,
    target_name: str,
    period: str = "",
    days: int = 0,
    due_on: datetime.date | None = None,
    detail: str = "",
) -> Reminder | None:
    """Raises one reminder of a duty and puts it in the inbox of each recipient (user IDs; inactive accounts
    are left out), with an e-mail and an SMS for those whose channels say so, sent after commit.

    ``target`` is the organisation or record the duty is about; ``target_name`` and ``detail`` name it in the
    message (names of organisations and records only: never a resident's personal data); ``url`` is the
    page where the duty is done. Returns the reminder when this call raised it, None when it had been raised
    already: the database keeps one reminder per (kind, target, period, stage, days), so a retry, a second
    beat or twenty concurrent runs remind once.
    """
    duty = registry.get(kind)
    if kind not in {k.key for k in registry.all_kinds()}:
        raise ValueError(f"undeclared kind of duty: {kind!r}")
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    kind=kind,
                    target_type=_target_type(target),
                    target_id=target.pk,
                    period=period,
                    stage=stage,
                    days=days,
                    due_on=due_on,
                    target_name=target_name[:200],
                    detail=detail[:200],
                    url=url[:300],
                )
        except IntegrityError:
            # raised already (maybe just now, by a concurrent run). A run that crashed between its commit and
            # the enqueue left deliveries waiting: enqueue them again (sending claims them, so never twice).
            waiting = Delivery.objects.filter(
                notification__reminder__kind=kind,
                notification__reminder__target_type=_target_type(target),
                notification__reminder__target_id=target.pk,
                notification__reminder__period=period,
                notification__reminder__stage=stage,
                notification__reminder__days=days,
                status=DeliveryStatus.PENDING,
            )
            _send_on_commit(list(waiting.values_list("pk", flat=True)))
            return None
        users = list(
            User.objects.filter(pk__in=set(recipients), is_active=True)
            .order_by("pk")
            .values_list("pk", "email", "person__phone")
        )
        notifications = Notification.objects.bulk_create(
            [Notification(reminder=reminder, recipient_id=pk) for pk, _email, _phone in users]
        )
        policy = ChannelPolicy.objects.filter(kind=kind).first()
        preferences = {
            p.user_id: p for p in Preference.objects.filter(kind=kind, user_id__in=[pk for pk, _e, _p in users])
        }
        deliveries = []
        for notification, (pk, email, phone) in zip(notifications, users, strict=True):
            on = effective_channels(duty, policy, preferences.get(pk))
            addresses = {Channel.EMAIL: email, Channel.SMS: phone if phone and MOBILE.match(phone) else ""}
            for channel in (Channel.EMAIL, Channel.SMS):
                if on[channel]:
                    status = DeliveryStatus.PENDING if addresses[channel] else DeliveryStatus.NO_ADDRESS
                    deliveries.append(Delivery(notification=notification, channel=channel, status=status))
        deliveries = Delivery.objects.bulk_create(deliveries)
        _send_on_commit([d.pk for d in deliveries if d.status == DeliveryStatus.PENDING])
    return reminder


def _send_on_commit(delivery_ids: list[int]) -> None:
    if not delivery_ids:
        return
    from notifications import tasks  # the tasks module imports this one

    def enqueue():
        for delivery_id in delivery_ids:
            tasks.deliver.delay(delivery_id)

    transaction.on_commit(enqueue)


def duty_resolve(*, kind: str, target: models.Model, period: str | None = None) -> int:
    """Marks the reminders of a duty done (the duty was done): they stay in the inboxes, shown as done.
    ``period`` limits it to one period. Returns how many reminders were marked."""
    reminders = Reminder.objects.filter(
        kind=kind, target_type=_target_type(target), target_id=target.pk, resolved_at__isnull=True
    )
    if period is not None:
        reminders = reminders.filter(period=period)
    return reminders.update(resolved_at=timezone.now())


# ---- reading ----------------------------------------------------------------------------------------------


def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Marks one of the user's notifications read (reading it again changes nothing); returns it."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Marks all the user's notifications read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# ---- sending ----------------------------------------------------------------------------------------------


def _claim(delivery_id: int) -> bool:
    """Claims a delivery for sending, with one conditional update: waiting, or stuck being sent for longer
    than the broker's visibility timeout (its worker died). Returns whether this call got it."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    claimable = Q(status=DeliveryStatus.PENDING) | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
    return bool(
        Delivery.objects.filter(claimable, pk=delivery_id).update(
            status=DeliveryStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    )


def delivery_send(*, delivery_id: int) -> str:
    """Sends one delivery unless another run has it or had it (idempotent). Returns the delivery's status.

    The delivery is claimed before sending and marked sent right after, so a second run (a retry, a
    redelivered task) finds it taken and sends nothing. A failure that may pass puts it back to waiting and
    raises ``TransientDeliveryError`` (the task tries again); after ``MAX_ATTEMPTS`` it is given up.
    """
    if not _claim(delivery_id):
        status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return status or "missing"
    delivery = Delivery.objects.select_related("notification__reminder", "notification__recipient__person").get(
        pk=delivery_id
    )
    recipient = delivery.notification.recipient
    reminder = delivery.notification.reminder
    try:
        if delivery.channel == Channel.EMAIL:
            subject, body = messages.email(reminder)
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                headers={
                    "Message-ID": f"<liaoyuan.delivery.{delivery.pk}@{settings.DEFAULT_FROM_EMAIL.split('@')[-1]}>"
                },
            ).send()
        else:
            get_backend().send(to=recipient.person.phone, text=messages.sms(reminder))
    except (smtplib.SMTPException, OSError, TransientSMSError) as exc:
        failed = delivery.attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING, error=str(exc)[:300]
        )
        if failed:
            logger.error("delivery %s given up after %d attempts: %s", delivery.pk, delivery.attempts, exc)
            return DeliveryStatus.FAILED
        raise TransientDeliveryError(str(exc)) from exc
    except SMSError as exc:
        Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED, error=str(exc)[:300])
        return DeliveryStatus.FAILED
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), error="")
    return DeliveryStatus.SENT


def deliveries_requeue() -> int:
    """The sweep's part here: enqueues again the deliveries whose task was lost (waiting for longer than
    ``LOST_AFTER``) or whose worker died while sending (stuck past the visibility timeout). Returns how many."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    ids = list(
        Delivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, created_at__lt=now - LOST_AFTER)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
        ).values_list("pk", flat=True)[:10000]
    )
    _send_on_commit(ids)
    return len(ids)
