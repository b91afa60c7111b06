"""Pages of party organisations: the scoped list, an organisation's members and history, setting one up,
adding and ending members, a person's organisational relation; query counts that do not grow with rows."""

import collections
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from organisations import services
from organisations.models import OrganisationMembership, PartyOrganisation
from people.models import Person
from tests.factories import PersonFactory, user_with_role

Kind = PartyOrganisation.Kind
DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)


@pytest.fixture
def branch(city, secretary):
    return services.organisation_create(user=secretary, kind=Kind.GRID_BRANCH, node=city.grid_1, founded_on=DAY)


def _member(city, name="赵党员"):
    return PersonFactory(household=city.household_1, name=name, party_status=Person.PartyStatus.COMMUNITY)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_shows_the_area_only(client, city, secretary, branch):
    other = services.organisation_create(
        user=user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2),
        kind=Kind.GRID_BRANCH,
        node=city.grid_2,
        founded_on=DAY,
    )
    client.force_login(secretary)
    response = client.get(reverse("organisations:list"))
    assert list(response.context["page"]) == [branch]
    assert other not in response.context["page"]


def test_list_filters_by_kind_and_standing(client, city, secretary, branch):
    services.organisation_create(
        user=secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, founded_on=DAY, ends_on=DAY, purpose="防汛"
    )
    client.force_login(secretary)
    response = client.get(reverse("organisations:list"), {"kind": Kind.TEMPORARY_BRANCH})
    assert [o.kind for o in response.context["page"]] == [Kind.TEMPORARY_BRANCH]
    response = client.get(reverse("organisations:list"), {"standing": "true"})
    assert list(response.context["page"]) == [branch]


def test_the_counts_by_kind_are_those_of_the_standing_filter(client, city, secretary, branch):
    for ends_on in (DAY, timezone.localdate() + datetime.timedelta(days=30)):  # one ended, one to come
        services.organisation_create(
            user=secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, founded_on=DAY, ends_on=ends_on, purpose="防汛"
        )
    client.force_login(secretary)
    counts = client.get(reverse("organisations:list")).context["counts"]
    assert counts == {Kind.GRID_BRANCH: 1, Kind.TEMPORARY_BRANCH: 1}
    standing = client.get(reverse("organisations:list"), {"standing": "true"}).context["page"]
    assert dict(collections.Counter(o.kind for o in standing)) == counts


def test_list_and_detail_queries_do_not_grow_with_rows(client, city, secretary, branch):
    client.force_login(secretary)
    services.membership_add(user=secretary, organisation=branch, person=_member(city), joined_on=DAY)
    list_url, detail_url = reverse("organisations:list"), reverse("organisations:detail", args=[branch.pk])
    counts = (_queries(client, list_url), _queries(client, detail_url))
    for i in range(3):
        services.organisation_create(
            user=secretary, kind=Kind.TEMPORARY_BRANCH, node=city.c1, founded_on=DAY, ends_on=DAY, name=f"临时{i}"
        )
        services.membership_add(user=secretary, organisation=branch, person=_member(city, f"钱{i}"), joined_on=DAY)
    assert (_queries(client, list_url), _queries(client, detail_url)) == counts


def test_detail_masks_member_names_for_readers_who_may_not_act(client, city, secretary, branch):
    services.membership_add(user=secretary, organisation=branch, person=_member(city), joined_on=DAY)
    client.force_login(user_with_role(Role.DISTRICT_OFFICE, node=city.district_a))
    response = client.get(reverse("organisations:detail", args=[branch.pk]))
    assert "赵**".encode() in response.content and "赵党员".encode() not in response.content
    client.force_login(secretary)
    assert "赵党员".encode() in client.get(reverse("organisations:detail", args=[branch.pk])).content


def test_detail_outside_the_scope_is_404(client, city, branch):
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3))
    assert client.get(reverse("organisations:detail", args=[branch.pk])).status_code == 404


def test_setting_up_a_grid_branch_from_the_grid(client, city, secretary):
    client.force_login(secretary)
    url = reverse("organisations:create") + f"?node={city.grid_1.pk}&kind=grid_branch"
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "grid_branch", "node": city.grid_1.pk, "founded_on": "2024-01-01"})
    org = PartyOrganisation.objects.get()
    assert response.status_code == 302 and response["Location"] == org.get_absolute_url()
    assert (org.kind, org.node, org.name) == (Kind.GRID_BRANCH, city.grid_1, "第1网格党支部")


def test_temporary_branch_ending_before_it_starts_keeps_what_was_typed(client, city, secretary):
    client.force_login(secretary)
    data = {
        "kind": "temporary_branch",
        "node": city.c1.pk,
        "name": "防汛临时党支部",
        "founded_on": "2024-06-01",
        "ends_on": "2024-05-01",
        "purpose": "防汛",
    }
    response = client.post(reverse("organisations:create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"]
    assert "防汛临时党支部".encode() in response.content
    assert not PartyOrganisation.objects.exists()


def test_resident_may_not_set_up_an_organisation(client, city):
    client.force_login(user_with_role(Role.RESIDENT, person=city.resident_1))
    assert client.get(reverse("organisations:create")).status_code == 403


def test_adding_and_ending_a_member(client, city, secretary, branch):
    member = _member(city)
    client.force_login(secretary)
    url = reverse("organisations:member_add", args=[branch.pk])
    response = client.post(url, {"person": member.pk, "role": "member", "joined_on": "2024-02-01"})
    assert response.status_code == 302
    membership = OrganisationMembership.objects.get()
    assert membership.holds_relation
    end = reverse("organisations:member_end", args=[membership.pk])
    assert client.post(end, {"left_on": "2024-01-01"}).status_code == 302  # before joining: refused
    membership.refresh_from_db()
    assert membership.left_on is None
    client.post(end, {"left_on": "2024-03-01"})
    membership.refresh_from_db()
    assert membership.left_on == datetime.date(2024, 3, 1)


def test_adding_a_non_member_is_refused_on_the_form(client, city, secretary, branch):
    client.force_login(secretary)
    response = client.post(
        reverse("organisations:member_add", args=[branch.pk]),
        {"person": city.resident_1.pk, "role": "member", "joined_on": "2024-02-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors["person"]
    assert not OrganisationMembership.objects.exists()


def test_person_page_transfers_the_relation(client, city, secretary, branch):
    member = _member(city)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    community = services.organisation_create(
        user=secretary, kind=Kind.COMMUNITY_COMMITTEE, node=city.c1, founded_on=DAY
    )
    client.force_login(secretary)
    url = reverse("organisations:person", args=[member.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": community.pk, "on": "2024-05-01"})
    assert response.status_code == 302
    assert OrganisationMembership.objects.get(person=member, left_on__isnull=True).organisation == community


def test_party_member_reads_their_own_relation(client, city, secretary, branch):
    member = _member(city)
    services.membership_add(user=secretary, organisation=branch, person=member, joined_on=DAY)
    client.force_login(user_with_role(Role.PARTY_MEMBER, person=member))
    response = client.get(reverse("organisations:person", args=[member.pk]))
    assert response.status_code == 200 and branch.name.encode() in response.content
    assert response.context["form"] is None


def test_the_organisations_export_to_a_workbook_with_the_lists_filters_and_members_masked(city, client):
    secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    branch = services.organisation_create(
        user=secretary, kind=PartyOrganisation.Kind.GRID_BRANCH, node=city.grid_1, founded_on=datetime.date(2020, 1, 1)
    )
    member = PersonFactory(household=city.household_1, name="周党员", party_status="community")
    OrganisationMembership.objects.create(
        organisation=branch, person=member, joined_on=datetime.date(2021, 1, 1), holds_relation=True
    )
    client.force_login(secretary)
    listed = client.get(f"/organisations/export.xlsx?kind={PartyOrganisation.Kind.GRID_BRANCH}")
    assert listed.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(listed.content)).active.iter_rows(values_only=True))
    assert any(branch.name in row for row in rows)
    members = client.get(f"/organisations/members/export.csv?organisation={branch.pk}")
    text = b"".join(members.streaming_content).decode("utf-8-sig")
    assert "周**" in text and "周党员" not in text
    assert client.get("/organisations/export.pdf").status_code == 404
