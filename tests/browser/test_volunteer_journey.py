"""Dual reporting and service at the post, on a phone: a party member reports to the community where they live,
the community's secretary approves, the member claims a place on a shift and, at the post, checks in with the
6-digit code the organiser shows."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from people.models import Person
from tests.browser.conftest import PASSWORD
from tests.factories import PersonFactory, user_with_role
from volunteers import services
from volunteers.models import Claim, DualReport, RecordKind, ServiceRecord


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["phone"])
def test_a_member_reports_is_approved_claims_a_shift_and_checks_in_with_the_code(screens, city):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    member = user_with_role(
        Role.PARTY_MEMBER,
        person=PersonFactory(
            household=city.household_1,
            party_status=Person.PartyStatus.IN_SERVICE,
            work_unit=city.unit_1,
            name="刘先锋",
        ),
    )
    for user in (secretary, member):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    post = services.post_create(
        user=secretary, node=city.c1, title="文明交通劝导", category="public_order", place="东艺社区南门路口"
    )
    soon = timezone.now() + datetime.timedelta(minutes=10)
    shift = services.shifts_add(
        user=secretary, post=post, starts_at=soon, ends_at=soon + datetime.timedelta(hours=2), capacity=4
    )[0]

    phone = screens("member")
    page = phone.page
    phone.sign_in(member.username)
    phone.go("/volunteers/reports/new/")
    phone.shot("report")
    phone.submit()
    report = DualReport.objects.get()
    assert (report.person, report.community, report.status) == (member.person, city.c1, DualReport.Status.PENDING)
    phone.shot("reported")

    desk = screens("community")
    desk.sign_in(secretary.username)
    desk.go("/volunteers/reports/")
    assert "刘先锋" in desk.page.inner_text("main")
    desk.shot("to-approve")
    with desk.page.expect_navigation():
        desk.page.click(f"form[action='/volunteers/reports/{report.pk}/decide/'] button[value=approve]")
    assert DualReport.objects.get().status == DualReport.Status.APPROVED
    desk.go("/volunteers/members/")
    assert "刘先锋" in desk.page.inner_text("main")
    desk.shot("roster")

    phone.go("/volunteers/")
    phone.shot("posts")
    with page.expect_navigation():
        page.click(f"a[href='/volunteers/posts/{post.pk}/']")
    phone.shot("post")
    with page.expect_navigation():
        page.click(f"a[href='/volunteers/shifts/{shift.pk}/claim/']")
    phone.shot("claim")
    phone.submit()
    assert Claim.objects.get().person == member.person
    assert "您已认领" in page.inner_text("main")

    desk.go(f"/volunteers/shifts/{shift.pk}/code/")
    desk.submit()
    code = desk.page.inner_text("#code").strip()
    assert len(code) == 6 and desk.page.locator(".qr-code-large svg").count() == 1
    desk.shot("code")

    phone.go("/volunteers/check-in/")
    page.fill("input[name=code]", code)
    phone.shot("check-in")
    phone.submit()
    record = ServiceRecord.objects.get()
    assert (record.person, record.kind, record.checked_out_at) == (member.person, RecordKind.RECORDED, None)
    assert "在岗" in page.inner_text("main")
    phone.shot("checked-in")
