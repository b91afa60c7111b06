"""Changing a record through its service: the record's current values with the changes laid over them, so that
the service checks the whole record as it will be, then writes it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def merged(instance: models.Model, changes: dict, fields: Iterable[str]) -> dict:
    """Returns ``fields`` of ``instance`` with ``changes`` applied (text stripped of surrounding spaces). A change
    to a field outside ``fields`` is a programming error (``ValueError``), never a silent write."""
    fields = tuple(fields)
    unknown = set(changes) - set(fields)
    if unknown:
        raise ValueError(f"{type(instance).__name__} does not change {sorted(unknown)} here")
    values = {field: getattr(instance, field) for field in fields}
    values.update({k: (v.strip() if isinstance(v, str) else v) for k, v in changes.items()})
    return values


def assign(instance: models.Model, values: dict) -> models.Model:
    """Sets ``values`` on ``instance`` and returns it (unsaved)."""
    for field, value in values.items():
        setattr(instance, field, value)
    return instance
