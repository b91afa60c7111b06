"""Units not stationed in a community: a unit is located at any level of the territory (city-level and
district-level agencies, state-owned enterprises and institutions, 市直单位), separately from the alliances it
joins; which units an alliance accepts is the alliance's own rule, not the unit's district."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts import scopes
from accounts.models import Role
from alliances.models import Alliance, Membership
from alliances.services import alliances as services
from tests.factories import MemberUnitFactory, UserFactory, child, user_with_role
from units.models import MemberUnit

pytestmark = pytest.mark.django_db

D = datetime.date


def join(user, alliance, unit, **kwargs):
    kwargs.setdefault("joined_on", D(2025, 3, 1))
    kwargs.setdefault("committee_member", "钱书记")
    return services.membership_join(user=user, alliance=alliance, unit=unit, **kwargs)


def test_a_city_level_unit_joins_alliances_in_both_districts(city, alliances):
    city_unit = MemberUnitFactory(location=city.city, name="辽源市供水集团有限公司", kind=MemberUnit.Kind.ENTERPRISE)
    far_community = child(child(city.district_b, "street"), "community")
    far_alliance = Alliance.objects.create(
        node=far_community, name="远处联合体", founded_on=D(2020, 1, 1), rotation_starts_on=D(2020, 1, 1)
    )
    far_secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=far_community)
    join(alliances.c1_secretary, alliances.c1, city_unit)
    join(far_secretary, far_alliance, city_unit)
    assert set(Membership.objects.filter(unit=city_unit).values_list("alliance__node", flat=True)) == {
        city.c1.pk,
        far_community.pk,
    }


def test_a_district_level_unit_joins_its_districts_alliances_only(city, alliances):
    district_unit = MemberUnitFactory(location=city.district_a, name="龙山区民政局", kind=MemberUnit.Kind.AGENCY)
    join(alliances.street_secretary, alliances.c1, district_unit)
    assert Membership.objects.filter(alliance=alliances.c1, unit=district_unit).exists()
    other = MemberUnitFactory(location=city.district_b, name="西安区民政局", kind=MemberUnit.Kind.AGENCY)
    with pytest.raises(ValidationError) as exc:
        join(UserFactory(is_superuser=True), alliances.c1, other)
    assert "not an active unit that this alliance accepts" in exc.value.message_dict["unit"][0]
    assert not Membership.objects.filter(unit=other).exists()


def test_an_alliance_of_its_own_area_refuses_a_neighbours_unit_but_takes_the_citys(city, alliances):
    alliances.c1.members_from = Alliance.MembersFrom.AREA
    alliances.c1.save()
    neighbour = MemberUnitFactory(location=city.c3, name="北寿本地公司")  # same district, another street
    superuser = UserFactory(is_superuser=True)
    with pytest.raises(ValidationError) as exc:
        join(superuser, alliances.c1, neighbour)
    assert "Units of its own street or community" in exc.value.message_dict["unit"][0]
    street_unit = MemberUnitFactory(location=city.street_1, name="向阳派出所", kind=MemberUnit.Kind.AGENCY)
    city_unit = MemberUnitFactory(location=city.city, name="辽源市图书馆")
    join(alliances.c1_secretary, alliances.c1, street_unit)
    join(alliances.c1_secretary, alliances.c1, city_unit)
    assert set(services.join_candidates(alliance=alliances.c1, user=alliances.c1_secretary)) == set()
    # the default rule (its district) takes the neighbour
    alliances.c1.members_from = Alliance.MembersFrom.DISTRICT
    alliances.c1.save()
    join(superuser, alliances.c1, neighbour)


def test_a_city_level_unit_is_seen_below_but_changed_only_by_its_admin(city, alliances):
    city_unit = MemberUnitFactory(location=city.city, name="辽源市人民医院", kind=MemberUnit.Kind.PUBLIC_INSTITUTION)
    district_unit = MemberUnitFactory(location=city.district_b, name="西安区卫生健康局")
    admin = user_with_role(Role.UNIT_ADMIN, unit=city_unit)
    # staff below who may invite it see it; they do not change it
    for user in (alliances.c1_secretary, alliances.street_secretary):
        assert scopes.can_view(user, city_unit) and not scopes.can_change(user, city_unit)
        assert not scopes.can_view(user, district_unit)  # another district's own unit
    assert city_unit in services.join_candidates(alliance=alliances.c1, user=alliances.c1_secretary)
    assert scopes.can_change(admin, city_unit) and not scopes.can_view(admin, city.unit_1)
    # read-only offices: the city office sees it; another district's office only once it is a member there
    assert scopes.can_view(alliances.city_office, city_unit) and not scopes.can_change(alliances.city_office, city_unit)
    other_office = user_with_role(Role.DISTRICT_OFFICE, node=city.district_b)
    assert not scopes.can_view(other_office, city_unit)
    assert scopes.can_view(other_office, district_unit)
    # a chief of a grid below is not offered units to invite
    chief = user_with_role(Role.CHIEF, node=city.grid_1)
    assert not scopes.can_view(chief, city_unit)


def test_unit_pages_and_api_say_where_a_unit_is_located(client, city, alliances):
    city_unit = MemberUnitFactory(location=city.city, name="辽源市热力集团有限公司")
    client.force_login(alliances.c1_secretary)
    page = client.get(reverse("units:detail", args=[city_unit.pk])).content.decode()
    assert "辽源市" in page and "Located in" in page
    row = client.get("/api/v1/units/", {"q": "热力集团"}).json()["results"][0]
    assert row["location"] == city.city.pk and row["location_kind"] == "city" and row["location_name"] == "辽源市"
    # the location is not changed through the API
    client.force_login(user_with_role(Role.UNIT_ADMIN, unit=city_unit))
    response = client.patch(f"/api/v1/units/{city_unit.pk}/", {"location": city.c1.pk}, content_type="application/json")
    city_unit.refresh_from_db()
    assert response.status_code in (200, 400) and city_unit.location == city.city


def test_a_unit_is_not_located_in_a_grid(city):
    unit = MemberUnit(name="网格里的单位", kind=MemberUnit.Kind.NON_PUBLIC, location=city.grid_1)
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert any("located in the city, a district or county" in m for m in exc.value.message_dict["location"])


def test_alliance_rule_is_set_in_the_api_and_a_bad_one_is_refused(client, city, alliances):
    client.force_login(alliances.c1_secretary)
    url = f"/api/v1/alliances/{alliances.c1.pk}/"
    response = client.patch(url, {"members_from": "everywhere"}, content_type="application/json")
    assert response.status_code == 400 and "members_from" in response.json()["error"]["fields"]
    alliances.c1.refresh_from_db()
    assert alliances.c1.members_from == Alliance.MembersFrom.DISTRICT
    response = client.patch(url, {"members_from": "area"}, content_type="application/json")
    assert response.status_code == 200, response.content
    alliances.c1.refresh_from_db()
    assert alliances.c1.members_from == Alliance.MembersFrom.AREA


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite cannot alter tables inside the test's transaction; the migration is tested on PostgreSQL",
)
def test_migration_keeps_each_units_community_as_its_location(city):
    """units 0003 on a copy of the records: the units of the old schema keep their community as location."""
    if connection.vendor == "postgresql":  # no pending trigger events before the schema changes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    before, after = [("units", "0002_labels")], [("units", "0003_unit_location")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("units", "MemberUnit")
    unit = old.objects.create(name="旧单位", kind="enterprise", community_id=city.c2.pk, party_org_kind="branch")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps.get_model("units", "MemberUnit")
    assert new.objects.get(pk=unit.pk).location_id == city.c2.pk
    assert new.objects.get(pk=city.unit_1.pk).location_id == city.c1.pk
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
