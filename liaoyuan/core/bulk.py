"""Fast inserts for bulk loads (the demo city): ``insert(model, objs)``, and ``insert_rows(model, rows)`` for
rows given as dicts.

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
import operator
from collections.abc import Callable, Iterable, Sequence
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


_TEXT_TYPES = (models.CharField, models.TextField)  # slugs, e-mails, URLs, choices: all are strings
_NUMBER_TYPES = (models.IntegerField, models.AutoField, models.DecimalField, models.FloatField)


def _number_text(value: Any) -> str:
    return _NULL if value is None else str(value)


def _string_text(value: Any) -> str:
    return value.translate(_COPY_ESCAPES) if isinstance(value, str) else _copy_text(value)


def _copy_converter(field: models.Field) -> Callable[[Any], str]:
    """Returns the function writing a value of ``field`` in ``COPY``'s text format."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: _NULL if value is None else _copy_text(json.dumps(value, cls=encoder))
    if isinstance(field, models.FileField):
        return lambda value: _copy_text(str(value) if value else "")
    if field.is_relation or isinstance(field, _NUMBER_TYPES):
        return _number_text
    if isinstance(field, _TEXT_TYPES):
        return _string_text
    return _copy_text


def _stamped(fields: Sequence[models.Field]) -> list[str]:
    """The attribute names of the ``auto_now(_add)`` fields: stamped with the current time when empty."""
    return [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]


def _completer(fields: Sequence[models.Field], now: datetime) -> Callable[[models.Model], None]:
    """Returns a function filling in what ``bulk_create`` would before saving an object: the key of a related
    object set before that object had one, the current time in an empty ``auto_now(_add)`` field."""
    relations = [(f.attname, f.name, f) for f in fields if f.is_relation]
    stamped = _stamped(fields)

    def complete(obj: models.Model) -> None:
        values = obj.__dict__
        for attname, name, field in relations:
            if values.get(attname) is None and field.is_cached(obj):
                target = getattr(obj, name)
                if target is not None:
                    if target.pk is None:
                        raise ValueError(f"insert() of an object whose related object '{name}' is not saved")
                    setattr(obj, attname, target.pk)
        for attname in stamped:
            if values.get(attname) is None:
                setattr(obj, attname, now)

    return complete


def _reserve_keys(model: type[models.Model], n: int) -> range:
    """Returns ``n`` new consecutive primary keys for ``model``'s table.

    On PostgreSQL: the sequence's next value, then one step of ``n - 1``. ``ALTER SEQUENCE`` holds back every
    other session's ``nextval`` on that sequence until this transaction ends, so nobody else draws a key of
    the block; a rolled-back load takes its keys back with it.
    """
    meta = model._meta
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT nextval(%s)", [sequence])
            first = cursor.fetchone()[0]
            if n > 1:
                cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY {int(n) - 1}")
                cursor.execute("SELECT nextval(%s)", [sequence])
                last = cursor.fetchone()[0]
                cursor.execute(f"ALTER SEQUENCE {sequence} INCREMENT BY 1")
                if last != first + n - 1:
                    raise RuntimeError(f"the sequence {sequence} gave {first}…{last} for {n} keys")
            return range(first, first + n)
        # elsewhere (SQLite), after the largest key: bulk loads are the only writer
        cursor.execute(f"SELECT COALESCE(MAX({quote(meta.pk.column)}), 0) FROM {quote(meta.db_table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return range(start, start + n)


def _insertable(model: type[models.Model]) -> tuple[models.options.Options, list[models.Field]]:
    meta = model._meta.concrete_model._meta
    if any(parent._meta.concrete_model is not meta.concrete_model for parent in meta.get_parent_list()):
        raise ValueError("insert() cannot insert models with multi-table inheritance")
    return meta, [f for f in meta.concrete_fields if not getattr(f, "generated", False)]


def _write(meta: models.options.Options, fields: Sequence[models.Field], rows: Iterable[Sequence[Any]]) -> None:
    """Writes ``rows`` (each the values of ``fields``, in order) into ``meta``'s table."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    table = quote(meta.db_table)
    if connection.vendor == "postgresql":
        converters = [_copy_converter(f) for f in fields]
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join([convert(v) for convert, v in zip(converters, row, strict=True)]))
            buffer.write("\n")
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
    else:
        prepared = [[f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)] for row in rows]
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)  # noqa: S608


def insert(model: type[M], objs: Sequence[M]) -> Sequence[M]:
    """Inserts ``objs`` (instances of ``model``, a model with an auto-incremented key) and returns them with
    their primary keys set and marked as saved. See the module docstring for how it differs from
    ``bulk_create``."""
    if not objs:
        return objs
    meta, fields = _insertable(model)
    missing = [obj for obj in objs if obj.pk is None]
    for obj, key in zip(missing, _reserve_keys(model, len(missing)), strict=True):
        obj.pk = key
    complete = _completer(fields, timezone.now())
    values = operator.itemgetter(*(f.attname for f in fields))  # read from __dict__: once per row and column

    def rows():
        for obj in objs:
            complete(obj)
            yield values(obj.__dict__)

    _write(meta, fields, rows())
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]]) -> None:
    """Inserts ``rows``, each a dict of field values by attribute name (``person_id``, not ``person``), as
    ``insert`` would insert ``model(**row)``: a field left out takes its default, an empty ``auto_now(_add)``
    field the current time, the primary key a new one, which is set in the row (``row["id"]``) for later rows
    to point at. For the rows of a load that nobody reads back as objects: building a model instance per row
    costs more than writing it."""
    if not rows:
        return
    meta, fields = _insertable(model)
    now = timezone.now()
    stamped = _stamped(fields)
    # a default drawn for each row (a callable's) or once for all of them
    drawn = [f for f in fields if f.has_default() and callable(f.default)]
    fixed = {f.attname: None if f.attname in stamped else f.get_default() for f in fields if f not in drawn}
    unknown = set().union(*(row.keys() for row in rows)) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"insert_rows() of {meta.label}: no field {', '.join(sorted(unknown))}")
    pk = meta.pk.attname
    keys = iter(_reserve_keys(model, sum(1 for row in rows if row.get(pk) is None)))
    values = operator.itemgetter(*(f.attname for f in fields))

    def complete():
        for row in rows:
            if row.get(pk) is None:
                row[pk] = next(keys)
            full = {**fixed, **row}
            for field in drawn:
                if field.attname not in row:
                    full[field.attname] = field.get_default()
            for attname in stamped:
                if full[attname] is None:
                    full[attname] = now
            yield values(full)

    _write(meta, fields, complete())


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
    converters = [_number_text, *(_copy_converter(f) for f in targets)]
    values = operator.itemgetter(meta.pk.attname, *(f.attname for f in targets))
    buffer = io.StringIO()
    for obj in objs:
        buffer.write("\t".join([convert(v) for convert, v in zip(converters, values(obj.__dict__), strict=True)]))
        buffer.write("\n")
    buffer.seek(0)
    staging = quote(f"bulk_update_{meta.db_table}")
    assignments = ", ".join(f"{c} = v.{c}" for c in columns[1:])
    with connection.cursor() as cursor:
        # inside the caller's transaction (each app seeds in one), a failure rolls the staging table back too
        cursor.execute(f"CREATE TEMPORARY TABLE {staging} AS SELECT {', '.join(columns)} FROM {table} WITH NO DATA")  # noqa: S608
        cursor.copy_expert(f"COPY {staging} ({', '.join(columns)}) FROM STDIN", buffer)
        cursor.execute(f"UPDATE {table} t SET {assignments} FROM {staging} v WHERE t.{pk} = v.{pk}")  # noqa: S608
        cursor.execute(f"DROP TABLE {staging}")
