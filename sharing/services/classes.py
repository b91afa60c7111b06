"""The 8:30 daily online class (八点半课堂): a community worker checks in on the day's class from their phone
between ``OPENS`` and ``CLOSES``, once a working day; the community's staff record a check-in the worker could
not make online (a past working day, or today), for the workers of their community.

A community worker is a person holding a current ``community_worker`` duty; the check-in is counted for the
community where that duty is held."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from people.models import Duty, DutyKind, Person
from sharing.models import ClassCheckIn

CLASS_STARTS = datetime.time(8, 30)
OPENS = datetime.time(8, 0)
CLOSES = datetime.time(9, 30)


def is_class_day(day: datetime.date) -> bool:
    """The class runs on working days, Monday to Friday."""
    return day.weekday() < 5


def worker_duty(person: Person | None, day: datetime.date) -> Duty | None:
    """The person's community-worker duty on ``day`` (None when they held none)."""
    if person is None:
        return None
    return (
        Duty.objects.filter(person=person, kind=DutyKind.COMMUNITY_WORKER, started_on__lte=day)
        .exclude(ended_on__lt=day)
        .select_related("node")
        .order_by("-started_on", "-pk")
        .first()
    )


def _save(*, person: Person, duty: Duty, day: datetime.date, at, recorded_by) -> ClassCheckIn:
    try:
        with transaction.atomic():
            return ClassCheckIn.objects.create(
                person=person, community=duty.node, day=day, checked_in_at=at, recorded_by=recorded_by
            )
    except IntegrityError:
        raise ValidationError({"day": [_("Already checked in for the class of %(day)s.") % {"day": day}]}) from None


def check_in(*, user, now: datetime.datetime | None = None) -> ClassCheckIn:
    """The signed-in community worker checks in on today's class."""
    now = timezone.localtime(now or timezone.now())
    day = now.date()
    duty = worker_duty(getattr(user, "person", None), day)
    if duty is None:
        raise PermissionDenied
    if not is_class_day(day):
        raise ValidationError({"day": [_("The 8:30 class runs Monday to Friday.")]})
    if not OPENS <= now.time() <= CLOSES:
        raise ValidationError(
            {
                "day": [
                    _("Check-in for the 8:30 class is open from %(opens)s to %(closes)s.")
                    % {"opens": OPENS.strftime("%H:%M"), "closes": CLOSES.strftime("%H:%M")}
                ]
            }
        )
    return _save(person=user.person, duty=duty, day=day, at=now, recorded_by=user)


def check_in_record(*, user, person: Person, day: datetime.date) -> ClassCheckIn:
    """The community's staff record a worker's check-in on a working day up to today."""
    if day > timezone.localdate():
        raise ValidationError({"day": [_("A check-in cannot be recorded for a day to come.")]})
    if not is_class_day(day):
        raise ValidationError({"day": [_("The 8:30 class runs Monday to Friday.")]})
    duty = worker_duty(person, day)
    if duty is None:
        raise ValidationError({"person": [_("This person was not a community worker on that day.")]})
    if not scopes.can_create_under(user, duty.node):
        raise PermissionDenied
    at = timezone.make_aware(datetime.datetime.combine(day, CLASS_STARTS))
    return _save(person=person, duty=duty, day=day, at=at, recorded_by=user)
