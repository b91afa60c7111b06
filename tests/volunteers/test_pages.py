"""The volunteer pages: browsing posts, publishing one with recurring shifts, claiming (for oneself and, by a unit's
admin, for a named member) with each refusal a translated error on the page, withdrawing, checking in and out
with the code, the organiser's code and hours, dual reporting and its approval, the roster, one's own page,
the certificate and its public verification, the national CSV and the emergency page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from volunteers import services
from volunteers.models import Certificate, Claim, DualReport, Post, RecordKind, RecordStatus, ServiceRecord, Shift

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_every_signed_in_account_browses_open_posts_as_phone_cards(client, post, shift, actors):
    client.force_login(actors.member)
    response = client.get(reverse("volunteers:posts"), {"category": "elder_care"})
    assert response.status_code == 200
    assert "敬老院助老" in html(response)
    assert 'class="table table-cards' in html(response)
    assert response.context["page"][0].places_left == 2


def test_posts_filter_by_community_and_emergency(client, post, shift, actors, city):
    client.force_login(actors.member)
    assert "敬老院助老" not in html(client.get(reverse("volunteers:posts"), {"community": city.c3.pk}))
    assert "敬老院助老" not in html(client.get(reverse("volunteers:posts"), {"is_emergency": "true"}))
    assert "敬老院助老" in html(client.get(reverse("volunteers:posts"), {"community": city.c1.pk}))


def test_a_closed_post_is_seen_only_in_its_area(client, post, actors):
    services.post_close(user=actors.c1, post=post)
    client.force_login(actors.member)
    assert client.get(reverse("volunteers:post", args=[post.pk])).status_code == 404
    client.force_login(actors.c1)
    assert client.get(reverse("volunteers:post", args=[post.pk])).status_code == 200


def test_a_community_publishes_a_post_with_recurring_shifts(client, actors, city):
    client.force_login(actors.c1)
    day = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(
        reverse("volunteers:post_create"),
        {
            "node": city.c1.pk,
            "title": "垃圾分类督导",
            "category": "environment",
            "place": "东艺社区1号楼",
            "eligibility": "party_members",
            "day": day.isoformat(),
            "starts": "07:00",
            "ends": "09:00",
            "capacity": "3",
            "count": "4",
            "repeat_days": "7",
        },
    )
    post = Post.objects.get(title="垃圾分类督导")
    assert response.status_code == 302
    assert list(post.shifts.values_list("capacity", flat=True)) == [3, 3, 3, 4 - 1]
    assert post.shifts.count() == 4
    starts = [timezone.localtime(s.starts_at) for s in post.shifts.all()]
    assert starts[1] - starts[0] == datetime.timedelta(days=7) and starts[0].hour == 7


def test_publishing_a_shift_in_the_past_is_refused_and_nothing_is_written(client, actors, city):
    client.force_login(actors.c1)
    day = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("volunteers:post_create"),
        {
            "node": city.c1.pk,
            "title": "X",
            "category": "other",
            "place": "Y",
            "eligibility": "anyone",
            "day": day.isoformat(),
            "starts": "07:00",
            "ends": "09:00",
            "capacity": "3",
            "count": "1",
        },
    )
    assert response.status_code == 400
    assert "A shift starts in the future." in html(response)
    assert not Post.objects.exists()


def test_a_member_or_a_resident_may_not_publish(client, actors):
    client.force_login(actors.member)
    assert client.get(reverse("volunteers:post_create")).status_code == 403


def test_a_member_claims_a_place_in_one_tap(client, shift, actors):
    client.force_login(actors.member)
    page = client.get(reverse("volunteers:shift_claim", args=[shift.pk]))
    assert page.status_code == 200 and not page.context["for_others"]
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]))
    assert response.status_code == 302
    assert Claim.objects.get().person == actors.member_person


def test_a_unit_admin_claims_for_a_named_member(client, shift, actors):
    client.force_login(actors.unit_1_admin)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]), {"person": actors.other_person.pk})
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.person, claim.claimed_by) == (actors.other_person, actors.unit_1_admin)


def test_a_unit_admin_cannot_name_someone_outside_the_unit(client, shift, actors, city):
    client.force_login(actors.unit_1_admin)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]), {"person": city.resident_2.pk})
    assert response.status_code == 400
    assert not Claim.objects.exists()


def test_a_full_shift_is_refused_with_a_clear_error(client, shift, actors):
    Shift.objects.filter(pk=shift.pk).update(capacity=1, claimed=1)
    client.force_login(actors.member)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]))
    assert response.status_code == 400
    assert "This shift is full." in html(response)
    assert not Claim.objects.exists()


def test_a_started_shift_and_a_closed_post_are_refused_with_clear_errors(client, shift, post, actors):
    client.force_login(actors.member)
    Shift.objects.filter(pk=shift.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    assert "This shift has already started." in html(client.post(reverse("volunteers:shift_claim", args=[shift.pk])))
    Post.objects.filter(pk=post.pk).update(is_open=False)
    client.force_login(actors.c1)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]), {"person": actors.member_person.pk})
    assert "This post is closed." in html(response)
    assert not Claim.objects.exists()


def test_a_resident_is_refused_a_post_for_party_members(client, shift, city):
    from accounts.models import Role
    from tests.factories import user_with_role

    resident = user_with_role(Role.RESIDENT, person=city.resident_1)
    client.force_login(resident)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]))
    assert response.status_code == 400
    assert "This post is open to: Party members." in html(response)


def test_the_refusal_is_translated(client, shift, actors, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    Shift.objects.filter(pk=shift.pk).update(capacity=1, claimed=1)
    client.force_login(actors.member)
    response = client.post(reverse("volunteers:shift_claim", args=[shift.pk]))
    assert "本班次名额已满。" in html(response)


def test_a_member_withdraws_before_the_start(client, shift, actors):
    claim = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    client.force_login(actors.member)
    response = client.post(reverse("volunteers:claim_withdraw", args=[claim.pk]), {"next": "/volunteers/me/"})
    assert response.status_code == 302 and response["Location"] == "/volunteers/me/"
    claim.refresh_from_db()
    shift.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN and shift.claimed == 0


def test_another_member_cannot_withdraw_my_claim(client, shift, actors, city):
    from accounts.models import Role
    from tests.factories import user_with_role

    claim = services.claim(user=actors.member, shift=shift, person=actors.member_person)
    stranger = user_with_role(Role.PARTY_MEMBER, person=city.resident_2)
    client.force_login(stranger)
    assert client.post(reverse("volunteers:claim_withdraw", args=[claim.pk])).status_code == 404
    assert Claim.objects.get().status == Claim.Status.ACTIVE


def _running(shift):
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=timezone.now() - datetime.timedelta(minutes=10), ends_at=timezone.now() + datetime.timedelta(hours=2)
    )
    shift.refresh_from_db()
    return shift


def test_the_organiser_shows_the_code_big_with_a_qr_code_of_the_check_in_page(client, shift, actors):
    client.force_login(actors.c1)
    client.post(reverse("volunteers:shift_code", args=[shift.pk]))
    shift.refresh_from_db()
    page = html(client.get(reverse("volunteers:shift_code", args=[shift.pk])))
    assert len(shift.code) == 6 and shift.code in page
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_a_member_checks_in_and_out_with_the_code_only(client, shift, actors):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    shift = _running(shift)
    services.code_issue(user=actors.c1, shift=shift)
    shift.refresh_from_db()
    client.force_login(actors.member)
    page = client.get(reverse("volunteers:check_in"), {"code": shift.code})
    assert f'value="{shift.code}"' in html(page)
    assert client.post(reverse("volunteers:check_in"), {"code": shift.code}).status_code == 302
    record = ServiceRecord.objects.get()
    assert record.kind == RecordKind.RECORDED and record.checked_out_at is None
    client.post(reverse("volunteers:check_in"), {"code": shift.code})
    record.refresh_from_db()
    assert record.checked_out_at is not None


def test_a_wrong_code_is_refused_and_nothing_is_recorded(client, shift, actors):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    shift = _running(shift)
    services.code_issue(user=actors.c1, shift=shift)
    client.force_login(actors.member)
    wrong = "000000" if Shift.objects.get(pk=shift.pk).code != "000000" else "111111"
    response = client.post(reverse("volunteers:check_in"), {"code": wrong})
    assert response.status_code == 400
    assert "Wrong check-in code" in html(response)
    assert not ServiceRecord.objects.exists()


def test_the_organiser_declares_hours_and_the_community_approves_them(client, shift, actors):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    Shift.objects.filter(pk=shift.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=5), ends_at=timezone.now() - datetime.timedelta(hours=2)
    )
    client.force_login(actors.c1)
    response = client.post(
        reverse("volunteers:shift_hours", args=[shift.pk]), {"person": actors.member_person.pk, "hours": "2.5"}
    )
    assert response.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.kind, record.status, record.hours) == (RecordKind.DECLARED, RecordStatus.PENDING, Decimal("2.50"))
    listed = client.get(reverse("volunteers:records"))
    assert listed.context["rows"][0] == (record, True)
    client.post(reverse("volunteers:record_decide", args=[record.pk]), {"decision": "approve"})
    record.refresh_from_db()
    assert record.status == RecordStatus.APPROVED


def test_declaring_more_hours_than_the_shift_is_refused(client, shift, actors):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    client.force_login(actors.c1)
    response = client.post(
        reverse("volunteers:shift_hours", args=[shift.pk]), {"person": actors.member_person.pk, "hours": "5"}
    )
    assert response.status_code == 400
    assert not ServiceRecord.objects.exists()


def test_declining_hours_needs_a_reason(client, actors, city):
    record = services.declare_hours(
        user=actors.c1, person=actors.member_person, hours=2, community=city.c1, served_on=timezone.localdate()
    )
    client.force_login(actors.c1)
    client.post(reverse("volunteers:record_decide", args=[record.pk]), {"decision": "decline"})
    assert ServiceRecord.objects.get().status == RecordStatus.PENDING


def test_a_member_reports_and_the_community_approves_into_the_roster(client, actors, city):
    client.force_login(actors.member)
    form = client.get(reverse("volunteers:report_create"))
    assert form.context["form"].initial["community"] == city.c1
    assert client.post(reverse("volunteers:report_create"), {"community": city.c1.pk}).status_code == 302
    report = DualReport.objects.get()
    client.force_login(actors.c1)
    listed = client.get(reverse("volunteers:reports"))
    assert listed.context["rows"][0] == (report, "党员甲", True)
    client.post(reverse("volunteers:report_decide", args=[report.pk]), {"decision": "approve"})
    roster = client.get(reverse("volunteers:roster"))
    assert "党员甲" in html(roster) and city.grid_1.name in html(roster)


def test_declining_a_report_without_a_reason_is_refused(client, actors, city):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    client.force_login(actors.c1)
    response = client.post(reverse("volunteers:report_decide", args=[report.pk]), {"decision": "decline"}, follow=True)
    assert "Give the reason for declining." in html(response)
    report.refresh_from_db()
    assert report.status == DualReport.Status.PENDING


def test_another_community_cannot_decide(client, actors, city):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    client.force_login(actors.c3)
    assert (
        client.post(reverse("volunteers:report_decide", args=[report.pk]), {"decision": "approve"}).status_code == 404
    )


def test_a_unit_admin_reports_several_members(client, actors, city):
    client.force_login(actors.unit_1_admin)
    response = client.post(
        reverse("volunteers:report_create"),
        {"community": city.c1.pk, "person_1": actors.member_person.pk, "person_2": actors.other_person.pk},
    )
    assert response.status_code == 302
    assert DualReport.objects.filter(submitted_by=actors.unit_1_admin).count() == 2


def test_the_unit_sees_its_members_hours_apart_and_exports_them(client, actors, city):
    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    services.report_decide(user=actors.c1, report=report, approve=True)
    record = services.declare_hours(
        user=actors.c1, person=actors.member_person, hours=2, community=city.c1, served_on=timezone.localdate()
    )
    services.declared_decide(user=actors.c1, record=record, approve=True)
    client.force_login(actors.unit_1_admin)
    row = client.get(reverse("volunteers:roster")).context["rows"][0]
    assert (row[1], row[0].recorded_hours, row[0].declared_hours) == ("党员甲", 0, Decimal("2.00"))
    export = client.get(reverse("volunteers:roster_export", args=["csv"]))
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    row = body.strip().splitlines()[1].split(",")
    assert row[0] == "党员甲" and (row[-3], Decimal(row[-2]), Decimal(row[-1])) == ("0", 0, 2)


def test_the_city_office_sees_names_masked_in_the_roster(client, actors, city):
    from accounts.models import Role
    from tests.factories import user_with_role

    report = services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    services.report_decide(user=actors.c1, report=report, approve=True)
    client.force_login(user_with_role(Role.CITY_OFFICE, node=city.city))
    assert client.get(reverse("volunteers:roster")).context["rows"][0][1] == "党**"


def test_my_page_shows_my_shifts_reports_and_hours_apart(client, shift, actors, city):
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    services.report_member(user=actors.member, person=actors.member_person, community=city.c1)
    client.force_login(actors.member)
    response = client.get(reverse("volunteers:me"))
    assert response.status_code == 200
    assert list(response.context["upcoming"])[0].shift == shift
    assert response.context["totals"]["recorded_hours"] == 0


def test_the_certificate_is_a_pdf_and_verifies_publicly_with_the_name_masked(client, actors, city):
    record = services.declare_hours(
        user=actors.c1, person=actors.member_person, hours=3, community=city.c1, served_on=timezone.localdate()
    )
    services.declared_decide(user=actors.c1, record=record, approve=True)
    client.force_login(actors.member)
    response = client.post(reverse("volunteers:certificate_create"))
    certificate = Certificate.objects.get()
    assert certificate.declared_hours == Decimal("3.00") and certificate.recorded_hours == 0
    pdf = client.get(response["Location"])
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.logout()
    page = client.get(reverse("volunteers:verified", args=[certificate.code.lower()]))
    assert page.status_code == 200
    assert "党*" in html(page) and "党员甲" not in html(page)
    assert client.get(reverse("volunteers:verified", args=["AAAA-BBBB-CCCC"])).status_code == 404


def test_someone_else_cannot_download_my_certificate(client, actors, city):
    certificate = services.certificate_issue(user=actors.member, person=actors.member_person)
    client.force_login(actors.c1)
    assert client.get(reverse("volunteers:certificate", args=[certificate.code])).status_code == 404


def test_my_records_export_in_the_national_layout(client, actors, city):
    record = services.declare_hours(
        user=actors.c1, person=actors.member_person, hours=2, community=city.c1, served_on=timezone.localdate()
    )
    services.declared_decide(user=actors.c1, record=record, approve=True)
    services.declare_hours(  # waiting for approval: not exported
        user=actors.c1, person=actors.member_person, hours=1, community=city.c1, served_on=timezone.localdate()
    )
    client.force_login(actors.member)
    body = b"".join(client.get(reverse("volunteers:my_records")).streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("志愿者姓名,证件类型,证件号码,手机号码,服务项目名称,服务日期")
    assert len(lines) == 2 and "党员甲" in lines[1] and "2.00" in lines[1] and "补录" in lines[1]


def test_the_emergency_page_shows_who_is_on_duty_now(client, actors, city):
    post = services.post_create(
        user=actors.c1, node=city.c1, title="防汛值守", category="flood_snow", place="河堤", is_emergency=True
    )
    shift = services.shifts_add(
        user=actors.c1,
        post=post,
        starts_at=timezone.now() + datetime.timedelta(minutes=5),
        ends_at=timezone.now() + datetime.timedelta(hours=4),
        capacity=3,
    )[0]
    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    shift = _running(shift)
    services.code_issue(user=actors.c1, shift=shift)
    services.check_in(user=actors.member, shift=shift, person=actors.member_person, code=Shift.objects.get().code)
    quiet = services.post_create(
        user=actors.c1, node=city.c1, title="除雪备勤", category="flood_snow", place="广场", is_emergency=True
    )
    client.force_login(actors.c1)
    response = client.get(reverse("volunteers:emergency"))
    assert [p.pk for p in response.context["running"]] == [post.pk]  # only the post with a shift running now
    assert response.context["running"][0].present_now == 1 and response.context["running"][0].claimed_now == 1
    listed = {p.pk: p for p in response.context["page"]}
    assert set(listed) == {post.pk, quiet.pk}  # every open emergency post, running or not
    assert listed[post.pk].running and not listed[quiet.pk].running
    assert response.context["on_duty"][0][1] == "党员甲"
    assert "防汛值守" in html(response)


def test_the_emergency_page_lists_posts_area_by_area_along_the_tree(client, actors, city):
    from accounts.models import Role
    from tests.factories import user_with_role

    kind = {"category": "flood_snow", "place": "河堤", "is_emergency": True}
    later = services.post_create(user=actors.c3, node=city.c3, title="A 防汛", **kind)
    earlier = services.post_create(user=actors.c1, node=city.c1, title="B 防汛", **kind)
    client.force_login(user_with_role(Role.CITY_OFFICE, node=city.city))
    listed = [p.pk for p in client.get(reverse("volunteers:emergency")).context["page"]]
    assert listed.index(earlier.pk) < listed.index(later.pk)  # C1 (street S1) comes before C3 (street S2)


def test_claimed_shifts_are_in_the_calendar_feed(client, shift, actors):
    from icalendar import Calendar

    from alliances.services.calendar import calendar_feed_create

    services.claim(user=actors.member, shift=shift, person=actors.member_person)
    secret = calendar_feed_create(user=actors.member)
    feed = Calendar.from_ical(client.get(reverse("calendar_feed", args=[secret])).content)
    summaries = [str(e.get("summary")) for e in feed.walk("VEVENT")]
    assert any("敬老院助老" in s for s in summaries)


def test_a_unit_admin_reports_the_units_party_organisation(client, actors, city):
    from organisations.models import PartyOrganisation

    organisation = PartyOrganisation.objects.create(
        kind=PartyOrganisation.Kind.UNIT_BRANCH,
        node=city.c1,
        unit=city.unit_1,
        name="成员单位党支部",
        founded_on="2020-01-01",
    )
    client.force_login(actors.unit_1_admin)
    response = client.post(reverse("volunteers:report_create"), {"organisation": organisation.pk})
    assert response.status_code == 302
    report = DualReport.objects.get()
    assert (report.kind, report.organisation, report.community) == ("organisation", organisation, city.c1)


def test_a_unit_admin_must_choose_someone_to_report(client, actors, city):
    client.force_login(actors.unit_1_admin)
    response = client.post(reverse("volunteers:report_create"), {"community": city.c1.pk})
    assert response.status_code == 400
    assert not DualReport.objects.exists()


def test_the_person_picker_offers_a_unit_admin_only_the_units_people(client, actors, city):
    client.force_login(actors.unit_1_admin)
    found = html(client.get(reverse("picker", args=["volunteer_person"]), {"q": "党员"}))
    assert "党员甲" in found and "党员乙" in found
    assert city.resident_2.name not in html(client.get(reverse("picker", args=["volunteer_person"]), {"q": "李"}))


def test_a_member_sees_the_persons_tabs_and_not_the_desks(client, actors):
    client.force_login(actors.member)
    page = html(client.get(reverse("volunteers:me")))
    assert reverse("volunteers:check_in") in page and reverse("volunteers:emergency") not in page
    client.force_login(actors.c1)
    page = html(client.get(reverse("volunteers:posts")))
    assert reverse("volunteers:emergency") in page
