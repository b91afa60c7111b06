"""Activities a party organisation runs on its own (without an alliance), and who took part as records: named
participants with a count for those not named, visited households from the records; person-times, distinct
people and distinct households come from those rows."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts import scopes
from accounts.models import Role
from alliances.models import Activity, ActivityHousehold, ActivityParticipant
from alliances.selectors import activities as selectors
from alliances.selectors.four_ones import four_ones
from alliances.services import activities as services
from organisations import services as organisations
from organisations.models import OrganisationKind
from organisations.selectors import member_choices
from people.models import Person
from tests.factories import HouseholdFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


def at(year, month, day, hour=10) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def branch(city, alliances):
    """The party branch of C1's grid 1, set up by the community."""
    return organisations.organisation_create(
        user=alliances.c1_secretary,
        kind=OrganisationKind.GRID_BRANCH,
        node=city.grid_1,
        founded_on=datetime.date(2020, 1, 1),
    )


def own(alliances, branch, user=None, **fields) -> Activity:
    values = {
        "organisation": branch,
        "kind": Activity.Kind.THEME_PARTY_DAY,
        "title": "主题党日",
        "starts_at": at(2024, 7, 1),
        "place": "第1网格党群服务站",
    }
    values.update(fields)
    return services.activity_create(user=user or alliances.c1_secretary, **values)


def test_a_grid_branch_records_its_own_theme_party_day_at_its_grid(city, alliances, branch):
    activity = own(alliances, branch, unnamed_participants=12)
    activity.refresh_from_db()
    assert (activity.alliance, activity.organisation, activity.node) == (None, branch, city.grid_1)
    assert activity.runner_name == branch.name
    assert scopes.can_view(alliances.c1_secretary, activity) and scopes.can_view(alliances.street_secretary, activity)
    assert not scopes.can_view(alliances.c2_secretary, activity)
    assert not scopes.can_view(alliances.unit_1_admin, activity)  # not an alliance's: its members see nothing


def test_the_four_ones_count_alliance_activities_only(city, alliances, branch):
    own(alliances, branch, starts_at=timezone.now() - datetime.timedelta(hours=2))
    row = next(r for r in four_ones(user=alliances.c1_secretary).rows if r.alliance == alliances.c1)
    assert not row.done["theme_party_day"]


def test_an_activity_is_an_alliances_or_an_organisations_never_both_nor_neither(city, alliances, branch):
    base = {"kind": Activity.Kind.VISIT, "title": "走访", "starts_at": at(2024, 7, 1), "place": "社区"}
    for runner in ({}, {"alliance": alliances.c1, "organisation": branch}):
        with pytest.raises(ValidationError) as refused:
            services.activity_create(user=alliances.c1_secretary, **base, **runner)
        assert "alliance" in refused.value.message_dict
    assert not Activity.objects.exists()


def test_an_organisations_own_activity_has_no_member_units(city, alliances, branch):
    with pytest.raises(ValidationError) as refused:
        own(alliances, branch, units=[city.unit_1])
    assert "units" in refused.value.message_dict


def test_someone_who_does_not_run_the_organisation_cannot_record_its_activity(city, alliances, branch):
    with pytest.raises(PermissionDenied):
        own(alliances, branch, user=alliances.c2_secretary)


def test_named_participants_and_visited_households_make_the_figures(city, alliances):
    first, second = PersonFactory(household=city.household_1), PersonFactory(household=city.household_1)
    other_door = HouseholdFactory(node=city.household_1.node)
    visit = services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.VISIT,
        title="走访困难户",
        starts_at=at(2024, 3, 1),
        place="东艺社区",
        people=[first, second],
        unnamed_participants=3,
        households=[city.household_1, other_door],
        unnamed_households=1,
    )
    again = services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.VISIT,
        title="再次走访",
        starts_at=at(2024, 4, 1),
        place="东艺社区",
        people=[first],
        households=[city.household_1],  # the same household again: one household, two visits
    )
    assert sorted(ActivityParticipant.objects.filter(activity=visit).values_list("person_id", flat=True)) == sorted(
        [first.pk, second.pk]
    )
    figures = selectors.figures(Activity.objects.filter(pk__in=[visit.pk, again.pk]))
    assert figures == {"activities": 2, "person_times": 2 + 3 + 1, "people": 2, "households_visited": 2 + 1}
    assert ActivityHousehold.objects.filter(household=city.household_1).count() == 2


def test_a_household_outside_the_area_or_on_a_non_visit_is_refused_and_nothing_is_saved(city, alliances):
    base = {
        "user": alliances.c1_secretary,
        "alliance": alliances.c1,
        "title": "走访",
        "starts_at": at(2024, 3, 1),
        "place": "东艺社区",
    }
    with pytest.raises(ValidationError) as elsewhere:
        services.activity_create(kind=Activity.Kind.VISIT, households=[city.household_2], **base)  # C2's
    with pytest.raises(ValidationError) as not_a_visit:
        services.activity_create(kind=Activity.Kind.PARTY_LECTURE, households=[city.household_1], **base)
    assert "households" in elsewhere.value.message_dict and "households" in not_a_visit.value.message_dict
    assert not Activity.objects.exists()


def test_a_participant_out_of_sight_is_refused_without_being_named(city, alliances):
    stranger = PersonFactory(household=city.household_2, name="王外人")  # lives in C2
    with pytest.raises(ValidationError) as refused:
        services.activity_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            kind=Activity.Kind.VOLUNTEER_SERVICE,
            title="清雪",
            starts_at=at(2024, 1, 15),
            place="东艺社区",
            people=[stranger],
        )
    assert refused.value.message_dict["people"] and "王外人" not in str(refused.value)


def test_the_page_names_participants_masked_unless_the_reader_may_name_them(city, alliances, client):
    person = PersonFactory(household=city.household_1, name="赵志愿", party_status=Person.PartyStatus.COMMUNITY)
    activity = services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind=Activity.Kind.VOLUNTEER_SERVICE,
        title="清雪",
        starts_at=at(2024, 1, 15),
        place="东艺社区",
        people=[person],
        unnamed_participants=4,
        organiser_unit=city.unit_1,
        units=[city.unit_1],
    )
    client.force_login(alliances.c1_secretary)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "赵志愿" in page and "1 named and 4 counted without names" in page
    client.force_login(alliances.unit_1_admin)  # sees the activity of its alliance, not the resident whole
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "赵志愿" not in page and "赵**" in page


def test_the_form_records_an_organisations_own_activity_and_keeps_what_was_typed(city, alliances, branch, client):
    client.force_login(alliances.c1_secretary)
    person = PersonFactory(household=city.household_1)
    form = {
        "organisation": branch.pk,
        "kind": Activity.Kind.THEME_PARTY_DAY,
        "title": "七一主题党日",
        "starts_at": "2024-07-01T09:00",
        "place": "第1网格党群服务站",
        "people": [person.pk],
        "unnamed_participants": "-1",
        "unnamed_households": "0",
    }
    refused = client.post("/alliances/activities/new/", form)
    assert refused.status_code == 200 and not Activity.objects.exists()
    assert "七一主题党日" in refused.content.decode() and f'value="{person.pk}" selected' in refused.content.decode()
    saved = client.post("/alliances/activities/new/", {**form, "unnamed_participants": "9"})
    activity = Activity.objects.get()
    assert saved.status_code == 302 and (activity.organisation, activity.node) == (branch, city.grid_1)
    assert list(activity.people.all()) == [person]


def test_the_api_records_an_organisations_own_activity_and_answers_400_for_both_runners(
    city, alliances, branch, client
):
    client.force_login(alliances.c1_secretary)
    payload = {
        "organisation": branch.pk,
        "kind": "theme_party_day",
        "title": "主题党日",
        "starts_at": "2024-07-01T09:00:00+08:00",
        "place": "第1网格",
        "unnamed_participants": 7,
    }
    both = client.post("/api/v1/activities/", {**payload, "alliance": alliances.c1.pk}, content_type="application/json")
    assert both.status_code == 400 and "alliance" in both.json()["error"]["fields"]
    made = client.post("/api/v1/activities/", payload, content_type="application/json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["alliance"], body["organisation"], body["node"], body["person_times"]) == (
        None,
        branch.pk,
        city.grid_1.pk,
        7,
    )


def test_a_unit_admin_names_its_own_members_as_its_organisations_secretary(city):
    admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    worker = PersonFactory(household=city.household_2, work_unit=city.unit_1, party_status="in_service", name="钱书记")
    elsewhere = PersonFactory(household=city.household_2, party_status="in_service", name="孙党员")
    choices = set(member_choices(user=admin).values_list("pk", flat=True))
    assert worker.pk in choices and elsewhere.pk not in choices
    org = organisations.organisation_create(
        user=admin,
        kind=OrganisationKind.UNIT_BRANCH,
        unit=city.unit_1,
        secretary=worker,
        founded_on=datetime.date(2021, 1, 1),
    )
    assert org.secretary == worker


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite cannot alter tables inside the test's transaction; the migration is tested on PostgreSQL",
)
def test_migration_keeps_the_typed_counts_as_the_remainder_and_places_each_activity_at_its_alliance(city, alliances):
    """alliances 0010–0012 on a copy of the records: typed counts become the unnamed remainder, each activity
    stands at its alliance's node, and nothing is named that was not."""
    with connection.cursor() as cursor:  # no pending trigger events before the schema changes
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before = [("alliances", "0009_problem_responsible_party")]
    after = [("alliances", "0012_activity_organisation_participants")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("alliances", "Activity")
    row = old.objects.create(
        alliance_id=alliances.c1.pk,
        kind="visit",
        title="走访",
        starts_at=at(2020, 5, 1),
        place="东艺社区",
        participants=7,
        households_visited=3,
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("alliances", "Activity")
    migrated = new.objects.get(pk=row.pk)
    assert (migrated.unnamed_participants, migrated.unnamed_households) == (7, 3)
    assert (migrated.node_id, migrated.organisation_id) == (city.c1.pk, None)
    assert not new.people.through.objects.filter(activity_id=row.pk).exists()
