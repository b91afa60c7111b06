"""Teams as party organisations: commando, service and volunteer teams with a leader, members, the community
they serve, a start and an end; many of a kind may serve one community."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organisations import selectors, services
from organisations.filters import OrganisationFilter
from organisations.models import PartyOrganisation
from tests.factories import PersonFactory

Kind = PartyOrganisation.Kind
DAY = datetime.date(2024, 1, 1)


def test_commando_team_serves_its_community_with_leader_members_and_dates(city, actors):
    team = services.organisation_create(
        user=actors.c1,
        kind=Kind.COMMANDO_TEAM,
        node=city.c1,
        secretary=actors.member_person,
        founded_on=DAY,
        ends_on=DAY + datetime.timedelta(days=90),
        purpose="防汛",
    )
    services.membership_add(user=actors.c1, organisation=team, person=actors.other_person, joined_on=DAY)
    assert team.is_team and team.name == f"{city.c1.name}党员突击队"
    assert (team.node, team.secretary, team.unit) == (city.c1, actors.member_person, None)
    membership = team.memberships.get()
    assert (membership.person, membership.holds_relation) == (actors.other_person, False)


def test_two_teams_of_one_kind_may_serve_one_community(city, actors):
    for name in ("第一突击队", "第二突击队"):
        services.organisation_create(user=actors.c1, kind=Kind.COMMANDO_TEAM, node=city.c1, founded_on=DAY, name=name)
    assert PartyOrganisation.objects.filter(kind=Kind.COMMANDO_TEAM, node=city.c1).count() == 2


def test_team_does_not_stand_at_a_grid(city, actors):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(user=actors.c1, kind=Kind.SERVICE_TEAM, node=city.grid_1, founded_on=DAY)
    assert "node" in exc.value.message_dict
    assert not PartyOrganisation.objects.exists()


def test_party_member_team_refuses_a_leader_or_member_who_is_not_a_party_member(city, actors):
    with pytest.raises(ValidationError) as exc:
        services.organisation_create(
            user=actors.c1, kind=Kind.SERVICE_TEAM, node=city.c1, founded_on=DAY, secretary=city.resident_1
        )
    assert "secretary" in exc.value.message_dict
    team = services.organisation_create(user=actors.c1, kind=Kind.SERVICE_TEAM, node=city.c1, founded_on=DAY)
    with pytest.raises(ValidationError) as exc:
        services.membership_add(user=actors.c1, organisation=team, person=city.resident_1, joined_on=DAY)
    assert "person" in exc.value.message_dict
    assert not team.memberships.exists()


def test_volunteer_team_takes_anyone_as_leader_and_member(city, actors):
    team = services.organisation_create(
        user=actors.c1, kind=Kind.VOLUNTEER_TEAM, node=city.c1, founded_on=DAY, secretary=city.resident_1
    )
    neighbour = PersonFactory(household=city.household_1, name="邻居")
    services.membership_add(user=actors.c1, organisation=team, person=neighbour, joined_on=DAY)
    assert team.secretary == city.resident_1
    assert list(team.memberships.values_list("person", flat=True)) == [neighbour.pk]


def test_team_stands_until_its_last_day(city, actors):
    today = timezone.localdate()
    running = services.organisation_create(
        user=actors.c1, kind=Kind.VOLUNTEER_TEAM, node=city.c1, founded_on=DAY, ends_on=today, name="在岗"
    )
    services.organisation_create(
        user=actors.c1,
        kind=Kind.VOLUNTEER_TEAM,
        node=city.c1,
        founded_on=DAY,
        ends_on=today - datetime.timedelta(days=1),
        name="已结束",
    )
    qs = selectors.organisation_list(user=actors.c1)
    standing = OrganisationFilter({"standing": "true"}, queryset=qs, request=None).qs
    assert list(standing) == [running]
