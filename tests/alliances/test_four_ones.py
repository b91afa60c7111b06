"""The "four ones": per period, per alliance; completion rate; who sees which alliances; fixed queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import scopes
from accounts.models import Role
from alliances.models import Activity, Alliance, JointMeeting
from alliances.selectors.four_ones import four_ones, four_ones_queryset, period_containing, recent_quarters
from liaoyuan.core.paging import CappedPaginator
from tests.factories import AllianceFactory, MembershipFactory, MemberUnitFactory, child, user_with_role

pytestmark = pytest.mark.django_db

ONES = ("theme_party_day", "volunteer_service", "visit")


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def activity(alliance, kind, when) -> Activity:
    return Activity.objects.create(alliance=alliance, kind=kind, title=kind, starts_at=when, place="社区")


def meeting(alliance, when, status=JointMeeting.Status.HELD) -> JointMeeting:
    return JointMeeting.objects.create(
        alliance=alliance, title="联席会议", starts_at=when, place="会议室", status=status
    )


def all_four(alliance, when) -> None:
    for kind in ONES:
        activity(alliance, kind, when)
    meeting(alliance, when)


def row_of(report, alliance):
    return next(row for row in report.rows if row.alliance == alliance)


# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "start", "end"),
    [
        (datetime.date(2026, 3, 31), 3, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        (datetime.date(2026, 4, 1), 3, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
        (datetime.date(2026, 11, 30), 3, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2024, 2, 10), 1, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        (datetime.date(2026, 12, 5), 1, datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 7, 1), 6, datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 6, 30), 12, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
    ],
)
def test_period_containing_a_day(day, months, start, end):
    period = period_containing(day, months)
    assert (period.starts_on, period.ends_on) == (start, end)


def test_recent_quarters_end_today_then_on_each_quarters_last_day():
    quarters = recent_quarters(datetime.date(2026, 5, 10), 3)
    assert [ref for ref, _q in quarters] == [
        datetime.date(2026, 5, 10),
        datetime.date(2026, 3, 31),
        datetime.date(2025, 12, 31),
    ]


# --- the rule --------------------------------------------------------------------------------------


def test_alliance_with_all_four_in_the_quarter_is_complete(alliances):
    all_four(alliances.c1, at(2025, 2, 10))
    report = four_ones(user=alliances.city_office, on=datetime.date(2025, 3, 31))
    assert row_of(report, alliances.c1).complete
    assert row_of(report, alliances.c1).period.starts_on == datetime.date(2025, 1, 1)
    assert not row_of(report, alliances.c3).complete
    assert row_of(report, alliances.c3).missing == [
        "Theme party day",
        "Volunteer service",
        "Joint meeting",
        "Visit to people in difficulty",
    ]


def test_quarter_boundaries_are_local_midnights(alliances):
    for kind in ONES:
        activity(alliances.c1, kind, at(2025, 2, 1))
    meeting(alliances.c1, at(2025, 2, 1))
    # the theme party day of Q1 is late on its last evening; the visit opens Q2 at midnight
    Activity.objects.filter(kind="theme_party_day").update(starts_at=at(2025, 3, 31, 23, 59))
    Activity.objects.filter(kind="visit").update(starts_at=at(2025, 4, 1, 0, 0))
    q1 = row_of(four_ones(user=alliances.city_office, on=datetime.date(2025, 1, 5)), alliances.c1)
    assert q1.done == {"theme_party_day": True, "volunteer_service": True, "joint_meeting": True, "visit": False}
    q2 = row_of(four_ones(user=alliances.city_office, on=datetime.date(2025, 4, 5)), alliances.c1)
    assert q2.done == {"theme_party_day": False, "volunteer_service": False, "joint_meeting": False, "visit": True}


@pytest.mark.parametrize("status", [JointMeeting.Status.DRAFT, JointMeeting.Status.SCHEDULED, "cancelled"])
def test_a_meeting_not_held_does_not_count(alliances, status):
    for kind in ONES:
        activity(alliances.c1, kind, at(2025, 2, 10))
    meeting(alliances.c1, at(2025, 2, 11), status=status)
    row = row_of(four_ones(user=alliances.city_office, on=datetime.date(2025, 2, 20)), alliances.c1)
    assert not row.complete
    assert row.missing == ["Joint meeting"]


def test_an_activity_planned_later_in_the_period_does_not_count_yet(alliances):
    all_four(alliances.c1, at(2025, 2, 10))
    Activity.objects.filter(kind="visit").update(starts_at=at(2025, 3, 20))
    qs = four_ones_queryset(Alliance.objects.filter(pk=alliances.c1.pk), on=at(2025, 3, 1).date(), now=at(2025, 3, 1))
    assert qs.values_list("theme_party_day", "visit").get() == (True, False)


def test_alliance_with_a_one_month_period_is_judged_on_its_month(alliances):
    Alliance.objects.filter(pk=alliances.c1.pk).update(four_ones_period_months=1)
    all_four(alliances.c1, at(2025, 1, 20))
    all_four(alliances.c3, at(2025, 1, 20))
    report = four_ones(user=alliances.city_office, on=datetime.date(2025, 2, 15))
    monthly, quarterly = row_of(report, alliances.c1), row_of(report, alliances.c3)
    assert (monthly.period.starts_on, monthly.period.ends_on) == (datetime.date(2025, 2, 1), datetime.date(2025, 2, 28))
    assert not monthly.complete
    assert quarterly.complete
    assert row_of(four_ones(user=alliances.city_office, on=datetime.date(2025, 1, 31)), alliances.c1).complete


def test_completion_rate_is_completed_over_alliances(alliances):
    all_four(alliances.c1, at(2025, 5, 5))
    report = four_ones(user=alliances.city_office, on=datetime.date(2025, 6, 1))
    assert (report.total, report.completed, report.rate) == (2, 1, 0.5)
    assert [row.alliance for row in report.incomplete] == [alliances.c3]


# --- scope -----------------------------------------------------------------------------------------


def test_street_secretary_sees_only_the_streets_alliances(alliances, city):
    street_alliance = AllianceFactory(node=city.street_1)
    report = four_ones(user=alliances.street_secretary, on=datetime.date(2025, 6, 1))
    assert {row.alliance for row in report.rows} == {alliances.c1, street_alliance}
    district = four_ones(user=user_with_role(Role.DISTRICT_OFFICE, node=city.district_a), on=datetime.date(2025, 6, 1))
    assert {row.alliance for row in district.rows} == {alliances.c1, alliances.c3, street_alliance}
    assert {area.node for area in district.areas} == {city.street_1, city.street_2}
    other_district = user_with_role(Role.DISTRICT_OFFICE, node=city.district_b)
    assert four_ones(user=other_district, on=datetime.date(2025, 6, 1)).rows == []


def test_street_page_lists_its_incomplete_alliances_only(client, alliances, city):
    all_four(alliances.c3, at(2025, 5, 5))
    client.force_login(alliances.street_secretary)
    response = client.get(reverse("alliances:four_ones"), {"on": "2025-06-01"})
    assert response.status_code == 200
    assert [row.alliance for row in response.context["rows"]] == [alliances.c1]
    assert alliances.c3.name not in response.content.decode()
    assert "Missing:" in response.content.decode()


def test_city_page_shows_the_rate_per_district_and_lets_choose_an_area(client, alliances, city):
    all_four(alliances.c1, at(2025, 5, 5))
    client.force_login(alliances.city_office)
    response = client.get(reverse("alliances:four_ones"), {"on": "2025-06-01"})
    assert response.context["report"].rate == 0.5
    assert [(a.node, a.completed, a.total) for a in response.context["report"].areas] == [(city.district_a, 1, 2)]
    assert "50%" in response.content.decode()
    response = client.get(reverse("alliances:four_ones"), {"on": "2025-06-01", "under": city.street_2.pk})
    assert [row.alliance for row in response.context["report"].rows] == [alliances.c3]
    everything = client.get(reverse("alliances:four_ones"), {"on": "2025-06-01", "everything": "on"})
    assert len(everything.context["rows"]) == 2


def test_a_previous_period_is_selectable(client, alliances):
    all_four(alliances.c1, at(2024, 11, 5))
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("alliances:four_ones"), {"on": "2024-12-31", "everything": "on"})
    assert response.context["report"].quarter.starts_on == datetime.date(2024, 10, 1)
    assert response.context["rows"][0].complete


def test_bad_period_shows_an_error_and_the_current_period(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("alliances:four_ones"), {"on": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["on"]
    assert response.context["report"].on == timezone.localdate()
    response = client.get(reverse("alliances:four_ones"), {"on": "31/02/2025"})
    assert response.context["form"].errors["on"]


def test_api_reports_the_four_ones(client, alliances):
    all_four(alliances.c1, at(2025, 5, 5))
    client.force_login(alliances.city_office)
    data = client.get("/api/v1/four-ones/", {"on": "2025-06-01"}).json()
    assert (data["total"], data["completed"], data["rate"]) == (2, 1, 0.5)
    incomplete = client.get("/api/v1/four-ones/", {"on": "2025-06-01", "incomplete": "true"}).json()["results"]
    assert [r["alliance"] for r in incomplete] == [alliances.c3.pk]
    assert incomplete[0]["joint_meeting"] is False
    assert client.get("/api/v1/four-ones/", {"on": "someday"}).status_code == 400


def test_api_pages_the_alliances_and_counts_every_area(client, alliances):
    all_four(alliances.c1, at(2025, 5, 5))
    client.force_login(alliances.city_office)
    data = client.get("/api/v1/four-ones/", {"on": "2025-06-01", "page_size": 1}).json()
    assert (data["total"], data["completed"], data["count"]) == (2, 1, 2)
    assert len(data["results"]) == 1 and data["next"]
    assert sum(area["total"] for area in data["areas"]) == 2
    second = client.get(data["next"]).json()["results"]
    assert {data["results"][0]["alliance"], second[0]["alliance"]} == {alliances.c1.pk, alliances.c3.pk}


def test_report_runs_a_fixed_number_of_queries(alliances, city, django_assert_num_queries):
    scopes.scope_of(alliances.city_office)  # computed once per request, cached on the user
    with django_assert_num_queries(2):
        four_ones(user=alliances.city_office, on=datetime.date(2025, 6, 1))
    for i in range(8):
        community = child(city.street_2, "community", f"新社区{i}")
        alliance = AllianceFactory(node=community)
        MembershipFactory(alliance=alliance, unit=MemberUnitFactory(location=community))
        all_four(alliance, at(2025, 5, 5))
    with django_assert_num_queries(2):
        report = four_ones(user=alliances.city_office, on=datetime.date(2025, 6, 1))
    assert (report.total, report.completed) == (10, 8)


@pytest.mark.parametrize(("incomplete", "count"), [(True, 1), (False, 2)])
def test_a_page_of_the_report_reads_its_rows_without_counting_them_again(
    alliances, incomplete, count, django_assert_num_queries
):
    all_four(alliances.c1, at(2025, 5, 5))
    report = four_ones(user=alliances.city_office, on=datetime.date(2025, 6, 1))
    with django_assert_num_queries(1):  # the page's rows; the count is the report's
        page = CappedPaginator(report.listed(incomplete=incomplete), 50).page(1)
        rows = report.rows_of(page)
    assert page.paginator.count == count == len(rows)
    assert [row.complete for row in rows] == ([False] if incomplete else [True, False])
