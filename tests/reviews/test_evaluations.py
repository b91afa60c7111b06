"""The annual evaluation: the street prepares items and invites representatives, representatives rate each item
1–5 with a comment (one rating per representative per item), the street publishes the stars and awards."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from notifications.models import Notification
from reviews.models import Award, Evaluation, Rating, ReviewTask
from reviews.services import evaluations as services
from tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(city):
    """A party member of unit 1 with an account: a representative."""
    return user_with_role(
        Role.PARTY_MEMBER, person=PersonFactory(node=city.c1, work_unit=city.unit_1, name="赵代表"), username="rep"
    )


@pytest.fixture
def evaluation(city, staff, rep, clock):
    clock.at(2026, 12, 10, 9)
    evaluation = services.evaluation_create(user=staff.street_1, node=city.street_1, year=2026)
    services.item_add(
        user=staff.street_1, evaluation=evaluation, title="党建引领基层治理", report="全年召开联席会议12次"
    )
    services.item_add(
        user=staff.unit_1_admin, evaluation=evaluation, title="结对帮扶项目", report="帮扶困难户30户", unit=city.unit_1
    )
    services.representative_add(user=staff.street_1, evaluation=evaluation, person=rep.person, unit=city.unit_1)
    return evaluation


def test_opening_tells_the_representatives(evaluation, staff, rep):
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    note = Notification.objects.get(recipient=rep)
    assert note.reminder.url == evaluation.get_absolute_url()
    assert Evaluation.objects.get().status == Evaluation.Status.RATING


def test_a_representative_rates_each_item_on_the_phone_page(client, evaluation, staff, rep):
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    items = list(evaluation.items.order_by("position"))
    client.force_login(rep)
    page = client.get(f"/reviews/evaluations/{evaluation.pk}/rate/").content.decode()
    assert "党建引领基层治理" in page and 'class="btn-check"' in page
    data = {f"score_{items[0].pk}": 5, f"comment_{items[0].pk}": "很好", f"score_{items[1].pk}": 4}
    assert client.post(f"/reviews/evaluations/{evaluation.pk}/rate/", data).status_code == 302
    # rating again replaces: one rating per representative per item
    data[f"score_{items[1].pk}"] = 3
    assert client.post(f"/reviews/evaluations/{evaluation.pk}/rate/", data).status_code == 302
    assert sorted(Rating.objects.values_list("item__position", "score", "comment")) == [(1, 5, "很好"), (2, 3, "")]


def test_a_score_outside_one_to_five_is_refused(client, evaluation, staff, rep):
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    item = evaluation.items.first()
    client.force_login(rep)
    response = client.post(f"/reviews/evaluations/{evaluation.pk}/rate/", {f"score_{item.pk}": 6})
    assert response.status_code == 200 and not Rating.objects.exists()


def test_only_representatives_rate_and_only_while_rating_is_open(client, evaluation, staff, rep):
    client.force_login(rep)
    assert client.post(f"/reviews/evaluations/{evaluation.pk}/rate/", {}).status_code == 200  # draft: nothing to save
    with pytest.raises(services.ValidationError):
        services.ratings_submit(
            user=rep, evaluation=evaluation, ratings=[services.RatingInput(item=evaluation.items.first(), score=4)]
        )
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    client.force_login(staff.c1)  # below the street: the evaluation is out of sight
    assert client.get(f"/reviews/evaluations/{evaluation.pk}/rate/").status_code == 404
    client.force_login(staff.street_1)
    assert client.get(f"/reviews/evaluations/{evaluation.pk}/rate/").status_code == 403


def test_publishing_computes_the_stars_and_gives_awards(client, evaluation, staff, rep, city):
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    items = list(evaluation.items.order_by("position"))
    services.ratings_submit(
        user=rep,
        evaluation=evaluation,
        ratings=[services.RatingInput(item=items[0], score=5), services.RatingInput(item=items[1], score=3)],
    )
    client.force_login(staff.street_1)
    refused = client.post(f"/reviews/evaluations/{evaluation.pk}/publish/", {"award_1": "five_star"})
    assert refused.status_code == 400 and Evaluation.objects.get().status == Evaluation.Status.RATING
    response = client.post(
        f"/reviews/evaluations/{evaluation.pk}/publish/",
        {"award_1": "advanced_org", "award_2": "service_star", "unit_2": city.unit_1.pk, "citation_2": "帮扶有力"},
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.average, evaluation.stars) == (
        Evaluation.Status.PUBLISHED,
        Decimal("4.00"),
        4,
    )
    assert sorted(Award.objects.values_list("kind", "unit_id")) == [
        ("advanced_org", None),
        ("service_star", city.unit_1.pk),
    ]
    assert ReviewTask.objects.get(node=city.street_1, period="2026").done_at is not None
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "★★★★☆" in page and "帮扶有力" in page


def test_stars_round_half_up():
    assert [services.stars_for(Decimal(v)) for v in ("1.00", "2.49", "2.50", "4.49", "4.50", "5.00")] == [
        1,
        2,
        3,
        4,
        5,
        5,
    ]


def test_the_evaluation_is_seen_by_its_street_units_and_representatives_only(client, evaluation, staff, rep):
    for user, code in (
        (staff.street_1, 200),
        (staff.unit_1_admin, 200),
        (rep, 200),
        (staff.street_2, 404),
        (staff.unit_3_admin, 404),
    ):
        client.force_login(user)
        assert client.get(evaluation.get_absolute_url()).status_code == code, user


def test_a_unit_admin_adds_only_its_own_units_project(evaluation, staff, city):
    with pytest.raises(services.PermissionDenied):
        services.item_add(user=staff.unit_1_admin, evaluation=evaluation, title="x", report="y", unit=city.unit_2)
    with pytest.raises(services.PermissionDenied):
        services.item_add(user=staff.unit_1_admin, evaluation=evaluation, title="x", report="y")


def test_api_ratings_one_per_representative_per_item(evaluation, staff, rep):
    services.evaluation_open(user=staff.street_1, evaluation=evaluation)
    item = evaluation.items.first()
    api = APIClient()
    api.force_authenticate(rep)
    assert api.post("/api/v1/ratings/", {"item": item.pk, "score": 2}, format="json").status_code == 201
    assert (
        api.post("/api/v1/ratings/", {"item": item.pk, "score": 4, "comment": "改进明显"}, format="json").status_code
        == 201
    )
    assert list(Rating.objects.values_list("score", "comment")) == [(4, "改进明显")]
    bad = api.post("/api/v1/ratings/", {"item": item.pk, "score": 0}, format="json")
    assert bad.status_code == 400 and "score" in bad.json()["error"]["fields"]
    api.force_authenticate(staff.unit_3_admin)
    assert api.post("/api/v1/ratings/", {"item": item.pk, "score": 5}, format="json").status_code == 400
    assert api.get("/api/v1/ratings/").json()["count"] == 0


def test_a_street_evaluates_each_year_once(staff, city, evaluation):
    with pytest.raises(services.ValidationError) as exc:
        services.evaluation_create(user=staff.street_1, node=city.street_1, year=2026)
    assert list(exc.value.message_dict) == ["year"]


def test_the_street_invites_a_representative_from_the_page(client, city, staff, clock):
    clock.at(2026, 12, 10, 9)
    evaluation = services.evaluation_create(user=staff.street_1, node=city.street_1, year=2026)
    person = PersonFactory(node=city.c2, name="钱代表")
    user_with_role(Role.PARTY_MEMBER, person=person, username="qian")
    client.force_login(staff.street_1)
    page = client.get(evaluation.get_absolute_url()).content.decode()
    assert "钱代表" in page
    response = client.post(f"/reviews/evaluations/{evaluation.pk}/representatives/", {"person": person.pk})
    assert response.status_code == 302
    assert list(evaluation.representatives.values_list("person__name", flat=True)) == ["钱代表"]
    again = client.post(f"/reviews/evaluations/{evaluation.pk}/representatives/", {"person": person.pk})
    assert again.status_code == 400 and evaluation.representatives.count() == 1
