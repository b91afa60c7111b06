"""Projects answer needs with resources; responsibilities assign them with deadlines; every change is kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ledgers.models import ItemChange, Need, Project
from ledgers.selectors.lists import ledger_counts, need_page, responsibility_list
from ledgers.services import projects as services
from ledgers.services.needs import need_create, need_update, resource_create

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def project(city, people):
    need = need_create(user=people.c1, node=city.c1, title="老人助餐", category="people")
    resource = resource_create(
        user=people.c1, node=city.c1, title="志愿者", category="people", quantity=10, provider_unit=city.unit_1
    )
    return services.project_create(
        user=people.c1,
        node=city.c1,
        title="助餐点",
        owner_unit=city.unit_1,
        budget=Decimal("5000.00"),
        needs=[need],
        resources=[resource],
    )


def test_a_need_joining_a_project_is_in_project_and_met_when_it_is_done(project, people):
    need = project.needs.get()
    assert need.status == Need.Status.IN_PROJECT
    services.project_set_status(user=people.c1, project=project, status=Project.Status.IN_PROGRESS)
    with pytest.raises(ValidationError) as exc:
        services.project_set_status(user=people.c1, project=project, status=Project.Status.DONE)
    assert "results" in exc.value.message_dict
    services.project_set_status(user=people.c1, project=project, status=Project.Status.DONE, results="每日30人用餐")
    need.refresh_from_db()
    assert need.status == Need.Status.MET
    assert need.met_on is not None


def test_a_project_needs_exactly_one_owner(city, people):
    with pytest.raises(ValidationError) as exc:
        services.project_create(user=people.c1, node=city.c1, title="x", owner_unit=city.unit_1, owner_name="张三")
    assert "owner_unit" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.project_create(user=people.c1, node=city.c1, title="x")


def test_a_project_cannot_take_needs_of_another_street(city, people):
    far = need_create(user=people.c3, node=city.c3, title="北寿需求", category="venue")
    with pytest.raises(ValidationError) as exc:
        services.project_create(user=people.c1, node=city.c1, title="x", owner_name="张三", needs=[far])
    assert "needs" in exc.value.message_dict


def test_the_responsible_unit_records_completion_but_cannot_reassign(project, city, people):
    item = services.responsibility_create(
        user=people.c1, project=project, task="招募厨师", unit=city.unit_1, deadline=D(2100, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        services.responsibility_update(user=people.unit_1_admin, item=item, task="别的")
    services.responsibility_complete(user=people.unit_1_admin, item=item, note="已招募两名厨师")
    item.refresh_from_db()
    assert item.completed_on is not None
    with pytest.raises(ValidationError):
        services.responsibility_complete(user=people.unit_1_admin, item=item, note="again")


def test_a_milestone_of_another_project_cannot_be_assigned(project, city, people):
    other = services.project_create(user=people.c1, node=city.c1, title="其他", owner_name="李四")
    milestone = services.milestone_add(user=people.c1, project=other, title="开工", due_on=D(2100, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.responsibility_create(
            user=people.c1, project=project, task="t", person_name="王五", milestone=milestone, deadline=D(2100, 1, 1)
        )
    assert "milestone" in exc.value.message_dict


def test_overdue_responsibilities_come_first_and_are_marked(project, city, people, clock):
    clock.set(2026, 5, 20)
    late = services.responsibility_create(
        user=people.c1, project=project, task="晚", person_name="王五", deadline=D(2026, 6, 1)
    )
    clock.set(2026, 6, 10)
    later = services.responsibility_create(
        user=people.c1, project=project, task="后", person_name="王五", deadline=D(2026, 7, 1)
    )
    rows = list(responsibility_list(user=people.c1))
    assert rows == [late, later]
    assert [r.is_overdue for r in rows] == [True, False]


def test_every_change_keeps_who_what_and_when(city, people):
    need = need_create(user=people.c1, node=city.c1, title="路灯", category="equipment")
    need_update(user=people.street, need=need, title="路灯维修", people_affected=40)
    changes = list(ItemChange.objects.filter(kind="need", item_id=need.pk).order_by("pk"))
    assert [c.action for c in changes] == ["created", "updated"]
    assert changes[0].user == people.c1
    assert changes[1].user == people.street
    assert changes[1].changes == {"title": ["路灯", "路灯维修"], "people_affected": [1, 40]}
    page = need_page(user=people.c1, need=need)
    assert [c.action for c in page.changes] == ["updated", "created"]


def test_counts_are_scoped(project, city, people):
    assert ledger_counts(user=people.c1)["projects"] == 1
    assert ledger_counts(user=people.c3)["projects"] == 0
    assert ledger_counts(user=people.unit_1_admin)["projects"] == 1  # its unit owns it
