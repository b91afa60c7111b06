"""Excel in and out: printable exports, a template to fill, imports checked whole and written whole or not at
all (every bad cell named), refused files, the export-then-import round trip and large runs in Celery."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from ledgers import imports
from ledgers.models import ItemChange, Need, Resource
from ledgers.services.needs import match_confirm, need_create, resource_create
from liaoyuan.core import imports as engine

pytestmark = pytest.mark.django_db
D = datetime.date
NEED_HEADERS = ["ID", "Street or community", "Need", "Category", "Source", "People affected", "Urgency", "Needed by"]


def workbook(rows, headers=NEED_HEADERS) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "needs.xlsx"
    return buffer


def test_an_export_is_laid_out_for_printing(client, city, people):
    need_create(user=people.c1, node=city.c1, title="老年活动室", category="venue")
    client.force_login(people.street)
    response = client.get(reverse("ledgers:export", args=["needs", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("List of needs")
    assert [c.value for c in sheet[2]][:4] == ["ID", "Street or community", "Need", "Category"]
    assert sheet["B3"].value == "向阳街道/东艺社区"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$2"


def test_a_bad_row_in_the_middle_writes_nothing_and_every_bad_cell_is_named(city, people):
    file = workbook(
        [
            [None, "向阳街道/东艺社区", "路灯", "Equipment and materials", "Home visit", 20, "High", "2026-06-01"],
            [None, "向阳街道/东艺社区", "", "Venue", None, "many", "Soon", "2026-13-01"],
            [None, "北寿街道/北寿社区", "场地", "Venue", None, 1, None, None],
            [None, "东艺社区", "志愿者", "People and volunteers", None, None, None, datetime.datetime(2026, 7, 1)],  # noqa: DTZ001 - a date cell as Excel stores it
        ]
    )
    report = engine.run(people.c1, imports.NEEDS, file)
    problems = {(p.row, p.column) for p in report.problems}
    assert problems == {
        (3, "Need"),
        (3, "People affected"),
        (3, "Urgency"),
        (3, "Needed by"),
        (4, "Street or community"),  # another street: not the C1 secretary's lists
    }
    assert not Need.objects.exists()
    assert not ItemChange.objects.exists()


def test_a_good_workbook_creates_every_row_with_its_history(city, people):
    file = workbook(
        [
            [None, "向阳街道/东艺社区", "路灯", "设备物资", "入户走访", 20, "高", datetime.date(2026, 6, 1)],
            [None, "东艺社区", "志愿者", "people", None, None, None, None],
        ]
    )
    report = engine.run(people.c1, imports.NEEDS, file)
    assert report.ok, report.problems
    assert (report.created, report.updated) == (2, 0)
    lamp = Need.objects.get(title="路灯")
    assert (lamp.category, lamp.source, lamp.urgency, lamp.needed_by) == (
        "equipment",
        "home_visit",
        "high",
        D(2026, 6, 1),
    )
    assert ItemChange.objects.filter(kind="need", action="imported", user=people.c1).count() == 2


def test_export_then_import_round_trip_updates_the_items(client, city, people):
    need = need_create(user=people.c1, node=city.c1, title="老年活动室", category="venue", people_affected=5)
    resource = resource_create(
        user=people.c1, node=city.c1, title="会议室", category="venue", quantity=10, provider_unit=city.unit_1
    )
    match_confirm(user=people.c1, need=need, resource=resource, quantity=4)
    client.force_login(people.c1)
    for key, importer in (("needs", imports.NEEDS), ("resources", imports.RESOURCES)):
        book = load_workbook(io.BytesIO(client.get(reverse("ledgers:export", args=[key, "xlsx"])).content))
        sheet = book.active
        headers = [c.value for c in sheet[2]]
        if key == "needs":
            sheet.cell(3, headers.index("People affected") + 1, 50)
        else:
            sheet.cell(3, headers.index("Quantity") + 1, 12)
        buffer = io.BytesIO()
        book.save(buffer)
        report = engine.run(people.c1, importer, buffer)
        assert report.ok, report.problems
        assert (report.created, report.updated) == (0, 1)
    need.refresh_from_db()
    resource.refresh_from_db()
    assert need.people_affected == 50
    assert (resource.quantity, resource.remaining) == (12, 8)  # what was committed stays committed
    change = ItemChange.objects.filter(kind="need", item_id=need.pk, action="imported").get()
    assert change.changes == {"people_affected": [5, 50]}


def test_a_quantity_below_what_is_committed_is_refused(city, people):
    need = need_create(user=people.c1, node=city.c1, title="活动室", category="venue")
    resource = resource_create(
        user=people.c1, node=city.c1, title="会议室", category="venue", quantity=10, provider_name="张"
    )
    match_confirm(user=people.c1, need=need, resource=resource, quantity=6)
    headers = ["ID", "Street or community", "Resource", "Category", "Provider", "Quantity"]
    report = engine.run(
        people.c1, imports.RESOURCES, workbook([[resource.pk, "东艺社区", "会议室", "Venue", "张", 5]], headers)
    )
    assert [(p.row, p.column) for p in report.problems] == [(2, "Quantity")]
    assert Resource.objects.get(pk=resource.pk).quantity == 10


def test_an_id_the_user_may_not_change_is_refused(city, people):
    far = need_create(user=people.c3, node=city.c3, title="北寿", category="venue")
    report = engine.run(people.c1, imports.NEEDS, workbook([[far.pk, "东艺社区", "改", "Venue"]]))
    assert [(p.row, p.column) for p in report.problems] == [(2, "ID")]
    assert Need.objects.get(pk=far.pk).title == "北寿"


def _macro_workbook() -> io.BytesIO:
    buffer = workbook([[None, "东艺社区", "x", "Venue"]])
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.writestr("xl/vbaProject.bin", b"\x00macro")
    out.seek(0)
    return out


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: io.BytesIO(b"name,title\n1,2\n"), "not an Excel workbook"),
        (_macro_workbook, "macros"),
        (lambda: workbook([[1, 2]], headers=["Name", "Phone"]), "not made from the template"),
        (lambda: workbook([[None, "x"]], headers=["ID", "Need"]), "columns"),
        (lambda: workbook([]), "no rows"),
    ],
)
def test_a_file_that_is_not_a_clean_workbook_of_the_template_is_refused(city, people, make, says):
    report = engine.run(people.c1, imports.NEEDS, make())
    assert says in report.refused
    assert not Need.objects.exists()


def test_a_too_large_or_too_long_workbook_is_refused(city, people, settings):
    settings.IMPORT_MAX_ROWS = 2
    report = engine.check(people.c1, imports.NEEDS, workbook([[None, "东艺社区", f"n{i}", "Venue"] for i in range(3)]))
    assert "more than 2 rows" in report.refused
    settings.IMPORT_MAX_BYTES = 100
    report = engine.check(people.c1, imports.NEEDS, workbook([[None, "东艺社区", "n", "Venue"]]))
    assert "too large" in report.refused


def test_the_template_has_the_headers_and_notes(client, city, people):
    client.force_login(people.c1)
    response = client.get(reverse("imports:template", args=["ledger-needs"]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]][:3] == ["ID", "Street or community", "Need"]
    assert len(book.worksheets) == 2


def test_a_secretary_fixes_a_bad_row_and_imports_through_the_pages(client, city, people, settings):
    client.force_login(people.c1)
    url = reverse("imports:upload", args=["ledger-needs"])
    bad = workbook([[None, "东艺社区", "路灯", "Venue"], [None, "东艺社区", "长椅", "Furniture"]])
    response = client.post(url, {"workbook": bad}, follow=True)
    page = response.content.decode()
    assert 'id="import-problems"' in page and "Furniture" in page
    assert not Need.objects.exists()

    good = workbook([[None, "东艺社区", "路灯", "Venue"], [None, "东艺社区", "长椅", "Equipment and materials"]])
    response = client.post(url, {"workbook": good}, follow=True)
    assert 'id="import-preview"' in response.content.decode()
    confirm = reverse("imports:confirm", args=[response.resolver_match.kwargs["token"]])
    response = client.post(confirm, follow=True)
    assert "2 created" in response.content.decode()
    assert Need.objects.count() == 2
    assert client.post(confirm).status_code == 302  # confirming again writes nothing more
    assert Need.objects.count() == 2


def test_someone_elses_run_is_not_found(client, city, people):
    client.force_login(people.c1)
    response = client.post(
        reverse("imports:upload", args=["ledger-needs"]), {"workbook": workbook([[None, "东艺社区", "x", "Venue"]])}
    )
    run = response["Location"]
    client.force_login(people.c2)
    assert client.get(run).status_code == 404


def test_a_large_import_runs_in_celery_with_progress(client, city, people, settings, eager):
    settings.IMPORT_SYNC_ROWS = 5
    client.force_login(people.c1)
    rows = [[None, "东艺社区", f"需求{i}", "Venue"] for i in range(12)]
    response = client.post(reverse("imports:upload", args=["ledger-needs"]), {"workbook": workbook(rows)}, follow=True)
    token = response.resolver_match.kwargs["token"]
    with django_capture(client) as done:
        response = client.post(reverse("imports:confirm", args=[token]), follow=True)
    assert done
    assert Need.objects.count() == 12
    progress = client.get(reverse("imports:progress", args=[token])).content.decode()
    assert "100%" in progress and "12 created" in progress


class django_capture:  # noqa: N801 - runs the on-commit callbacks (the task's enqueue) of the block
    def __init__(self, client):
        self.client = client

    def __enter__(self):
        from django.test import TestCase

        self.context = TestCase.captureOnCommitCallbacks(execute=True)
        return self.context.__enter__()

    def __exit__(self, *exc):
        return self.context.__exit__(*exc)


SECRETARY_HEADERS = [
    "ID",
    "Year",
    "Party organisation of",
    "Secretary",
    "Project",
    "Yearly plan",
    "Year-end result",
    "Status",
]


def test_secretary_projects_import_with_every_bad_cell_named(city, people):
    from ledgers.models import SecretaryProject

    bad = workbook(
        [
            [None, 2025, "东艺社区", "张书记", "社工岗", "建", "已建成", "Completed"],
            [None, 1999, "北寿社区", "李书记", "经费", "保", None, "Completed"],
            [None, 2025, "东艺社区", "张书记", "社工岗", "建", None, "Planned"],
        ],
        SECRETARY_HEADERS,
    )
    report = engine.run(people.street, imports.SECRETARY_PROJECTS, bad)
    assert {(p.row, p.column) for p in report.problems} == {
        (3, "Year"),
        (3, "Party organisation of"),  # another street
        (4, "Project"),  # the same title twice in one year
    }
    assert not SecretaryProject.objects.exists()
    good = workbook(
        [[None, 2025, "向阳街道/东艺社区", "张书记", "社工岗", "建", "已建成", "已完成"]], SECRETARY_HEADERS
    )
    report = engine.run(people.street, imports.SECRETARY_PROJECTS, good)
    assert report.ok, report.problems
    project = SecretaryProject.objects.get()
    assert (project.node, project.status, project.closed_on is not None) == (city.c1, "completed", True)
