"""The annual evaluation as a representative lives it: told in the inbox that rating is open, they rate each
item with one to five stars and a comment on their phone (or at a desk), and see the published stars."""

import pytest
from django.utils import timezone

from accounts.models import Role
from notifications.models import Notification
from reviews.models import Rating
from reviews.services import evaluations as services
from tests.browser.conftest import PASSWORD
from tests.factories import PersonFactory, user_with_role


@pytest.mark.django_db(transaction=True)
def test_a_representative_rates_each_item_and_sees_the_stars(screens, city):
    street = user_with_role(Role.STREET_SECRETARY, node=city.street_1)
    unit_admin = user_with_role(Role.UNIT_ADMIN, unit=city.unit_1)
    representative = user_with_role(
        Role.PARTY_MEMBER, person=PersonFactory(node=city.c1, work_unit=city.unit_1, name="赵代表")
    )
    representative.set_password(PASSWORD)
    representative.save(update_fields=["password"])
    evaluation = services.evaluation_create(user=street, node=city.street_1, year=timezone.localdate().year)
    services.item_add(user=street, evaluation=evaluation, title="党建引领基层治理", report="全年召开联席会议12次")
    services.item_add(
        user=unit_admin, evaluation=evaluation, title="结对帮扶项目", report="帮扶困难户30户", unit=city.unit_1
    )
    services.representative_add(user=street, evaluation=evaluation, person=representative.person, unit=city.unit_1)
    services.evaluation_open(user=street, evaluation=evaluation)
    first, second = evaluation.items.order_by("position")

    screen = screens("representative")
    page = screen.page
    screen.sign_in(representative.username)
    screen.menu("#notification-bell")
    screen.shot("inbox")
    notice = Notification.objects.get(recipient=representative)
    page.click(f"a[href='/notifications/{notice.pk}/open/']")
    assert page.url.endswith(evaluation.get_absolute_url())
    screen.shot("evaluation")
    page.click(f"a[href='/reviews/evaluations/{evaluation.pk}/rate/']")
    page.click(f"input[name=score_{first.pk}][value='5'] + label")  # the fifth star
    page.fill(f"input[name=comment_{first.pk}]", "联席会议议事有实效")
    page.click(f"input[name=score_{second.pk}][value='4'] + label")
    screen.shot("rating")
    screen.submit("#rating-form")
    assert sorted(Rating.objects.values_list("item__position", "score", "comment")) == [
        (1, 5, "联席会议议事有实效"),
        (2, 4, ""),
    ]
    screen.shot("rated")

    services.evaluation_publish(user=street, evaluation=evaluation, awards=[])
    screen.go(evaluation.get_absolute_url())
    assert "4.50" in page.inner_text("main")  # the average of 5 and 4, published with its stars
    screen.shot("published")
