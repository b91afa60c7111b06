"""Exports to .xlsx (read back with openpyxl) and CSV (read back with csv): header, rows, scope, filters."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alliances.models import Activity, Attendance, Decision, JointMeeting, TrackedProblem

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def records(alliances, city):
    """A held meeting in C1 (two attendees, one absent, one decision and its problem), a scheduled one in
    C1, and a held one in C3."""
    held = JointMeeting.objects.create(
        alliance=alliances.c1,
        title="一季度联席会议",
        starts_at=at(2025, 3, 10),
        ends_at=at(2025, 3, 10, 11),
        place="东艺社区会议室",
        host_unit=city.unit_1,
        status=JointMeeting.Status.HELD,
        minutes='=HYPERLINK("http://evil")',
    )
    Attendance.objects.create(meeting=held, unit=city.unit_1, attendee="刘一")
    Attendance.objects.create(
        meeting=held, unit=city.unit_2, attendee="陈二", status=Attendance.Status.ABSENT, absence_reason="出差"
    )
    decision = Decision.objects.create(meeting=held, position=1, text="修路灯")
    TrackedProblem.objects.create(
        alliance=alliances.c1,
        decision=decision,
        title="楼道照明设施损坏",
        category=TrackedProblem.Category.OLD_COMPOUND,
        responsible_unit=city.unit_1,
        deadline=datetime.date(2025, 5, 1),
        status=TrackedProblem.Status.SOLVED,
        resolution="已更换",
        closed_on=datetime.date(2025, 4, 20),
    )
    JointMeeting.objects.create(
        alliance=alliances.c1, title="二季度联席会议", starts_at=at(2025, 6, 10), place="会议室"
    )
    JointMeeting.objects.create(
        alliance=alliances.c3, title="北寿会议", starts_at=at(2025, 3, 12), place="会议室", status="held"
    )
    Activity.objects.create(alliance=alliances.c1, kind="visit", title="走访", starts_at=at(2025, 3, 1), place="社区")
    return held


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content)).active


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads Chinese
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_meetings_xlsx_has_a_frozen_header_real_dates_and_only_the_scope(client, records, alliances):
    client.force_login(alliances.c1_secretary)
    sheet = workbook(client.get(reverse("alliances:export", args=["meetings", "xlsx"])))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("ID", "Alliance", "Street or community", "Title", "Starts at")
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet["A1"].font.bold
    titles = [r[3] for r in rows[1:]]
    assert titles == ["一季度联席会议", "二季度联席会议"]  # the C3 meeting is outside the scope
    first = dict(zip(header, rows[1], strict=True))
    assert first["Starts at"] == at(2025, 3, 10).replace(tzinfo=None)  # local time, a real date cell
    assert sheet["E2"].is_date
    assert (first["Present"], first["Absent"], first["Decisions"]) == (1, 1, 1)
    assert first["Status"] == "Held"
    assert first["Host"] == records.host_unit.name
    assert sheet.cell(row=2, column=header.index("Minutes") + 1).data_type == "s"  # not a formula


def test_meetings_csv_with_filters(client, records, alliances):
    client.force_login(alliances.city_office)
    rows = csv_rows(client.get(reverse("alliances:export", args=["meetings", "csv"]), {"status": "held"}))
    assert rows[0][0] == "ID"
    assert sorted(r[3] for r in rows[1:]) == ["一季度联席会议", "北寿会议"]
    assert rows[1][4] == "2025-03-10 09:00"
    rows = csv_rows(
        client.get(
            reverse("alliances:export", args=["meetings", "csv"]),
            {"alliance": alliances.c1.pk, "period_after": "2025-04-01", "period_before": "2025-06-30"},
        )
    )
    assert [r[3] for r in rows[1:]] == ["二季度联席会议"]
    minutes = csv_rows(client.get(reverse("alliances:export", args=["meetings", "csv"]), {"status": "held"}))[1][-1]
    assert minutes.startswith("'=")  # neutralised for spreadsheets


def test_attendance_export_lists_each_attendee(client, records, alliances):
    client.force_login(alliances.street_secretary)
    sheet = workbook(client.get(reverse("alliances:export", args=["attendance", "xlsx"])))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-3:] == ("Attendee", "Attendance", "Reason for absence")
    assert sorted((r[5], r[6], r[7] or "") for r in rows[1:]) == [("刘一", "Present", ""), ("陈二", "Absent", "出差")]
    assert rows[1][3] == at(2025, 3, 10, 0).replace(tzinfo=None)
    rows = csv_rows(client.get(reverse("alliances:export", args=["attendance", "csv"]), {"status": "absent"}))
    assert [r[5] for r in rows[1:]] == ["陈二"]


def test_problems_export(client, records, alliances):
    client.force_login(alliances.unit_1_admin)  # the responsible unit's admin sees its problem
    rows = csv_rows(client.get(reverse("alliances:export", args=["problems", "csv"])))
    assert rows[0][3] == "Problem"
    assert [(r[3], r[8], r[10]) for r in rows[1:]] == [("楼道照明设施损坏", "Solved", "2025-04-20")]
    client.force_login(alliances.unit_3_admin)
    assert csv_rows(client.get(reverse("alliances:export", args=["problems", "csv"])))[1:] == []
    client.force_login(alliances.c1_secretary)
    sheet = workbook(client.get(reverse("alliances:export", args=["problems", "xlsx"]), {"status": "open"}))
    assert sheet.max_row == 1  # the header alone


def test_activities_export(client, records, alliances):
    client.force_login(alliances.c1_secretary)
    sheet = workbook(client.get(reverse("alliances:export", args=["activities", "xlsx"]), {"kind": "visit"}))
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[4] for r in rows[1:]] == ["走访"]


def test_bad_filters_reshow_the_page_with_errors(client, records, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("alliances:export", args=["meetings", "xlsx"]), {"period_after": "2025-13-01"})
    assert response.status_code == 400
    assert "period" in response.context["sections"][0][1].form.errors
    response = client.get(reverse("alliances:export", args=["meetings", "csv"]), {"alliance": records.pk + 999})
    assert response.status_code == 400
    response = client.get(reverse("alliances:export", args=["meetings", "csv"]), {"status": "bogus"})
    assert response.status_code == 400


def test_unknown_dataset_or_format_is_404(client, alliances):
    client.force_login(alliances.c1_secretary)
    assert client.get("/alliances/exports/people.xlsx").status_code == 404
    assert client.get("/alliances/exports/meetings.pdf").status_code == 404


def test_export_page_lists_every_dataset(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("alliances:exports"))
    assert response.status_code == 200
    assert [dataset.key for dataset, _f in response.context["sections"]] == [
        "meetings",
        "attendance",
        "problems",
        "activities",
    ]


def test_export_needs_a_login(client, alliances):
    url = reverse("alliances:export", args=["meetings", "csv"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_export_queries_do_not_grow_with_rows(client, records, alliances, django_assert_max_num_queries):
    client.force_login(alliances.c1_secretary)
    with django_assert_max_num_queries(10) as one:
        workbook(client.get(reverse("alliances:export", args=["meetings", "xlsx"])))
    for i in range(20):
        JointMeeting.objects.create(alliance=alliances.c1, title=f"会议{i}", starts_at=at(2025, 7, 1), place="室")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert workbook(client.get(reverse("alliances:export", args=["meetings", "xlsx"]))).max_row == 23
