"""A community secretary keeps the four lists in a real browser, at desktop size and on a phone: imports a
workbook of needs with one bad row (nothing is written, the bad cell is named), fixes it and imports again, then
matches one of the new needs to a proposed resource in one click."""

import io

import pytest
from openpyxl import Workbook

from accounts.models import Role
from ledgers.models import Need
from ledgers.services.needs import resource_create
from tests.browser.conftest import PASSWORD
from tests.factories import user_with_role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["编号", "街道或社区", "需求", "类别", "受益人数", "需求时限"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_secretary_imports_needs_fixes_a_bad_row_and_matches_a_need(screens, city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    secretary.set_password(PASSWORD)
    secretary.save(update_fields=["password"])
    resource = resource_create(
        user=secretary, node=city.c1, title="社区活动室", category="venue", quantity=4, provider_name="东艺社区"
    )
    me = screens("ledger-import")
    me.sign_in(secretary.username)

    # A workbook with a bad row in the middle: nothing is written, the bad cell is named.
    me.go("/imports/ledger-needs/")
    me.shot("upload")
    rows = [
        [None, "东艺社区", "老年活动室", "场地", 30, "2100-06-01"],
        [None, "东艺社区", "健身器材", "家具", 20, "2100-06-01"],
        [None, "东艺社区", "助餐志愿者", "人员和志愿者", 15, None],
    ]
    me.page.set_input_files(
        "input[name=workbook]", files=[{"name": "需求.xlsx", "mimeType": XLSX, "buffer": workbook(rows)}]
    )
    me.submit()
    problems = me.page.inner_text("#import-problems")
    assert "3" in problems and "类别" in problems and "家具" in problems
    assert not Need.objects.exists()
    me.shot("problems")

    # Fixed and uploaded again: the preview says what will be created; confirming imports all three.
    rows[1][3] = "设备物资"
    me.page.click("main a.btn")
    me.page.set_input_files(
        "input[name=workbook]", files=[{"name": "需求.xlsx", "mimeType": XLSX, "buffer": workbook(rows)}]
    )
    me.submit()
    assert "3" in me.page.inner_text("#import-preview")
    me.shot("preview")
    me.submit()
    me.page.locator("#import-progress .alert-success").wait_for()
    assert Need.objects.filter(node=city.c1).count() == 3
    me.shot("imported")

    # The venue need proposes the community's room; one click commits two of its four places.
    need = Need.objects.get(title="老年活动室")
    me.go(f"/ledgers/needs/{need.pk}/")
    me.shot("need")
    me.page.fill("#proposals input[name=quantity]", "2")
    with me.page.expect_navigation():
        me.page.click("#proposals button[type=submit]")
    assert "社区活动室" in me.page.inner_text("#matches")
    resource.refresh_from_db()
    need.refresh_from_db()
    assert (resource.remaining, need.status) == (2, "matched")
    me.shot("matched")
