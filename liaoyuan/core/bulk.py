"""Fast inserts for bulk loads (the demo city): ``insert(model, objs)``.

``QuerySet.bulk_create`` prepares every value of every row through the field API and sends a multi-row
``INSERT … RETURNING``; for a province's worth of demo rows that preparation, not the database, is most of the
time. ``insert`` instead reserves the primary keys first (from the table's sequence on PostgreSQL, after the
largest key on SQLite), sets them on the objects, and streams the rows: with ``COPY … FROM STDIN`` on
PostgreSQL, with one ``executemany`` elsewhere.

It does what ``bulk_create`` does for plain models (no multi-table inheritance), with one difference meant for
loads that date their rows as the story goes: a field with ``auto_now`` or ``auto_now_add`` keeps a value the
object already holds, and only an empty one is stamped with the current time. No ``save()``, no signals.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import connection, models
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NULL = "\\N"


def _copy_text(value: Any) -> str:
    """Returns ``value`` in the text format of PostgreSQL's ``COPY``."""
    if value is None:
        return _NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _column_reader(field: models.Field, now: datetime, postgres: bool) -> Callable[[models.Model], Any]:
    """Returns a function reading ``field``'s database value from an object (as COPY text on PostgreSQL)."""
    attname = field.attname
    stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    if field.is_relation:
        name = field.name

        def related(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if value is None and field.is_cached(obj):  # set as an object before that object had its key
                target = getattr(obj, name)
                if target is not None:
                    if target.pk is None:
                        raise ValueError(f"insert() of an object whose related object '{name}' is not saved")
                    value = target.pk
                    setattr(obj, attname, value)
            return value

        read = related
    elif stamped:

        def read(obj: models.Model) -> Any:
            value = getattr(obj, attname)
            if value is None:
                value = now
                setattr(obj, attname, value)
            return value

    else:

        def read(obj: models.Model) -> Any:
            return getattr(obj, attname)

    if not postgres:
        return lambda obj: field.get_db_prep_save(read(obj), connection)
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda obj: _copy_text(None if (v := read(obj)) is None else json.dumps(v, cls=encoder))
    if isinstance(field, models.FileField):
        return lambda obj: _copy_text(str(v) if (v := read(obj)) else "")
    return lambda obj: _copy_text(read(obj))


def _reserve_keys(model: type[models.Model], n: int) -> list[int]:
    """Returns ``n`` new primary keys for ``model``'s table."""
    meta = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        # elsewhere (SQLite), after the largest key: bulk loads are the only writer
        cursor.execute(f"SELECT COALESCE(MAX({quote(meta.pk.column)}), 0) FROM {quote(meta.db_table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))


def insert(model: type[M], objs: Sequence[M]) -> Sequence[M]:
    """Inserts ``objs`` (instances of ``model``, a model with an auto-incremented key) and returns them with
    their primary keys set and marked as saved. See the module docstring for how it differs from
    ``bulk_create``."""
    if not objs:
        return objs
    meta = model._meta.concrete_model._meta
    if any(parent._meta.concrete_model is not meta.concrete_model for parent in meta.get_parent_list()):
        raise ValueError("insert() cannot insert models with multi-table inheritance")
    missing = [obj for obj in objs if obj.pk is None]
    for obj, key in zip(missing, _reserve_keys(model, len(missing)), strict=True):
        obj.pk = key

    postgres = connection.vendor == "postgresql"
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not getattr(f, "generated", False)]
    readers = [_column_reader(f, now, postgres) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(meta.db_table)
    if postgres:
        buffer = io.StringIO()
        for obj in objs:
            buffer.write("\t".join([read(obj) for read in readers]))
            buffer.write("\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    else:
        placeholders = ", ".join(["%s"] * len(fields))
        rows = [[read(obj) for read in readers] for obj in objs]
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def update(model: type[M], objs: Sequence[M], fields: Sequence[str]) -> None:
    """Writes ``fields`` of ``objs`` (saved instances of ``model``) to the database, like ``bulk_update``; on
    PostgreSQL by copying the values into a temporary table and updating from it in one statement, rather than
    one ``CASE WHEN`` per row and field."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_update(objs, fields, batch_size=1000)
        return
    meta = model._meta.concrete_model._meta
    targets = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    pk, table = quote(meta.pk.column), quote(meta.db_table)
    columns = [pk, *(quote(f.column) for f in targets)]
    readers = [_column_reader(f, timezone.now(), True) for f in targets]
    buffer = io.StringIO()
    for obj in objs:
        buffer.write("\t".join([str(obj.pk), *(read(obj) for read in readers)]))
        buffer.write("\n")
    buffer.seek(0)
    values = quote(f"bulk_update_{meta.db_table}")
    assignments = ", ".join(f"{c} = v.{c}" for c in columns[1:])
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {values} AS SELECT {', '.join(columns)} FROM {table} WITH NO DATA")  # noqa: S608
        try:
            cursor.copy_expert(f"COPY {values} ({', '.join(columns)}) FROM STDIN", buffer)
            cursor.execute(f"UPDATE {table} t SET {assignments} FROM {values} v WHERE t.{pk} = v.{pk}")  # noqa: S608
        finally:
            cursor.execute(f"DROP TABLE {values}")
