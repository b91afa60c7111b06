"""Training sessions and their attendance: a street or community records a session it organised and who
attended it (the people it may name in a record)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from liaoyuan.core.changes import assign, merged
from people.models import Person
from sharing.models import Training, TrainingAttendance

TRAINING_FIELDS = ("topic", "provider", "held_on", "place", "hours", "note")


def _check(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("topic", "provider"):
        if not (values.get(field) or "").strip():
            errors[field] = [_("This field is required.")]
    hours = values.get("hours")
    if hours is not None and not (0 < hours <= 24):
        errors["hours"] = [_("A session lasts more than 0 and at most 24 hours.")]
    if errors:
        raise ValidationError(errors)


def training_create(
    *,
    user,
    node: Node,
    topic: str,
    provider: str,
    held_on: datetime.date,
    place: str = "",
    hours: Decimal = Decimal(2),
    note: str = "",
) -> Training:
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    values = {"topic": topic, "provider": provider, "held_on": held_on, "place": place, "hours": hours, "note": note}
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    _check(values)
    training = Training(node=node, **values)
    training.full_clean()
    training.save()
    return training


def training_update(*, user, training: Training, **changes) -> Training:
    if not scopes.can_change(user, training):
        raise PermissionDenied
    values = merged(training, changes, TRAINING_FIELDS)
    _check(values)
    assign(training, values).full_clean()
    training.save()
    return training


def attendance_set(*, user, training: Training, people: list[Person], attended: bool = True) -> int:
    """Puts ``people`` on the session's list as attended (or registered but absent); someone already on the
    list is updated, not repeated. Returns how many rows were written."""
    if not scopes.can_change(user, training):
        raise PermissionDenied
    if not people:
        raise ValidationError({"people": [_("Choose at least one person.")]})
    with transaction.atomic():
        existing = set(
            TrainingAttendance.objects.filter(training=training, person__in=people).values_list("person_id", flat=True)
        )
        TrainingAttendance.objects.filter(training=training, person_id__in=existing).update(attended=attended)
        TrainingAttendance.objects.bulk_create(
            [
                TrainingAttendance(training=training, person=p, attended=attended)
                for p in people
                if p.pk not in existing
            ],
            ignore_conflicts=True,
        )
    return len(people)


def attendance_remove(*, user, training: Training, person: Person) -> None:
    if not scopes.can_change(user, training):
        raise PermissionDenied
    TrainingAttendance.objects.filter(training=training, person=person).delete()
