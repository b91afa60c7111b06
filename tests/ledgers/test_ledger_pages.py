"""The ledger pages: lists scoped, forms keeping what was typed, one-click matching, history on the item,
and list pages whose number of queries does not grow with their rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ledgers.models import ItemChange, Need, Project, Resource
from ledgers.services import projects as project_services
from ledgers.services.needs import need_create, resource_create
from ledgers.services.secretary import secretary_project_create

pytestmark = pytest.mark.django_db
D = datetime.date


def _need(user, node, title="活动室", category="venue"):
    return need_create(user=user, node=node, title=title, category=category)


def _resource(user, node, title="会议室", quantity=5, category="venue"):
    return resource_create(
        user=user, node=node, title=title, category=category, quantity=quantity, provider_name="张师傅"
    )


def test_need_list_shows_only_the_needs_in_scope(client, city, people):
    _need(people.c1, city.c1, "东艺的需求")
    _need(people.c3, city.c3, "北寿的需求")
    client.force_login(people.c1)
    page = client.get(reverse("ledgers:needs")).content.decode()
    assert "东艺的需求" in page
    assert "北寿的需求" not in page


def test_a_need_form_with_errors_keeps_what_was_typed(client, city, people):
    client.force_login(people.c1)
    response = client.post(
        reverse("ledgers:need_create"),
        {"node": city.c1.pk, "title": "路灯坏了", "category": "nonsense", "source": "other", "urgency": "normal"},
    )
    assert response.status_code == 200
    assert "路灯坏了" in response.content.decode()
    assert not Need.objects.exists()


def test_a_secretary_adds_a_need_and_matches_it_in_one_click(client, city, people):
    client.force_login(people.c1)
    response = client.post(
        reverse("ledgers:need_create"),
        {
            "node": city.c1.pk,
            "title": "老年活动室",
            "category": "venue",
            "source": "home_visit",
            "urgency": "high",
            "people_affected": 30,
        },
    )
    need = Need.objects.get()
    assert response.status_code == 302
    resource = _resource(people.c1, city.c1, quantity=3)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "会议室" in page and 'id="proposals"' in page

    response = client.post(reverse("ledgers:need_match", args=[need.pk]), {"resource": resource.pk, "quantity": 2})

    assert response.status_code == 302
    resource.refresh_from_db()
    need.refresh_from_db()
    assert resource.remaining == 1
    assert need.status == Need.Status.MATCHED
    page = client.get(need.get_absolute_url()).content.decode()
    assert "matched" in page  # the history shows the match


def test_matching_more_than_is_left_shows_the_error_on_the_page(client, city, people):
    need = _need(people.c1, city.c1)
    resource = _resource(people.c1, city.c1, quantity=1)
    client.force_login(people.c1)
    response = client.post(reverse("ledgers:need_match", args=[need.pk]), {"resource": resource.pk, "quantity": 5})
    assert response.status_code == 400
    assert "Only 1 of this resource are left." in response.content.decode()
    assert Resource.objects.get(pk=resource.pk).remaining == 1


def test_a_unit_records_completion_of_its_responsibility(client, city, people):
    project = project_services.project_create(user=people.c1, node=city.c1, title="助餐点", owner_name="张三")
    item = project_services.responsibility_create(
        user=people.c1, project=project, task="送餐", unit=city.unit_1, deadline=D(2100, 1, 1)
    )
    client.force_login(people.unit_1_admin)
    assert client.get(reverse("ledgers:responsibility_edit", args=[item.pk])).status_code == 403
    response = client.post(reverse("ledgers:responsibility_complete", args=[item.pk]), {"note": "已送餐"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.completion_note == "已送餐"
    assert ItemChange.objects.filter(
        kind="responsibility", item_id=item.pk, action="completed", user=people.unit_1_admin
    ).exists()


def test_project_done_through_the_page_meets_its_needs(client, city, people):
    need = _need(people.c1, city.c1)
    project = project_services.project_create(
        user=people.c1, node=city.c1, title="活动室改造", owner_name="张三", needs=[need]
    )
    client.force_login(people.c1)
    client.post(reverse("ledgers:project_status", args=[project.pk]), {"status": "in_progress"})
    response = client.post(reverse("ledgers:project_status", args=[project.pk]), {"status": "done", "results": ""})
    assert response.status_code == 400
    client.post(reverse("ledgers:project_status", args=[project.pk]), {"status": "done", "results": "已改造"})
    assert Project.objects.get(pk=project.pk).status == "done"
    assert Need.objects.get(pk=need.pk).status == Need.Status.MET


def test_secretary_projects_show_completion_by_level(client, city, people):
    secretary_project_create(user=people.c1, node=city.c1, secretary="张书记", year=2026, title="社工岗", plan="建")
    client.force_login(people.street)
    page = client.get(reverse("ledgers:secretary_projects")).content.decode()
    assert 'id="completion"' in page and "社工岗" in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


LISTS = ["needs", "resources", "projects", "responsibilities", "secretary_projects", "index"]


def _add_rows(city, people, n: int, start: int = 0):
    for i in range(start, start + n):
        need = _need(people.c1, city.c1, f"需求{i}")
        resource = resource_create(
            user=people.c1, node=city.c1, title=f"资源{i}", category="venue", quantity=3, provider_unit=city.unit_1
        )
        project = project_services.project_create(
            user=people.c1, node=city.c1, title=f"项目{i}", owner_unit=city.unit_1, needs=[need], resources=[resource]
        )
        project_services.responsibility_create(
            user=people.c1, project=project, task=f"任务{i}", unit=city.unit_1, deadline=D(2100, 1, 1)
        )
        secretary_project_create(
            user=people.c1, node=city.c1, secretary="张", year=2026, title=f"书记项目{i}", plan="p"
        )


@pytest.mark.parametrize("name", LISTS)
def test_list_queries_do_not_grow_with_rows(client, city, people, name):
    client.force_login(people.street)
    url = reverse(f"ledgers:{name}")
    _add_rows(city, people, 1)
    one = _queries(client, url)
    _add_rows(city, people, 3, start=1)
    assert _queries(client, url) == one
