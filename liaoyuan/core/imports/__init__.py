"""The one import engine: any app registers an ``Importer`` for a list; .xlsx workbooks are checked whole,
then written whole or not at all.

An app describes its columns (``Field``: header, parser, required) and three functions: ``context(user)``
builds the lookups once (the user's areas, units and editable items, by label), ``check_row`` applies the
business rules to one parsed row, ``save`` writes all rows in one transaction. The engine:

- refuses a file that is not a workbook, too large, carrying macros, or not made from the template (the
  header row is found among the first rows, in Chinese or English; every required column must be there);
- reads with openpyxl in read-only mode (memory does not grow with the sheet), parses every cell of every
  row and names each bad cell (row number as Excel shows it, column header, reason), then checks each good
  row's rules;
- writes nothing unless every row is good; ``save`` runs inside ``transaction.atomic`` so that a failure
  half way rolls everything back;
- says what will be created and what updated (a row with an ID updates that item) before it is confirmed,
  and runs large imports in Celery with a progress bar (``liaoyuan.core.imports.runs``).

The template a user downloads is the importer's header row with a sheet of notes listing allowed values.
"""

from __future__ import annotations

import datetime
import decimal
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

HEADER_SEARCH_ROWS = 5  # the header row is one of the first rows (an exported ledger has a title row above it)
MACRO_PARTS = ("xl/vbaProject.bin",)


class Refused(Exception):
    """The whole file is refused (not a workbook, too large, macros, wrong template): ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CellError(Exception):
    """A cell's value cannot be taken: ``message`` says why."""


@dataclass(frozen=True)
class Field:
    """One column: its header, the name of the value it gives, how a cell becomes a value (``parse(cell,
    context)``, raising ``CellError``), whether it must be filled, its width in the template and a note on
    what it takes."""

    header: Promise | str
    name: str
    parse: Callable[[Any, dict], Any]
    required: bool = False
    width: int = 16
    note: Promise | str = ""


@dataclass
class Row:
    number: int  # as Excel numbers it
    values: dict[str, Any]


@dataclass
class CellProblem:
    row: int
    column: str  # the header, or "" for the row as a whole
    message: str


@dataclass
class Report:
    """What a check (or a run) found: the good rows, every problem, how many to create and to update."""

    rows: list[Row] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    refused: str = ""
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.refused and not self.problems

    @property
    def to_update(self) -> int:
        return sum(1 for row in self.rows if row.values.get("id"))

    @property
    def to_create(self) -> int:
        return len(self.rows) - self.to_update

    def as_dict(self) -> dict:
        return {
            "refused": self.refused,
            "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in self.problems],
            "rows": len(self.rows),
            "to_create": self.to_create,
            "to_update": self.to_update,
            "created": self.created,
            "updated": self.updated,
        }


@dataclass(frozen=True)
class Importer:
    key: str
    title: Promise | str
    fields: tuple[Field, ...]
    context: Callable[..., dict]  # (user) -> lookups
    check_row: Callable[..., dict[str, str]]  # (user, values, context) -> {field name: message}
    save: Callable[..., tuple[int, int]]  # (user, rows: list[dict], context, progress) -> (created, updated)
    allowed: Callable[..., bool] = lambda user: True  # who may import


_registry: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _registry[importer.key] = importer
    return importer


def get(key: str) -> Importer | None:
    return _registry.get(key)


def registered() -> dict[str, Importer]:
    return dict(_registry)


# ---- cell parsers --------------------------------------------------------------------------------------


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(max_length: int) -> Callable[[Any, dict], str]:
    def parse(value, context) -> str:
        if _blank(value):
            return ""
        result = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            result = str(int(value))
        if len(result) > max_length:
            raise CellError(
                _("At most %(n)d characters (this has %(count)d).") % {"n": max_length, "count": len(result)}
            )
        return result

    return parse


def integer(minimum: int, maximum: int) -> Callable[[Any, dict], int | None]:
    def parse(value, context) -> int | None:
        if _blank(value):
            return None
        try:
            number = decimal.Decimal(str(value).strip().replace(",", ""))
        except decimal.InvalidOperation:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        if not minimum <= number <= maximum:
            raise CellError(_("Give a number from %(min)s to %(max)s.") % {"min": minimum, "max": f"{maximum:,}"})
        return int(number)

    return parse


def amount(maximum: decimal.Decimal) -> Callable[[Any, dict], decimal.Decimal | None]:
    def parse(value, context) -> decimal.Decimal | None:
        if _blank(value):
            return None
        try:
            number = decimal.Decimal(str(value).strip().replace(",", "")).quantize(decimal.Decimal("0.01"))
        except decimal.InvalidOperation:
            raise CellError(_("“%(value)s” is not an amount.") % {"value": value}) from None
        if not 0 <= number <= maximum:
            raise CellError(_("Give an amount from 0 to %(max)s.") % {"max": f"{maximum:,}"})
        return number

    return parse


def day(earliest: datetime.date, latest: datetime.date) -> Callable[[Any, dict], datetime.date | None]:
    """A date cell, or text as 2026-05-20 / 2026/5/20 / 2026.5.20."""

    def parse(value, context) -> datetime.date | None:
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            result = value.date()
        elif isinstance(value, datetime.date):
            result = value
        else:
            textual = str(value).strip().replace("/", "-").replace(".", "-")
            try:
                year, month, day_ = (int(part) for part in textual.split("-"))
                result = datetime.date(year, month, day_)
            except (ValueError, TypeError):
                raise CellError(_("“%(value)s” is not a date (write it as 2026-05-20).") % {"value": value}) from None
        if not earliest <= result <= latest:
            raise CellError(
                _("Choose a day between %(start)s and %(end)s.")
                % {"start": earliest.isoformat(), "end": latest.isoformat()}
            )
        return result

    return parse


def _labels_in_every_language(choices) -> dict[str, str]:
    """Returns label (and value) → value, with the labels in every language of the site."""
    found: dict[str, str] = {}
    for value, _label in choices:
        found[str(value).casefold()] = value
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                found[str(label).casefold()] = value
    return found


def choice(choices_class) -> Callable[[Any, dict], str]:
    """One of a ``TextChoices``, written as its label (in Chinese or English) or its value."""

    def parse(value, context) -> str:
        if _blank(value):
            return ""
        key = f"_choices:{choices_class.__module__}.{choices_class.__name__}"
        if key not in context:  # built once per import, not once per cell
            context[key] = _labels_in_every_language(choices_class.choices)
        known = context[key]
        found = known.get(str(value).strip().casefold())
        if found is None:
            allowed = "、".join(str(label) for label in choices_class.labels)
            raise CellError(_("“%(value)s” is not one of: %(allowed)s.") % {"value": value, "allowed": allowed})
        return found

    return parse


def lookup(name: str, message: Promise | str) -> Callable[[Any, dict], Any]:
    """A thing named in the cell, found in ``context[name]`` (label → object, built by the importer's
    ``context`` from what the user may name); ``message`` when it is not there."""

    def parse(value, context):
        if _blank(value):
            return None
        found = context[name].get(str(value).strip())
        if found is None:
            raise CellError(str(message) % {"value": value})
        return found

    return parse


# ---- reading --------------------------------------------------------------------------------------------


def _open(file: IO[bytes]) -> Any:
    """Returns the first worksheet of the workbook in ``file`` (read-only), refusing what is not a plain,
    macro-free .xlsx workbook of acceptable size."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    if size > settings.IMPORT_MAX_BYTES:
        raise Refused(
            _("The file is too large (%(size)s MB; at most %(max)s MB).")
            % {"size": f"{size / 1_048_576:.1f}", "max": f"{settings.IMPORT_MAX_BYTES / 1_048_576:.0f}"}
        )
    if not zipfile.is_zipfile(file):
        raise Refused(_("This is not an Excel workbook (.xlsx). Save it as .xlsx and try again."))
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        if names & set(MACRO_PARTS) or any(n.lower().endswith(".bin") and "vba" in n.lower() for n in names):
            raise Refused(_("The workbook carries macros; save it as a plain .xlsx workbook without macros."))
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
            raise Refused(_("This is not an Excel workbook (.xlsx). Save it as .xlsx and try again."))
        content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
        if "macroEnabled" in content_types:
            raise Refused(_("The workbook carries macros; save it as a plain .xlsx workbook without macros."))
    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to parse means the same to the user
        raise Refused(_("The workbook cannot be read; open it in Excel, save it as .xlsx and try again.")) from None
    if not workbook.worksheets:
        raise Refused(_("The workbook has no sheet."))
    return workbook.worksheets[0]


def _headers(importer: Importer) -> dict[str, Field]:
    """Returns header text (in every language of the site, case-folded) → field."""
    found: dict[str, Field] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for f in importer.fields:
                found[str(f.header).strip().casefold()] = f
    return found


def _find_header(rows: Iterator[tuple], importer: Importer) -> tuple[int, dict[int, Field]]:
    known = _headers(importer)
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        row = next(rows, None)
        if row is None:
            break
        columns = {
            i: known[str(v).strip().casefold()]
            for i, v in enumerate(row)
            if v is not None and str(v).strip().casefold() in known
        }
        if len(columns) >= min(2, len(importer.fields)):  # the row naming the template's columns
            missing = [str(f.header) for f in importer.fields if f.required and f not in columns.values()]
            if missing:
                raise Refused(
                    _(
                        "This workbook was not made from the template of “%(title)s”: "
                        "the columns %(missing)s are missing."
                    )
                    % {"title": importer.title, "missing": "、".join(missing)}
                )
            return number, columns
    raise Refused(
        _(
            "This workbook was not made from the template of “%(title)s”: its header row was not found. "
            "Download the template and copy your rows into it."
        )
        % {"title": importer.title}
    )


def check(user, importer: Importer, file: IO[bytes], *, context: dict | None = None) -> Report:
    """Reads the workbook and checks every cell of every row, then every good row's rules. Writes nothing.
    Returns the report: the rows when all are good, else every problem (row, column, reason)."""
    report = Report()
    try:
        sheet = _open(file)
    except Refused as exc:
        report.refused = exc.message
        return report
    context = context if context is not None else importer.context(user)
    rows = sheet.iter_rows(values_only=True)
    try:
        header_number, columns = _find_header(rows, importer)
    except Refused as exc:
        report.refused = exc.message
        return report
    by_name = {f.name: f for f in importer.fields}
    for offset, cells in enumerate(rows, start=header_number + 1):
        if all(_blank(v) for v in cells):
            continue
        if len(report.rows) + len({p.row for p in report.problems}) >= settings.IMPORT_MAX_ROWS:
            report.refused = _("The workbook has more than %(max)s rows; split it.") % {
                "max": f"{settings.IMPORT_MAX_ROWS:,}"
            }
            return report
        values: dict[str, Any] = {}
        bad = False
        for index, f in columns.items():
            cell = cells[index] if index < len(cells) else None
            if f.required and _blank(cell):
                report.problems.append(CellProblem(offset, str(f.header), _("This cell must be filled.")))
                bad = True
                continue
            try:
                values[f.name] = f.parse(cell, context)
            except CellError as exc:
                report.problems.append(CellProblem(offset, str(f.header), str(exc)))
                bad = True
        if bad:
            continue
        for f in importer.fields:
            values.setdefault(f.name, f.parse(None, context))
        for name, message in importer.check_row(user, values, context).items():
            header = str(by_name[name].header) if name in by_name else ""
            report.problems.append(CellProblem(offset, header, str(message)))
            bad = True
        if not bad:
            report.rows.append(Row(offset, values))
    if not report.rows and not report.problems:
        report.refused = _("The workbook has no rows below its header.")
    return report


def run(user, importer: Importer, file: IO[bytes], *, progress: Callable[[int, int], None] | None = None) -> Report:
    """Checks the workbook and, when every row is good, writes all rows in one transaction (nothing when one
    is bad, or when writing fails half way). Returns the report with what was created and updated."""
    context = importer.context(user)
    report = check(user, importer, file, context=context)
    if not report.ok:
        return report
    with transaction.atomic():
        report.created, report.updated = importer.save(user, [row.values for row in report.rows], context, progress)
    return report


def template(importer: Importer, *, rows: Iterable[list] = ()) -> bytes:
    """Returns the workbook a user fills: the header row (bold, frozen) and, on a second sheet, what each
    column takes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(importer.title)[:31]
    sheet.append([str(f.header) for f in importer.fields])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, f in enumerate(importer.fields, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = f.width
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(row)
    notes = workbook.create_sheet(_("Notes"))
    notes.append([_("Column"), _("Required"), _("What it takes")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for f in importer.fields:
        notes.append([str(f.header), _("yes") if f.required else _("no"), str(f.note)])
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
