"""Who answers for a tracked problem: a member unit, the street's or community's party organisation itself,
or a named department that is not a member — exactly one, held by the database; the overdue inbox, the
reminders and the scope follow whoever is responsible."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts import scopes
from accounts.models import Role
from alliances import tasks
from alliances.models import Responsible, TrackedProblem
from alliances.selectors.alliances import inbox
from alliances.services import problems as services
from notifications.models import Notification, Stage
from organisations.models import PartyOrganisation
from people.models import Person
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date


@pytest.fixture
def committee(city):
    """The C1 community party committee, its secretary a party member with an account."""
    secretary = PersonFactory(household=city.household_1, party_status=Person.PartyStatus.COMMUNITY, name="孙书记")
    organisation = PartyOrganisation.objects.create(
        kind=PartyOrganisation.Kind.COMMUNITY_COMMITTEE,
        node=city.c1,
        name="东艺社区党委",
        secretary=secretary,
        founded_on=D(2020, 1, 1),
    )
    organisation.secretary_user = user_with_role(Role.PARTY_MEMBER, person=secretary)
    return organisation


def track(alliances, **fields):
    values = {"title": "路灯不亮", "category": TrackedProblem.Category.ENVIRONMENT, "deadline": D(2026, 12, 31)}
    values.update(fields)
    with time_machine.travel(datetime.datetime(2026, 5, 1, 9, tzinfo=SHANGHAI), tick=False):
        return services.problem_create(user=alliances.c1_secretary, alliance=alliances.c1, **values)


def test_the_party_organisation_itself_answers_and_its_secretary_follows_it(alliances, committee):
    parties = services.responsible_parties(
        alliance=alliances.c1, responsible=Responsible.PARTY_ORGANISATION, unit=None, department=""
    )
    problem = track(alliances, **parties)
    assert problem.responsible_organisation == committee and problem.responsible_kind == Responsible.PARTY_ORGANISATION
    secretary = committee.secretary_user
    assert scopes.can_view(secretary, problem) and scopes.can_change(secretary, problem)
    assert not services.can_edit_problem(secretary, problem)  # reports progress; the alliance's managers edit
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=SHANGHAI), tick=False):
        services.problem_progress(user=secretary, problem=problem, note="已联系供电所")
        assert [p.pk for p in inbox(user=secretary).problems] == [problem.pk]
    assert not scopes.can_view(alliances.unit_1_admin, problem)  # no unit of the alliance answers for it


def test_a_department_that_is_not_a_member_answers_by_name(alliances, city):
    problem = track(alliances, responsible_department="  辽源市城市管理局市政设施管理处 ")
    assert problem.responsible_department == "辽源市城市管理局市政设施管理处"
    assert problem.responsible_name == problem.responsible_department
    assert scopes.can_change(alliances.c1_secretary, problem) and not scopes.can_view(alliances.unit_1_admin, problem)
    with pytest.raises(ValidationError) as exc:
        track(alliances, responsible_department=city.unit_2.name)  # a member: it is chosen as the unit
    assert "is a member of the alliance" in exc.value.message_dict["responsible_department"][0]


def test_exactly_one_responsible_party(alliances, city, committee):
    for parties in (
        {},
        {"responsible_unit": city.unit_1, "responsible_department": "住建局"},
        {"responsible_unit": city.unit_1, "responsible_organisation": committee},
    ):
        with pytest.raises(ValidationError) as exc:
            track(alliances, **parties)
        assert "exactly one responsible party" in exc.value.message_dict["responsible"][0]
    with pytest.raises(ValidationError) as exc:
        services.responsible_parties(alliance=alliances.c1, responsible="", unit=city.unit_1, department="住建局")
    assert "exactly one" in exc.value.message_dict["responsible"][0]
    assert not TrackedProblem.objects.exists()


def test_the_database_holds_one_responsible_party(alliances, city, committee):
    problem = track(alliances, responsible_unit=city.unit_1)
    for change in (
        {"responsible_department": "住建局"},
        {"responsible_organisation": committee},
        {"responsible_unit": None},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            TrackedProblem.objects.filter(pk=problem.pk).update(**change)


def test_another_areas_party_organisation_is_refused(alliances, city):
    other = PartyOrganisation.objects.create(
        kind=PartyOrganisation.Kind.COMMUNITY_COMMITTEE, node=city.c3, name="北寿社区党委", founded_on=D(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        track(alliances, responsible_organisation=other)
    assert "Only the alliance's own" in exc.value.message_dict["responsible"][0]
    with pytest.raises(ValidationError) as exc:  # C1 has none on record
        services.responsible_parties(
            alliance=alliances.c1, responsible=Responsible.PARTY_ORGANISATION, unit=None, department=""
        )
    assert "no party organisation on record" in exc.value.message_dict["responsible"][0]


def test_page_tracks_a_problem_of_the_party_organisation_and_refuses_a_missing_department(client, alliances, committee):
    client.force_login(alliances.c1_secretary)
    url = reverse("alliances:problem_create", args=[alliances.c1.pk])
    data = {"title": "楼道堆物", "category": "environment", "deadline": "2030-01-31"}
    response = client.post(url, data | {"responsible": "department", "responsible_department": ""})
    assert response.status_code == 200 and response.context["form"].errors["responsible_department"]
    response = client.post(url, data | {"responsible": "party_organisation"})
    assert response.status_code == 302
    problem = TrackedProblem.objects.get()
    assert problem.responsible_organisation == committee
    page = client.get(problem.get_absolute_url()).content.decode()
    assert "东艺社区党委" in page


def test_api_names_the_responsible_party_and_refuses_two(client, alliances, city, committee):
    client.force_login(alliances.c1_secretary)
    payload = {"alliance": alliances.c1.pk, "title": "积水", "category": "environment", "deadline": "2030-01-31"}
    both = payload | {"responsible_unit": city.unit_1.pk, "responsible_department": "水务局"}
    response = client.post("/api/v1/tracked-problems/", both, content_type="application/json")
    assert response.status_code == 400 and "responsible" in response.json()["error"]["fields"]
    assert not TrackedProblem.objects.exists()
    response = client.post(
        "/api/v1/tracked-problems/", payload | {"responsible": "party_organisation"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["responsible"] == "party_organisation" and body["responsible_name"] == "东艺社区党委"
    assert body["responsible_organisation"] == committee.pk and body["responsible_unit"] is None
    response = client.patch(
        f"/api/v1/tracked-problems/{body['id']}/",
        {"responsible_department": "辽源市水务局"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["responsible"] == "department"
    assert TrackedProblem.objects.get().responsible_organisation is None


def run_on(day: datetime.date, capture):
    moment = datetime.datetime(day.year, day.month, day.day, 8, 5, tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False), capture(execute=True):
        tasks.remind_duties(scheduled_at=moment.isoformat())


def stages(user):
    return list(
        Notification.objects.filter(recipient=user, reminder__kind="alliances.problem_overdue").values_list(
            "reminder__stage", "reminder__days"
        )
    )


def test_overdue_reminders_follow_whoever_is_responsible(
    alliances, city, committee, eager, django_capture_on_commit_callbacks
):
    track(alliances, responsible_organisation=committee, deadline=D(2026, 5, 10))
    street = alliances.street_secretary
    for day in (11, 18):
        run_on(D(2026, 5, day), django_capture_on_commit_callbacks)
    # the organisation's own secretary and the community's staff, then the street above
    assert stages(committee.secretary_user) == [(Stage.OVERDUE, 1)]
    assert stages(alliances.c1_secretary) == [(Stage.OVERDUE, 1)]
    assert stages(street) == [(Stage.ESCALATION, 7)]
    assert stages(alliances.unit_1_admin) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite cannot alter tables inside the test's transaction; the migration is tested on PostgreSQL",
)
def test_migration_keeps_each_problems_responsible_unit(city, alliances):
    """alliances 0009 on a copy of the records: a problem of the old schema keeps its unit and meets the rule."""
    if connection.vendor == "postgresql":  # no pending trigger events before the schema changes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before, after = [("alliances", "0008_alliance_members_from")], [("alliances", "0009_problem_responsible_party")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("alliances", "TrackedProblem")
    row = old.objects.create(
        alliance_id=alliances.c1.pk,
        title="老问题",
        category="parking",
        responsible_unit_id=city.unit_1.pk,
        deadline=D(2026, 1, 31),
        status="open",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("alliances", "TrackedProblem")
    migrated = new.objects.get(pk=row.pk)
    assert migrated.responsible_unit_id == city.unit_1.pk
    assert migrated.responsible_organisation_id is None and migrated.responsible_department == ""
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
