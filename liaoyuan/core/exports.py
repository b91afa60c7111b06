"""The one export engine: any app registers a list export; rows stream to .xlsx (openpyxl write-only) or CSV.

An app describes a ``Dataset`` (its key, title, columns, the scoped queryset of a user and the FilterSet of
its list page) and registers it (``exports.register(dataset)``, at import of the app's exports module, from
its ``AppConfig.ready()``). The engine:

- reads the rows in chunks (``QuerySet.iterator``) and writes them as they come: memory does not grow
  with the export; counts per row are computed by the database (``count_of`` in ``liaoyuan.core.queries``),
  never by joining several many-valued relations into one fan-out;
- answers a small export in the request (``EXPORT_ASYNC_ROWS`` rows or fewer), and hands a larger one to a
  Celery task (the ``exports`` app: ``ExportJob``, a progress bar, a download link only its owner may
  follow, files removed after ``EXPORT_KEEP_HOURS``).

Workbooks have a bold, frozen header row, column widths fitting Chinese text and real date cells; CSV is
UTF-8 with a BOM (so Excel reads Chinese correctly). Text that a spreadsheet would run as a formula is
neutralised.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

CHUNK_SIZE = 2000
FORMATS = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
XLSX_CONTENT_TYPE = CONTENT_TYPES["xlsx"]
CSV_CONTENT_TYPE = CONTENT_TYPES["csv"]
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column: its header, its width in characters (a Chinese character counts two) and how to get
    its value from a row object."""

    header: Promise | str
    width: int
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Dataset:
    """``printable``: the workbook is laid out as an office prints a ledger: a title row (the dataset's title
    and the day it was printed) above the header, landscape pages one page wide, the title and header
    repeated on every page."""

    key: str
    title: Promise | str
    columns: tuple[Column, ...]
    queryset: Callable[..., QuerySet]
    filterset_class: type
    printable: bool = False


_registry: dict[str, Dataset] = {}


def register(dataset: Dataset) -> Dataset:
    """Adds ``dataset`` to the exports every page and task can find by its key; returns it."""
    _registry[dataset.key] = dataset
    return dataset


def get(key: str) -> Dataset | None:
    return _registry.get(key)


def registered() -> dict[str, Dataset]:
    """Returns the registered datasets, key → dataset, in the order they were registered."""
    return dict(_registry)


def filterset_for(dataset: Dataset, *, request, data=None):
    """Returns the dataset's FilterSet on the rows the user may export, bound to ``data`` when given."""
    return dataset.filterset_class(
        data, queryset=dataset.queryset(user=request.user), request=request, area_choices=True
    )


def export_rows(dataset: Dataset, qs: QuerySet) -> Iterator[list[Any]]:
    """Returns an iterator over the rows of ``qs`` as lists of Python values, one per column, reading the
    database in chunks."""
    columns = dataset.columns
    for obj in qs.iterator(chunk_size=CHUNK_SIZE):
        yield [column.value(obj) for column in columns]


def _local_naive(value: datetime) -> datetime:
    """Returns an aware datetime as the naive local time (Excel has no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None)


def _xlsx_cell(sheet, value: Any) -> WriteOnlyCell:
    """Returns a cell for ``value``: dates and times as real date cells, text never as a formula."""
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=_local_naive(value))
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (str, Promise)):
        text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters are not allowed in a workbook
        cell = WriteOnlyCell(sheet, value=text)
        if text.startswith("="):
            cell.data_type = "s"  # openpyxl would store it as a formula
    else:
        cell = WriteOnlyCell(sheet, value=value)
    return cell


def _csv_value(value: Any) -> str:
    """Returns ``value`` as CSV text: local times to the minute, ISO dates, neutralised formulas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, (str, Promise)) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    """A file-like object whose ``write`` returns what it is given, for ``csv.writer``."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(dataset: Dataset, rows: Iterable[list[Any]]) -> Iterator[str]:
    """Returns an iterator over the CSV text: a byte-order mark and the header, then one line per row."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([str(column.header) for column in dataset.columns])
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def export_filename(dataset: Dataset, fmt: str) -> str:
    """Returns the download name: the dataset and today's date, e.g. ``meetings-2026-11-30.xlsx``."""
    return f"{dataset.key}-{timezone.localdate().isoformat()}.{fmt}"


SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def sheet_title(title) -> str:
    """Returns ``title`` as Excel allows a sheet's name: at most 31 characters, none of ``\\ / ? * [ ] :``
    (a colon becomes the full-width ``：``)."""
    return SHEET_TITLE_FORBIDDEN.sub(lambda m: "：" if m.group() == ":" else "-", str(title))[:31]


def write_xlsx(dataset: Dataset, rows: Iterable[list[Any]], file: IO[bytes]) -> None:
    """Writes a workbook of ``rows`` to ``file`` (write-only mode: rows go to disk as they come)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(dataset.title))
    header_row = 2 if dataset.printable else 1
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, column in enumerate(dataset.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    if dataset.printable:
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = "9"  # A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = f"1:{header_row}"
        title = WriteOnlyCell(sheet, value=f"{dataset.title}（{timezone.localdate().isoformat()}）")
        title.font = Font(bold=True, size=14)
        sheet.append([title])
    header = []
    for column in dataset.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    workbook.save(file)


def xlsx_bytes(dataset: Dataset, rows: Iterable[list[Any]]) -> bytes:
    """Returns a workbook (.xlsx bytes) of ``rows``: for small exports answered in the request."""
    buffer = io.BytesIO()
    write_xlsx(dataset, rows, buffer)
    return buffer.getvalue()


def write_csv(dataset: Dataset, rows: Iterable[list[Any]], file: IO[bytes]) -> None:
    """Writes the CSV of ``rows`` to ``file`` (UTF-8 with a BOM), line by line."""
    for chunk in csv_chunks(dataset, rows):
        file.write(chunk.encode("utf-8"))


def write_file(dataset: Dataset, rows: Iterable[list[Any]], fmt: str, file: IO[bytes]) -> None:
    (write_xlsx if fmt == "xlsx" else write_csv)(dataset, rows, file)
