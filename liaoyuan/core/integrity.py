"""Telling which unique constraint a concurrent write broke, so that it becomes the same field error as the
check that it slipped past."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

_SQLITE_UNIQUE = re.compile(r"^UNIQUE constraint failed: (?P<columns>.+)$")
_POSTGRES_KEY = re.compile(r"^Key \((?P<columns>[^)]*)\)=")


def _violated_columns(exc: IntegrityError) -> set[str]:
    """Returns the columns of the unique constraint that ``exc`` reports (PostgreSQL or SQLite), or an empty
    set when it reports something else."""
    detail = getattr(getattr(exc.__cause__, "diag", None), "message_detail", None)
    match = _POSTGRES_KEY.match(detail) if detail else _SQLITE_UNIQUE.match(str(exc))
    if not match:
        return set()
    return {column.strip().rsplit(".", 1)[-1].strip('"') for column in match["columns"].split(",")}


def violates_unique(exc: IntegrityError, model: type[models.Model], name: str) -> bool:
    """Returns whether ``exc`` is a violation of ``model``'s unique constraint ``name``: a named
    ``UniqueConstraint`` of its Meta, or the name of a field declared unique (such as a one-to-one field)."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None and getattr(diag, "constraint_name", None) == name:
        return True
    constraint = next((c for c in model._meta.constraints if c.name == name), None)
    if constraint is not None and not constraint.fields:  # on expressions: SQLite names the index
        return f"index '{name}'" in str(exc)
    fields = constraint.fields if constraint is not None else (name,)
    columns = {model._meta.get_field(field).column for field in fields}
    return _violated_columns(exc) == columns


@contextmanager
def unique_errors(model: type[models.Model], errors: dict[str, dict[str, str]]) -> Iterator[None]:
    """Runs the block in a savepoint and turns an ``IntegrityError`` from one of ``model``'s unique constraints
    named in ``errors`` (constraint name → {field: message}) into a ``ValidationError`` with that field error:
    what a concurrent write that slipped past the checks gets. Other integrity errors pass through."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        for name, error in errors.items():
            if violates_unique(exc, model, name):
                raise ValidationError(error) from exc
        raise
