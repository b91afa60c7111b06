"""The change history of list items: every service that changes an item writes who changed what and when."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db import models

from ledgers.models import ItemChange, ListKind, Need, Project, Resource, Responsibility

KINDS: dict[type[models.Model], str] = {
    Need: ListKind.NEED,
    Resource: ListKind.RESOURCE,
    Project: ListKind.PROJECT,
    Responsibility: ListKind.RESPONSIBILITY,
}


def _plain(value: Any) -> Any:
    """Returns ``value`` as JSON can hold it: dates in ISO form, objects by their name, amounts as text."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def snapshot(obj: models.Model, fields) -> dict[str, Any]:
    """Returns the values of ``fields`` of ``obj`` as the history stores them."""
    return {field: _plain(getattr(obj, field)) for field in fields}


def differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """Returns field → [old, new] for every field whose value changed."""
    return {field: [before.get(field), value] for field, value in after.items() if before.get(field) != value}


def node_of(obj: models.Model):
    return obj.project.node if isinstance(obj, Responsibility) else obj.node


def record(*, user, obj: models.Model, action: str, changes: dict | None = None) -> ItemChange:
    """Writes one history row for ``obj`` (a need, resource, project or responsibility) and returns it."""
    user = user if getattr(user, "is_authenticated", False) else None
    return ItemChange.objects.create(
        kind=KINDS[type(obj)], item_id=obj.pk, node=node_of(obj), user=user, action=action, changes=changes or {}
    )


def record_many(*, user, objs, action: str, changes_of=None) -> None:
    """Writes one history row per object in one query (imports)."""
    user = user if getattr(user, "is_authenticated", False) else None
    ItemChange.objects.bulk_create(
        ItemChange(
            kind=KINDS[type(obj)],
            item_id=obj.pk,
            node=node_of(obj),
            user=user,
            action=action,
            changes=changes_of(obj) if changes_of else {},
        )
        for obj in objs
    )


def history_of(obj: models.Model):
    """Returns the changes of ``obj``, latest first, with who made them joined."""
    return (
        ItemChange.objects.filter(kind=KINDS[type(obj)], item_id=obj.pk).select_related("user").order_by("-at", "-pk")
    )
