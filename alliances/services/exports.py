"""Exports of joint meetings, attendance, tracked problems and activities to .xlsx and CSV.

Each dataset says which rows the user may export (scoped through ``accounts.scopes``, joined so that the
export runs one query however many rows), its columns and the FilterSet the list pages use. Workbooks have a
bold, frozen header row, column widths fitting Chinese text and real date cells; CSV is UTF-8 with a BOM
(so Excel reads Chinese correctly) and is produced row by row for streaming. Text that a spreadsheet would
run as a formula is neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from accounts import scopes
from alliances.activity_filters import ActivityFilter, AttendanceFilter
from alliances.filters import MeetingFilter, ProblemFilter
from alliances.models import (
    PARTY_ORGANISATION,
    Activity,
    ActivityPhoto,
    Attendance,
    Decision,
    JointMeeting,
    TrackedProblem,
)
from alliances.selectors.activities import activity_list
from alliances.selectors.meetings import meeting_list
from alliances.selectors.problems import problem_list

CHUNK_SIZE = 2000
FORMATS = ("xlsx", "csv")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
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
    key: str
    title: Promise | str
    columns: tuple[Column, ...]
    queryset: Callable[..., QuerySet]
    filterset_class: type


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _party_org() -> str:
    return str(PARTY_ORGANISATION)


def count_of(qs: QuerySet, link: str) -> Coalesce:
    """Returns a correlated ``(SELECT count(*) FROM … WHERE link = outer.pk)``: one count per exported row,
    computed in the database without joining several many-valued relations into one fan-out."""
    counted = qs.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def meetings_for_export(*, user) -> QuerySet[JointMeeting]:
    """Returns the meetings of the meeting list (scoped, ``minutes_overdue_days`` computed) by date, with
    the number of present and absent attendees and of decisions annotated."""
    return (
        meeting_list(user=user)
        .annotate(
            present=count_of(Attendance.objects.filter(status=Attendance.Status.PRESENT), "meeting"),
            absent=count_of(Attendance.objects.filter(status=Attendance.Status.ABSENT), "meeting"),
            decision_count=count_of(Decision.objects.all(), "meeting"),
        )
        .order_by("starts_at", "pk")
    )


def activities_for_export(*, user) -> QuerySet[Activity]:
    """Returns the activities of the activity list with the number of units and photos annotated."""
    return activity_list(user=user).annotate(
        unit_count=count_of(Activity.units.through.objects.all(), "activity"),
        photo_count=count_of(ActivityPhoto.objects.all(), "activity"),
    )


def attendance_for_export(*, user) -> QuerySet[Attendance]:
    """Returns the attendance rows the user may see, by meeting date, with meeting, alliance and unit joined."""
    return (
        scopes.visible(user, Attendance.objects.all())
        .select_related("meeting", "meeting__alliance", "meeting__alliance__node", "unit")
        .order_by("meeting__starts_at", "meeting_id", "pk")
    )


def problems_for_export(*, user) -> QuerySet[TrackedProblem]:
    """Returns the problems of the problem list (scoped, ``is_overdue`` computed) by deadline."""
    return problem_list(user=user).order_by("deadline", "pk")


DATASETS: dict[str, Dataset] = {
    "meetings": Dataset(
        key="meetings",
        title=gettext_lazy("Joint meetings"),
        queryset=meetings_for_export,
        filterset_class=MeetingFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda m: m.pk),
            Column(gettext_lazy("Alliance"), 36, lambda m: m.alliance.name),
            Column(gettext_lazy("Street or community"), 16, lambda m: m.alliance.node.name),
            Column(gettext_lazy("Title"), 36, lambda m: m.title),
            Column(gettext_lazy("Starts at"), 17, lambda m: m.starts_at),
            Column(gettext_lazy("Ends at"), 17, lambda m: m.ends_at),
            Column(gettext_lazy("Place"), 24, lambda m: m.place),
            Column(gettext_lazy("Host"), 30, lambda m: m.host_unit.name if m.host_unit else _party_org()),
            Column(gettext_lazy("Status"), 12, lambda m: m.get_status_display()),
            Column(gettext_lazy("Present"), 8, lambda m: m.present),
            Column(gettext_lazy("Absent"), 8, lambda m: m.absent),
            Column(gettext_lazy("Decisions"), 8, lambda m: m.decision_count),
            Column(gettext_lazy("Minutes recorded at"), 17, lambda m: m.minutes_recorded_at),
            Column(gettext_lazy("Minutes overdue"), 8, lambda m: _yes_no(m.minutes_overdue_days > 0)),
            Column(gettext_lazy("Minutes"), 60, lambda m: m.minutes),
        ),
    ),
    "attendance": Dataset(
        key="attendance",
        title=gettext_lazy("Attendance"),
        queryset=attendance_for_export,
        filterset_class=AttendanceFilter,
        columns=(
            Column(gettext_lazy("Meeting ID"), 10, lambda a: a.meeting_id),
            Column(gettext_lazy("Alliance"), 36, lambda a: a.meeting.alliance.name),
            Column(gettext_lazy("Meeting"), 36, lambda a: a.meeting.title),
            Column(gettext_lazy("Date"), 12, lambda a: timezone.localdate(a.meeting.starts_at)),
            Column(gettext_lazy("Unit"), 30, lambda a: a.unit.name if a.unit else _party_org()),
            Column(gettext_lazy("Attendee"), 12, lambda a: a.attendee),
            Column(gettext_lazy("Attendance"), 10, lambda a: a.get_status_display()),
            Column(gettext_lazy("Reason for absence"), 30, lambda a: a.absence_reason),
        ),
    ),
    "problems": Dataset(
        key="problems",
        title=gettext_lazy("Tracked problems"),
        queryset=problems_for_export,
        filterset_class=ProblemFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda p: p.pk),
            Column(gettext_lazy("Alliance"), 36, lambda p: p.alliance.name),
            Column(gettext_lazy("Street or community"), 16, lambda p: p.alliance.node.name),
            Column(gettext_lazy("Problem"), 40, lambda p: p.title),
            Column(gettext_lazy("Category"), 16, lambda p: p.get_category_display()),
            Column(gettext_lazy("Responsible unit"), 30, lambda p: p.responsible_unit.name),
            Column(
                gettext_lazy("Decided at meeting on"),
                14,
                lambda p: timezone.localdate(p.decision.meeting.starts_at) if p.decision_id else None,
            ),
            Column(gettext_lazy("Deadline"), 12, lambda p: p.deadline),
            Column(gettext_lazy("Status"), 12, lambda p: p.get_status_display()),
            Column(gettext_lazy("Overdue"), 8, lambda p: _yes_no(p.is_overdue)),
            Column(gettext_lazy("Closed on"), 12, lambda p: p.closed_on),
            Column(gettext_lazy("Resolution"), 50, lambda p: p.resolution),
        ),
    ),
    "activities": Dataset(
        key="activities",
        title=gettext_lazy("Activities"),
        queryset=activities_for_export,
        filterset_class=ActivityFilter,
        columns=(
            Column(gettext_lazy("ID"), 8, lambda a: a.pk),
            Column(gettext_lazy("Alliance"), 36, lambda a: a.alliance.name),
            Column(gettext_lazy("Street or community"), 16, lambda a: a.alliance.node.name),
            Column(gettext_lazy("Kind"), 18, lambda a: a.get_kind_display()),
            Column(gettext_lazy("Title"), 36, lambda a: a.title),
            Column(gettext_lazy("Starts at"), 17, lambda a: a.starts_at),
            Column(gettext_lazy("Place"), 24, lambda a: a.place),
            Column(
                gettext_lazy("Organiser"), 30, lambda a: a.organiser_unit.name if a.organiser_unit else _party_org()
            ),
            Column(gettext_lazy("Units"), 8, lambda a: a.unit_count),
            Column(gettext_lazy("Participants"), 10, lambda a: a.participants),
            Column(gettext_lazy("Households visited"), 10, lambda a: a.households_visited),
            Column(gettext_lazy("Photos"), 8, lambda a: a.photo_count),
        ),
    ),
}


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


def xlsx_bytes(dataset: Dataset, rows: Iterable[list[Any]]) -> bytes:
    """Returns a workbook (.xlsx bytes) of ``rows`` with a bold, frozen header row and set column widths."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(dataset.title)[:31])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(dataset.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for column in dataset.columns:
        cell = WriteOnlyCell(sheet, value=str(column.header))
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
