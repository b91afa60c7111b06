"""The SMS that tells a resident of each change of their wish, through the notification layer's pluggable
sender (``notifications.sms``: the console by default, the city's gateway when configured).

One ``WishMessage`` per event, created in the event's transaction and sent after commit by
``wishes.tasks.send_message``, which claims it with a conditional update: a retry, a redelivered task or the
hourly sweep never sends it twice. The text names the wish by its tracking code and says the new status (and
the community's note); never the resident's name.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import MOBILE
from notifications.sms import SMSError, TransientSMSError, get_backend
from wishes.models import MessageStatus, Wish, WishEvent, WishMessage, WishStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
LOST_AFTER = datetime.timedelta(minutes=10)


class TransientMessageError(Exception):
    """The gateway could not take the message now: the task tries again."""


def _text(wish: Wish, event: WishEvent) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        status = WishStatus(event.status_to).label
        if event.status_to == WishStatus.SUBMITTED:
            text = _(
                "Your wish “%(title)s” was received. Tracking code %(code)s: "
                "follow it with the last four digits of your phone."
            ) % {
                "title": wish.title[:30],
                "code": wish.tracking_code,
            }
        elif event.status_to == WishStatus.DISPATCHED and wish.promised_on:
            text = _("Your wish %(code)s: %(status)s, promised by %(date)s.") % {
                "code": wish.tracking_code,
                "status": status,
                "date": wish.promised_on.isoformat(),
            }
        elif event.status_to == WishStatus.DONE:
            text = _("Your wish %(code)s is done. Was it done, and how well? Rate it on the tracking page.") % {
                "code": wish.tracking_code
            }
        else:
            text = _("Your wish %(code)s: %(status)s.") % {"code": wish.tracking_code, "status": status}
        if event.note and event.status_to in (WishStatus.DECLINED, WishStatus.MERGED, WishStatus.IN_PROGRESS):
            text = f"{text} {event.note}"
    return text[:300]


def resident_tell(*, wish: Wish, event: WishEvent) -> WishMessage | None:
    """Queues the SMS for ``event`` (not for the resident's own rating); sent after commit. Returns it, or
    None when the contact is not a mobile number."""
    if event.status_to == WishStatus.RATED or not MOBILE.match(wish.contact_phone or ""):
        return None
    message = WishMessage.objects.create(event=event, phone=wish.contact_phone, text=_text(wish, event))
    _send_on_commit([message.pk])
    return message


def _send_on_commit(ids: list[int]) -> None:
    if not ids:
        return
    from wishes import tasks  # the tasks module imports this one

    transaction.on_commit(lambda: [tasks.send_message.delay(pk) for pk in ids])


def _claim(message_id: int) -> bool:
    stale = timezone.now() - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    claimable = Q(status=MessageStatus.PENDING) | Q(status=MessageStatus.SENDING, claimed_at__lt=stale)
    return bool(
        WishMessage.objects.filter(claimable, pk=message_id).update(
            status=MessageStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    )


def message_send(*, message_id: int) -> str:
    """Sends one SMS unless another run has it or had it. Returns its status; raises
    ``TransientMessageError`` when trying again later may work (until ``MAX_ATTEMPTS``)."""
    if not _claim(message_id):
        return WishMessage.objects.filter(pk=message_id).values_list("status", flat=True).first() or "missing"
    message = WishMessage.objects.get(pk=message_id)
    try:
        get_backend().send(to=message.phone, text=message.text)
    except TransientSMSError as exc:
        failed = message.attempts >= MAX_ATTEMPTS
        WishMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED if failed else MessageStatus.PENDING, error=str(exc)[:300]
        )
        if failed:
            logger.error("wish SMS %s given up after %d attempts: %s", message.pk, message.attempts, exc)
            return MessageStatus.FAILED
        raise TransientMessageError(str(exc)) from exc
    except SMSError as exc:
        WishMessage.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED, error=str(exc)[:300])
        return MessageStatus.FAILED
    WishMessage.objects.filter(pk=message.pk).update(status=MessageStatus.SENT, sent_at=timezone.now(), error="")
    return MessageStatus.SENT


def messages_requeue() -> int:
    """Enqueues again the SMS whose task was lost or whose worker died while sending. Returns how many."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT)
    ids = list(
        WishMessage.objects.filter(
            Q(status=MessageStatus.PENDING, created_at__lt=now - LOST_AFTER)
            | Q(status=MessageStatus.SENDING, claimed_at__lt=stale)
        ).values_list("pk", flat=True)[:10000]
    )
    _send_on_commit(ids)
    return len(ids)
