"""Alliance, meeting and problem pages: scoped (owner, neighbour, outsider), errors shown in the form,
overdue things highlighted, and list pages whose query count does not grow with the rows."""

import datetime
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from alliances.models import Alliance, ChairTerm, JointMeeting, Membership, TrackedProblem
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from alliances.services import rotation
from tests.factories import (
    AllianceFactory,
    MembershipFactory,
    MemberUnitFactory,
    child,
    login_with_second_factor,
    user_with_role,
)

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

D = datetime.date


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def login(client, user):
    client.force_login(user)
    return client


def meeting(alliances, **fields) -> JointMeeting:
    values = {"title": "联席会议", "starts_at": at(2026, 5, 20), "place": "社区党群服务中心"}
    values.update(fields)
    return meeting_services.meeting_create(user=alliances.c1_secretary, alliance=alliances.c1, **values)


def problem(alliances, city, **fields) -> TrackedProblem:
    values = {
        "title": "路灯不亮",
        "category": "environment",
        "responsible_unit": city.unit_1,
        "deadline": D(2026, 6, 10),
    }
    values.update(fields)
    return problem_services.problem_create(user=alliances.c1_secretary, alliance=alliances.c1, **values)


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("c1_secretary", {"c1"}),
        ("street_secretary", {"c1"}),
        ("c2_secretary", set()),
        ("unit_1_admin", {"c1"}),
        ("unit_3_admin", {"c3"}),
        ("city_office", {"c1", "c3"}),
    ],
)
def test_alliance_list_is_scoped(client, alliances, who, sees):
    body = login(client, getattr(alliances, who)).get(reverse("alliances:list")).content.decode()
    shown = {key for key in ("c1", "c3") if getattr(alliances, key).name in body}
    assert shown == sees


def test_alliance_list_filters_by_area(client, city, alliances):
    body = login(client, alliances.city_office).get(reverse("alliances:list"), {"under": city.street_2.pk})
    assert alliances.c3.name in body.content.decode() and alliances.c1.name not in body.content.decode()


def _more_alliances(city, n):
    street = city.street_1
    for i in range(n):
        community = child(street, "community", f"新社区{i}")
        alliance = AllianceFactory(node=community)
        for place in (1, 2):
            MembershipFactory(alliance=alliance, unit=MemberUnitFactory(location=community), chair_position=place)
        rotation.chair_terms_ensure(alliance=alliance, until=D(2026, 1, 1))
        TrackedProblem.objects.create(
            alliance=alliance,
            title="问题",
            category="parking",
            responsible_unit=alliance.memberships.first().unit,
            deadline=D(2020, 1, 1),
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_alliance_list_queries_do_not_grow_with_alliances(client, city, alliances):
    login(client, alliances.city_office)
    one = _queries(client, reverse("alliances:list"))
    _more_alliances(city, 6)
    assert _queries(client, reverse("alliances:list")) == one


def test_meeting_and_problem_lists_queries_do_not_grow_with_rows(client, city, alliances, clock):
    clock.set(2026, 5, 1)
    meeting(alliances)
    problem(alliances, city)
    login(client, alliances.c1_secretary)
    counts = [_queries(client, reverse("alliances:meetings")), _queries(client, reverse("alliances:problems"))]
    for day in range(2, 9):
        meeting(alliances, starts_at=at(2026, 6, day), host_unit=city.unit_2)
        problem(alliances, city, responsible_unit=city.unit_2)
    assert [_queries(client, reverse("alliances:meetings")), _queries(client, reverse("alliances:problems"))] == counts
    detail = _queries(client, reverse("alliances:detail", args=[alliances.c1.pk]))
    meeting(alliances, starts_at=at(2026, 7, 1))
    problem(alliances, city)
    assert _queries(client, reverse("alliances:detail", args=[alliances.c1.pk])) == detail


def test_alliance_page_shows_chairs_members_and_overdue_problems(client, city, alliances, clock):
    clock.set(2026, 6, 1)
    problem(alliances, city, title="逾期的路灯")
    clock.set(2026, 6, 20)
    response = login(client, alliances.c1_secretary).get(reverse("alliances:detail", args=[alliances.c1.pk]))
    page = response.context["page"]
    # quarterly from 2020-01-01 with secretary, unit_1, unit_2: 2026-Q2 is term 25 → 25 % 3 == 1 → unit_1
    assert (page.current_term.starts_on, page.current_term.chair_unit) == (D(2026, 4, 1), city.unit_1)
    assert (page.next_term.starts_on, page.next_term.chair_unit) == (D(2026, 7, 1), city.unit_2)
    body = response.content.decode()
    assert "逾期的路灯" in body and "overdue table-danger" in body
    assert reverse("alliances:edit", args=[alliances.c1.pk]) in body


def test_unit_admin_sees_its_alliance_but_cannot_edit_it(client, city, alliances):
    login(client, alliances.unit_1_admin)
    response = client.get(reverse("alliances:detail", args=[alliances.c1.pk]))
    assert response.status_code == 200
    assert reverse("alliances:edit", args=[alliances.c1.pk]) not in response.content.decode()
    assert client.get(reverse("alliances:edit", args=[alliances.c1.pk])).status_code == 403
    response = client.post(reverse("alliances:edit", args=[alliances.c1.pk]), {"name": "改"})
    assert response.status_code == 403
    alliances.c1.refresh_from_db()
    assert alliances.c1.name != "改"


def test_outsiders_get_404(client, city, alliances):
    login(client, alliances.c2_secretary)
    assert client.get(reverse("alliances:detail", args=[alliances.c1.pk])).status_code == 404
    assert client.get(reverse("alliances:edit", args=[alliances.c1.pk])).status_code == 404
    login(client, alliances.unit_3_admin)
    assert client.get(reverse("alliances:detail", args=[alliances.c1.pk])).status_code == 404


def test_secretary_sets_up_an_alliance_and_a_bad_rules_file_is_refused_in_the_page(client, city, alliances):
    login(client, alliances.c2_secretary)
    data = {
        "node": city.c2.pk,
        "name": "福镇社区党建联合体",
        "founded_on": "2026-01-01",
        "term_months": 3,
        "rotation_starts_on": "2026-01-01",
        "secretary_chair_position": 0,
        "four_ones_period_months": 3,
        "rules_file": SimpleUploadedFile("rules.txt", b"hello"),
    }
    response = client.post(reverse("alliances:create"), data)
    assert response.status_code == 200
    assert "Upload the rules of procedure as a PDF" in response.content.decode()
    assert response.context["form"]["name"].value() == "福镇社区党建联合体"
    assert not Alliance.objects.filter(node=city.c2).exists()
    data["rules_file"] = SimpleUploadedFile("rules.pdf", b"%PDF-1.7 ok")
    response = client.post(reverse("alliances:create"), data)
    alliance = Alliance.objects.get(node=city.c2)
    assert response.status_code == 302 and response["Location"] == alliance.get_absolute_url()


def test_join_and_leave_pages(client, city, alliances):
    login(client, alliances.c1_secretary)
    unit = MemberUnitFactory(location=city.c1, party_secretary="吴书记")
    response = client.post(
        reverse("alliances:member_join", args=[alliances.c1.pk]),
        {"unit": unit.pk, "joined_on": "2026-02-01", "chair_position": 3},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(alliance=alliances.c1, unit=unit)
    response = client.post(reverse("alliances:member_leave", args=[membership.pk]), {"left_on": "2026-03-01"})
    assert response.status_code == 200 and response.context["form"].errors["leave_reason"]
    client.post(
        reverse("alliances:member_leave", args=[membership.pk]), {"left_on": "2026-03-01", "leave_reason": "迁出"}
    )
    membership.refresh_from_db()
    assert membership.left_on == D(2026, 3, 1)
    login(client, alliances.unit_1_admin)
    assert client.get(reverse("alliances:member_join", args=[alliances.c1.pk])).status_code == 403


def test_term_page_swaps_and_shows_gap_errors(client, city, alliances, clock):
    clock.set(2026, 6, 20)
    login(client, alliances.c1_secretary)
    url = reverse("alliances:terms", args=[alliances.c1.pk])
    response = client.post(
        url, {"action": "swap", "starts_on": "2026-07-01", "other_starts_on": "2026-10-01", "reason": "对调"}
    )
    assert response.status_code == 302
    assert ChairTerm.objects.get(alliance=alliances.c1, starts_on=D(2026, 7, 1)).chair_unit is None  # the secretary
    response = client.post(
        url,
        {
            "action": "reschedule",
            "starts_on": "2026-07-01",
            "new_starts_on": "2026-07-01",
            "new_ends_on": "2026-09-15",
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert "leave a gap" in str(response.context["form"].errors["new_ends_on"])
    login(client, alliances.unit_1_admin)
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "skip", "starts_on": "2026-07-01", "reason": "x"}).status_code == 403


def test_scheduling_a_past_meeting_is_refused_in_the_page(client, alliances, clock):
    clock.set(2026, 6, 1)
    login(client, alliances.c1_secretary)
    data = {
        "title": "补开会议",
        "starts_at": "2026-05-20T09:00",
        "place": "社区",
        "host_unit": "chair",
        "status": "scheduled",
        "agenda": "一\n二",
    }
    response = client.post(reverse("alliances:meeting_create", args=[alliances.c1.pk]), data)
    assert response.status_code == 200
    assert "A meeting in the past cannot be scheduled" in response.content.decode()
    assert not JointMeeting.objects.exists()
    data["status"] = "held"
    response = client.post(reverse("alliances:meeting_create", args=[alliances.c1.pk]), data)
    held = JointMeeting.objects.get()
    assert response["Location"] == held.get_absolute_url()
    assert list(held.agenda_items.values_list("title", flat=True)) == ["一", "二"]


def test_attendance_page_refuses_a_unit_that_had_left(client, city, alliances, clock):
    clock.set(2026, 5, 1)
    m = meeting(alliances, host_unit=city.unit_1)
    membership = alliances.c1.memberships.get(unit=city.unit_2)
    membership.left_on = D(2026, 5, 10)
    membership.save()
    clock.set(2026, 5, 21)
    login(client, alliances.unit_1_admin)
    url = reverse("alliances:meeting_attendance", args=[m.pk])
    assert f'<option value="{city.unit_2.pk}"' not in client.get(url).content.decode()  # not offered
    data = {"form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 0}
    data.update({"form-0-unit": city.unit_1.pk, "form-0-attendee": "刘一", "form-0-status": "present"})
    data.update({"form-1-unit": city.unit_2.pk, "form-1-attendee": "刘二", "form-1-status": "present"})
    response = client.post(url, data)  # sent all the same: refused, what was typed kept
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["unit"]
    assert 'value="刘二"' in response.content.decode()
    assert not m.attendance.exists()
    data["form-TOTAL_FORMS"] = 1
    assert client.post(url, data).status_code == 302
    assert list(m.attendance.values_list("attendee", flat=True)) == ["刘一"]
    login(client, alliances.c2_secretary)
    assert client.get(url).status_code == 404


def test_meeting_page_shows_minutes_overdue_to_host(client, city, alliances, clock):
    clock.set(2026, 5, 1)
    m = meeting(alliances, host_unit=city.unit_1)
    clock.set(2026, 5, 28)
    login(client, alliances.unit_1_admin)
    body = client.get(m.get_absolute_url()).content.decode()
    assert "Minutes overdue (7+ days)" in body
    assert reverse("alliances:meeting_minutes", args=[m.pk]) in body
    home = client.get(reverse("home")).content.decode()
    assert 'id="alliance-inbox"' in home and m.title in home
    response = client.post(reverse("alliances:meeting_minutes", args=[m.pk]), {"minutes": "纪要", "decisions": "修路"})
    assert response.status_code == 302
    assert "Minutes overdue" not in client.get(m.get_absolute_url()).content.decode()


def test_problem_page_refuses_solving_without_a_resolution(client, city, alliances, clock):
    clock.set(2026, 6, 1)
    p = problem(alliances, city)
    login(client, alliances.unit_1_admin)
    url = reverse("alliances:problem_progress", args=[p.pk])
    assert client.post(url, {"status": "in_progress", "note": "开始"}).status_code == 302
    response = client.post(url, {"status": "solved", "note": "好了"})
    assert response.status_code == 200
    assert "cannot be marked solved without a resolution note" in response.content.decode()
    assert response.context["form"]["note"].value() == "好了"
    p.refresh_from_db()
    assert p.status == "in_progress"
    response = client.post(url, {"status": "open", "note": "x"})  # not offered, sent all the same
    assert response.context["form"].errors["status"]
    p.refresh_from_db()
    assert p.status == "in_progress"
    assert client.get(reverse("alliances:problem_edit", args=[p.pk])).status_code == 403


def test_overdue_problems_in_the_units_inbox_and_home(client, city, alliances, clock):
    clock.set(2026, 6, 1)
    problem(alliances, city, title="逾期问题")
    problem(alliances, city, title="别家的", responsible_unit=city.unit_2)
    clock.set(2026, 6, 20)
    login(client, alliances.unit_1_admin)
    inbox = client.get(reverse("alliances:inbox")).content.decode()
    assert "逾期问题" in inbox and "别家的" not in inbox and "overdue" in inbox
    home = client.get(reverse("home")).content.decode()
    assert "逾期问题" in home
    login(client, alliances.unit_3_admin)
    assert "逾期问题" not in client.get(reverse("alliances:inbox")).content.decode()


def test_decision_becomes_a_tracked_problem_from_the_meeting_page(client, city, alliances, clock):
    clock.set(2026, 5, 1)
    m = meeting(alliances)
    clock.set(2026, 5, 21)
    meeting_services.meeting_minutes_record(user=alliances.c1_secretary, meeting=m, minutes="m", decisions=["修缮楼道"])
    decision = m.decisions.get()
    login(client, alliances.c1_secretary)
    url = reverse("alliances:problem_create", args=[alliances.c1.pk]) + f"?decision={decision.pk}"
    assert client.get(url).context["form"]["title"].value() == "修缮楼道"
    response = client.post(
        url,
        {"title": "修缮楼道", "category": "old_compound", "responsible_unit": city.unit_3.pk, "deadline": "2026-09-30"},
    )
    assert response.status_code == 200 and response.context["form"].errors["responsible_unit"]
    client.post(
        url,
        {"title": "修缮楼道", "category": "old_compound", "responsible_unit": city.unit_2.pk, "deadline": "2026-09-30"},
    )
    assert TrackedProblem.objects.get().decision == decision


def test_a_resident_has_no_alliance_pages(client, city, alliances):
    resident = user_with_role(Role.RESIDENT, person=city.resident_1)
    login(client, resident)
    assert alliances.c1.name not in client.get(reverse("alliances:list")).content.decode()
    assert client.get(reverse("alliances:detail", args=[alliances.c1.pk])).status_code == 404
    assert client.get(reverse("alliances:create")).status_code == 403


ADMIN_MODELS = [
    "alliance",
    "membership",
    "committee",
    "chairterm",
    "jointmeeting",
    "agendaitem",
    "attendance",
    "decision",
    "trackedproblem",
    "problemupdate",
    "activity",
    "activityphoto",
]


def test_admin_covers_every_alliance_model_within_the_scope(client, alliances):
    staff = alliances.c1_secretary
    staff.is_staff = True
    staff.save()
    login_with_second_factor(client, staff)
    for model in ADMIN_MODELS:
        assert client.get(reverse(f"admin:alliances_{model}_changelist")).status_code == 200, model
    body = client.get(reverse("admin:alliances_alliance_changelist")).content.decode()
    assert alliances.c1.name in body and alliances.c3.name not in body
    assert client.get(reverse("admin:alliances_alliance_change", args=[alliances.c3.pk])).status_code == 302


@pytest.mark.parametrize("name", ["alliances:meetings", "alliances:problems", "alliances:activities"])
def test_list_pages_show_a_period_that_ends_before_it_starts_as_an_error(client, alliances, name):
    login(client, alliances.c1_secretary)
    response = client.get(reverse(name), {"period_after": "2026-06-30", "period_before": "2026-06-01"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["period"] == ["The end of the period comes before its start."]


def test_term_page_marks_the_current_term_even_when_it_is_computed(client, alliances, clock):
    clock.set(2026, 6, 20)
    login(client, alliances.unit_1_admin)
    response = client.get(reverse("alliances:terms", args=[alliances.c1.pk]))
    current = response.context["current_term"]
    assert current.pk is None and current.starts_on == D(2026, 4, 1)  # nothing stored: computed
    assert current in response.context["terms"]
    assert response.content.decode().count('class="table-success"') == 1
