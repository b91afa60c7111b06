"""A wish dispatched to a vanguard post or a team names the record itself (not a typed name): the post's or
team's page is one click away, the team's leader is told, and a post or team out of sight, closed or ended is
refused with a field error."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from liaoyuan.core import pickers
from notifications.models import Notification
from organisations import services as organisations
from organisations.models import OrganisationKind
from people.models import Person
from tests.factories import PersonFactory, user_with_role
from volunteers import services as volunteers
from wishes.models import Wish
from wishes.services import wishes as services

PROMISED = datetime.timedelta(days=3)


@pytest.fixture
def post(city, wishes):
    return volunteers.post_create(
        user=wishes.secretary, node=city.c1, title="楼道照明维修岗", category="environment", place="东艺社区"
    )


@pytest.fixture
def team(city, wishes):
    leader = PersonFactory(household=city.household_1, name="王队长", party_status=Person.PartyStatus.COMMUNITY)
    user_with_role(Role.PARTY_MEMBER, person=leader)
    return organisations.organisation_create(
        user=wishes.secretary,
        kind=OrganisationKind.SERVICE_TEAM,
        name="东艺社区党员服务队",
        node=city.c1,
        secretary=leader,
        founded_on=timezone.localdate() - datetime.timedelta(days=30),
    )


def test_a_wish_dispatched_to_a_post_links_the_post_and_keeps_its_title(city, wishes, post):
    wish = services.wish_dispatch(
        user=wishes.secretary,
        wish=wishes.accepted(city),
        provider_kind="post",
        provider_post=post,
        promised_on=timezone.localdate() + PROMISED,
    )
    stored = Wish.objects.get(pk=wish.pk)
    assert (stored.provider_post, stored.provider_team, stored.provider_label) == (post, None, "楼道照明维修岗")


def test_a_wish_dispatched_to_a_team_tells_its_leader(city, wishes, team):
    wish = services.wish_dispatch(
        user=wishes.secretary,
        wish=wishes.accepted(city),
        provider_kind="team",
        provider_team=team,
        promised_on=timezone.localdate() + PROMISED,
    )
    assert Wish.objects.get(pk=wish.pk).provider_team == team
    told = Notification.objects.filter(recipient__person=team.secretary)
    assert [n.reminder.url for n in told] == [wish.get_absolute_url()]


def test_a_closed_post_an_ended_team_or_none_at_all_is_refused_and_nothing_changes(city, wishes, post, team):
    wish = wishes.accepted(city)
    post.is_open = False
    post.save(update_fields=["is_open"])
    team.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    team.save(update_fields=["ends_on"])
    promised = timezone.localdate() + PROMISED
    for kind, field, value in [
        ("post", "provider_post", post),
        ("team", "provider_team", team),
        ("post", "provider_post", None),
        ("team", "provider_team", None),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.wish_dispatch(
                user=wishes.secretary, wish=wish, provider_kind=kind, promised_on=promised, **{field: value}
            )
        assert field in refused.value.message_dict
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.ACCEPTED


def test_a_post_of_another_street_is_out_of_sight_and_refused(city, wishes):
    elsewhere = volunteers.post_create(
        user=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        node=city.c3,
        title="另一街道的岗",
        category="environment",
        place="别处",
    )
    elsewhere.is_open = False  # a closed post of another street: not in the directory either
    elsewhere.save(update_fields=["is_open"])
    with pytest.raises(ValidationError) as refused:
        services.wish_dispatch(
            user=wishes.secretary,
            wish=wishes.accepted(city),
            provider_kind="post",
            provider_post=elsewhere,
            promised_on=timezone.localdate() + PROMISED,
        )
    assert "provider_post" in refused.value.message_dict


def test_the_api_dispatches_to_a_team_and_answers_400_for_a_post_out_of_sight(city, wishes, team, client):
    client.force_login(wishes.secretary)
    promised = (timezone.localdate() + PROMISED).isoformat()
    wish = wishes.accepted(city)
    elsewhere = volunteers.post_create(
        user=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3),
        node=city.c3,
        title="另一街道的岗",
        category="environment",
        place="别处",
    )
    elsewhere.is_open = False
    elsewhere.save(update_fields=["is_open"])
    refused = client.post(
        f"/api/v1/wishes/{wish.pk}/dispatch/",
        {"provider_kind": "post", "provider_post": elsewhere.pk, "promised_on": promised},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "provider_post" in refused.json()["error"]["fields"]
    done = client.post(
        f"/api/v1/wishes/{wish.pk}/dispatch/",
        {"provider_kind": "team", "provider_team": team.pk, "promised_on": promised},
        content_type="application/json",
    )
    assert done.status_code == 200, done.content
    assert (done.json()["provider_team"], done.json()["provider_label"]) == (team.pk, "东艺社区党员服务队")


def test_the_dispatch_form_keeps_the_team_chosen_when_the_date_is_wrong(city, wishes, team, client):
    client.force_login(wishes.secretary)
    wish = wishes.accepted(city)
    page = client.post(
        f"/wishes/staff/{wish.pk}/dispatch/",
        {"dispatch-provider_kind": "team", "dispatch-provider_team": team.pk, "dispatch-promised_on": "2000-01-01"},
    )
    assert page.status_code == 400
    assert f'<option value="{team.pk}" selected>' in page.content.decode()
    assert Wish.objects.get(pk=wish.pk).status == Wish.Status.ACCEPTED


def test_the_pickers_offer_the_posts_and_teams_in_the_area_only(city, wishes, post, team):
    outsider = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3)
    assert pickers.matches(user=wishes.secretary, name="wish_team", term="服务队") == [
        (team.pk, "东艺社区党员服务队（东艺社区）")
    ]
    assert pickers.matches(user=outsider, name="wish_team", term="服务队") == []
    assert [pk for pk, _ in pickers.matches(user=wishes.secretary, name="wish_post", term="照明")] == [post.pk]
    assert pickers.matches(user=outsider, name="wish_post", term="照明") == []
