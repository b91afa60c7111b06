"""Job postings and referrals: a unit publishes, residents and the community see open postings, the community
refers and records who was employed; bad input is a translated error on the form and a 400 in the API, and
nothing is stored."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import scopes
from accounts.models import Role
from sharing.models import JobPosting, JobReferral, ReferralOutcome
from sharing.services import jobs as services
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def actors(city):
    class Actors:
        unit_admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
        secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
        outsider = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3)
        resident = user_with_role(Role.RESIDENT, person=city.resident_1)
        other_unit = user_with_role(Role.UNIT_ADMIN, unit=city.unit_3)

    return Actors


@pytest.fixture
def posting(city, actors):
    return services.posting_create(
        user=actors.unit_admin,
        unit=city.unit_1,
        position="保洁员",
        contact="张经理 13800000000",
        closes_on=TODAY() + datetime.timedelta(days=30),
        pay_min=2500,
        pay_max=3500,
    )


def test_a_unit_publishes_to_its_own_community_by_default(city, posting):
    assert posting.community == city.c1
    assert posting.published_on == TODAY()
    assert posting.pay_range == "2500–3500"


def test_another_units_admin_cannot_publish_for_the_unit(city, actors):
    with pytest.raises(PermissionDenied):
        services.posting_create(user=actors.other_unit, unit=city.unit_1, position="x", contact="y", closes_on=TODAY())


def test_a_closing_date_before_the_publishing_date_is_refused_and_nothing_is_stored(city, actors):
    with pytest.raises(ValidationError) as caught:
        services.posting_create(
            user=actors.unit_admin,
            unit=city.unit_1,
            position="保安",
            contact="李 13900000000",
            published_on=TODAY(),
            closes_on=TODAY() - datetime.timedelta(days=1),
        )
    assert "closes_on" in caught.value.message_dict
    assert not JobPosting.objects.exists()


def test_the_database_refuses_a_posting_that_closes_before_it_opens(city, posting):
    with pytest.raises(IntegrityError), transaction.atomic():
        JobPosting.objects.filter(pk=posting.pk).update(closes_on=posting.published_on - datetime.timedelta(days=1))


def test_the_api_answers_400_with_field_errors_for_a_reversed_pay_range_and_a_bad_closing_date(city, actors):
    body = {
        "unit": city.unit_1.pk,
        "position": "收银员",
        "contact": "王 13700000000",
        "published_on": TODAY().isoformat(),
        "closes_on": (TODAY() - datetime.timedelta(days=3)).isoformat(),
        "pay_min": "4000",
        "pay_max": "3000",
    }
    response = api(actors.unit_admin).post("/api/v1/job-postings/", body, format="json")
    assert response.status_code == 400
    assert {"closes_on", "pay_max"} <= set(response.data["error"]["fields"])
    assert not JobPosting.objects.exists()


def test_the_publish_form_keeps_what_was_typed_and_says_why(client, city, actors):
    client.force_login(actors.unit_admin)
    response = client.post(
        "/sharing/jobs/new/",
        {
            "unit": city.unit_1.pk,
            "position": "养老护理员",
            "headcount": 2,
            "contact": "赵 13600000000",
            "published_on": TODAY().isoformat(),
            "closes_on": (TODAY() - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "养老护理员" in response.content.decode()
    assert "cannot close before it is published" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_residents_see_open_postings_but_not_closed_ones(city, actors, posting):
    closed = services.posting_create(
        user=actors.unit_admin,
        unit=city.unit_1,
        position="电工",
        contact="x",
        published_on=TODAY() - datetime.timedelta(days=40),
        closes_on=TODAY() - datetime.timedelta(days=10),
    )
    positions = {row["position"] for row in api(actors.resident).get("/api/v1/job-postings/").data["results"]}
    assert positions == {"保洁员"}
    assert api(actors.resident).get(f"/api/v1/job-postings/{closed.pk}/").status_code == 404
    assert api(actors.secretary).get(f"/api/v1/job-postings/{closed.pk}/").status_code == 200


def test_a_resident_cannot_change_a_posting_they_see(actors, posting):
    response = api(actors.resident).patch(f"/api/v1/job-postings/{posting.pk}/", {"position": "x"}, format="json")
    assert response.status_code == 403
    posting.refresh_from_db()
    assert posting.position == "保洁员"


def test_the_community_refers_a_resident_once_and_records_employment(city, actors, posting):
    referral = services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    with pytest.raises(ValidationError) as again:
        services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    assert "person" in again.value.message_dict
    with pytest.raises(ValidationError) as no_day:
        services.referral_outcome(user=actors.secretary, referral=referral, outcome=ReferralOutcome.EMPLOYED)
    assert "employed_on" in no_day.value.message_dict
    services.referral_outcome(
        user=actors.secretary, referral=referral, outcome=ReferralOutcome.EMPLOYED, employed_on=TODAY()
    )
    referral.refresh_from_db()
    assert (referral.outcome, referral.employed_on) == (ReferralOutcome.EMPLOYED, TODAY())
    assert JobReferral.objects.count() == 1


def test_another_community_cannot_refer_to_the_posting(city, actors, posting):
    with pytest.raises(PermissionDenied):
        services.referral_create(user=actors.outsider, posting=posting, person=city.resident_2)


def test_the_referrals_api_masks_names_and_answers_400_for_employment_without_a_day(city, actors, posting):
    client = api(actors.secretary)
    created = client.post(
        f"/api/v1/job-postings/{posting.pk}/referrals/", {"person": city.resident_1.pk}, format="json"
    )
    assert created.status_code == 201
    assert created.data["person_name"] == "王**"
    outcome = client.post(
        f"/api/v1/job-referrals/{created.data['id']}/outcome/", {"outcome": "employed"}, format="json"
    )
    assert outcome.status_code == 400
    assert "employed_on" in outcome.data["error"]["fields"]
    assert JobReferral.objects.get().outcome == ReferralOutcome.REFERRED
    listed = client.get(f"/api/v1/job-postings/{posting.pk}/referrals/")
    assert [row["person_name"] for row in listed.data["results"]] == ["王**"]


def test_the_referred_person_sees_their_referral_and_nobody_elses(city, actors, posting):
    services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    services.referral_create(user=actors.secretary, posting=posting, person=city.resident_2)
    rows = api(actors.resident).get("/api/v1/job-referrals/").data["results"]
    assert [row["person"] for row in rows] == [city.resident_1.pk]
    assert api(actors.outsider).get("/api/v1/job-referrals/").data["results"] == []


def test_the_postings_page_counts_referrals_and_employment_per_row(client, city, actors, posting):
    referral = services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    services.referral_outcome(user=actors.secretary, referral=referral, outcome="employed", employed_on=TODAY())
    client.force_login(actors.secretary)
    response = client.get("/sharing/jobs/")
    [row] = response.context["page"].object_list
    assert (row.referred, row.employed) == (1, 1)


def test_the_postings_export_has_a_row_per_posting_with_its_counts(client, city, actors, posting):
    services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    client.force_login(actors.secretary)
    response = client.get("/sharing/jobs/export.csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert "保洁员" in lines[1] and lines[1].endswith(",1,0")


def test_editing_a_posting_checks_the_whole_posting_and_keeps_it_with_its_unit(city, actors, posting):
    response = api(actors.secretary).patch(
        f"/api/v1/job-postings/{posting.pk}/",
        {"closes_on": (posting.published_on - datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "closes_on" in response.data["error"]["fields"]
    updated = services.posting_update(user=actors.secretary, posting=posting, position="  保洁主管 ")
    posting.refresh_from_db()
    assert (updated.position, posting.position, posting.unit) == ("保洁主管", "保洁主管", city.unit_1)
    with pytest.raises(ValueError):
        services.posting_update(user=actors.secretary, posting=posting, unit=city.unit_3)


def test_the_posting_page_asks_each_permission_once_and_shows_what_each_may_do(client, city, actors, posting):
    closed = services.posting_create(
        user=actors.unit_admin,
        unit=city.unit_1,
        position="电工",
        contact="x",
        published_on=TODAY() - datetime.timedelta(days=40),
        closes_on=TODAY() - datetime.timedelta(days=10),
    )
    services.referral_create(user=actors.secretary, posting=posting, person=city.resident_1)
    district_office = user_with_role(Role.DISTRICT_OFFICE, node=city.district_a)
    cases = [  # user, posting, request: status, may change (and refer), referrals shown
        (actors.secretary, posting, "get", 200, True, 1),
        (actors.secretary, posting, "refer", 400, True, 1),  # an empty referral form comes back
        (actors.unit_admin, closed, "get", 200, True, 0),
        (district_office, closed, "get", 200, False, 0),
        (actors.outsider, posting, "get", 200, False, 0),
        (actors.resident, posting, "get", 200, False, 0),
        (actors.outsider, closed, "get", 404, None, None),
    ]
    for user, shown, method, status, may_change, referrals in cases:
        client.force_login(user)
        with (
            mock.patch.object(scopes, "can_change", wraps=scopes.can_change) as can_change,
            mock.patch.object(scopes, "can_view", wraps=scopes.can_view) as can_view,
        ):
            if method == "get":
                response = client.get(f"/sharing/jobs/{shown.pk}/")
            else:
                response = client.post(f"/sharing/jobs/{shown.pk}/refer/", {})
        assert response.status_code == status
        assert can_change.call_count <= 1
        assert can_view.call_count <= 1
        if status != 404:
            assert (response.context["may_change"], response.context["may_refer"]) == (may_change, may_change)
            assert len(response.context["referrals"]) == referrals
            assert (response.context["form"] is not None) == may_change
