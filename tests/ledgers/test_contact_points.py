"""Contact points: a secretary linked to a party branch once, visits and lectures logged against it and
counted; kept by the secretary's area, seen where the branch stands."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts import scopes
from ledgers.models import ContactLog
from ledgers.selectors.contact_points import contact_point_list, contact_totals
from ledgers.services import contact_points as services
from organisations.models import PartyOrganisation

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def branch(city):
    return PartyOrganisation.objects.create(
        name="第1网格党支部", kind=PartyOrganisation.Kind.GRID_BRANCH, node=city.grid_1, founded_on=D(2020, 1, 1)
    )


@pytest.fixture
def point(city, people, branch):
    return services.contact_point_create(
        user=people.street, node=city.street_1, secretary="王书记", organisation=branch, established_on=D(2024, 1, 1)
    )


def test_a_secretary_is_linked_to_a_branch_once(city, people, branch, point):
    with pytest.raises(ValidationError) as exc:
        services.contact_point_create(
            user=people.street,
            node=city.street_1,
            secretary="王书记",
            organisation=branch,
            established_on=D(2025, 1, 1),
        )
    assert "organisation" in exc.value.message_dict


def test_visits_and_lectures_are_counted(people, point):
    services.contact_log_add(user=people.street, point=point, kind="visit", on=D(2025, 3, 1), title="走访", people=3)
    services.contact_log_add(user=people.street, point=point, kind="research", on=D(2025, 4, 1), title="调研", people=2)
    services.contact_log_add(user=people.street, point=point, kind="lecture", on=D(2025, 5, 1), title="党课", people=40)
    row = contact_point_list(user=people.street).get()
    assert (row.visits, row.lectures) == (5, 1)
    assert contact_totals(user=people.street) == {"contact_points": 1, "visits": 5, "lectures": 1}


def test_a_log_before_the_link_or_in_the_future_is_refused(people, point):
    with pytest.raises(ValidationError):
        services.contact_log_add(user=people.street, point=point, kind="visit", on=D(2023, 1, 1), title="x")
    with pytest.raises(ValidationError):
        services.contact_log_add(user=people.street, point=point, kind="visit", on=D(2099, 1, 1), title="x")
    assert not ContactLog.objects.exists()


def test_the_branchs_community_sees_it_but_does_not_keep_it(people, point):
    assert scopes.can_view(people.c1, point)  # the branch stands in C1
    assert not scopes.can_change(people.c1, point)
    assert not scopes.can_view(people.c3, point)
    with pytest.raises(PermissionDenied):
        services.contact_log_add(user=people.c1, point=point, kind="visit", on=D(2025, 1, 1), title="x")


def test_pages_and_api(client, city, people, branch, point):
    client.force_login(people.street)
    response = client.post(
        reverse("ledgers:contact_log_add", args=[point.pk]),
        {"kind": "lecture", "on": "2025-06-01", "title": "七一党课", "people": 30},
    )
    assert response.status_code == 302
    assert "七一党课" in client.get(point.get_absolute_url()).content.decode()
    api = APIClient()
    api.force_authenticate(people.street)
    data = api.get(reverse("api:contact-point-detail", args=[point.pk])).data
    assert data["lectures"] == 1 and data["logs"][0]["title"] == "七一党课"
    response = api.post(
        reverse("api:contact-point-logs", args=[point.pk]),
        {"kind": "visit", "on": "2025-07-01", "title": "走访", "people": 0},
        format="json",
    )
    assert response.status_code == 400


def test_the_list_queries_do_not_grow_with_rows(client, city, people, branch, point):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people.street)
    url = reverse("ledgers:contact_points")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(3):
        other = services.contact_point_create(
            user=people.street,
            node=city.street_1,
            secretary=f"李{i}",
            organisation=branch,
            established_on=D(2024, 1, 1),
        )
        services.contact_log_add(user=people.street, point=other, kind="visit", on=D(2025, 1, 1), title="走访")
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more.captured_queries) == len(one.captured_queries)
