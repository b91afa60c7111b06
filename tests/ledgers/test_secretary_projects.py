"""Secretary projects: planned, checked at half year, closed at year end; completion rate by level."""

import pytest
from django.core.exceptions import ValidationError

from ledgers.models import SecretaryProject
from ledgers.selectors.secretary import completion_by_level
from ledgers.services import secretary as services

pytestmark = pytest.mark.django_db
Status = SecretaryProject.Status


def _project(user, node, title="党群服务中心建设"):
    return services.secretary_project_create(
        user=user, node=node, secretary="张书记", year=2026, title=title, plan="建成"
    )


def test_a_project_is_checked_before_it_is_closed(city, people):
    project = _project(people.c1, city.c1)
    with pytest.raises(ValidationError):
        services.secretary_project_step(user=people.c1, project=project, status=Status.COMPLETED, text="done")
    services.secretary_project_step(user=people.c1, project=project, status=Status.CHECKED, text="进度过半")
    project = services.secretary_project_step(user=people.c1, project=project, status=Status.COMPLETED, text="已建成")
    assert (project.status, project.result) == (Status.COMPLETED, "已建成")
    assert project.checked_on and project.closed_on


def test_one_title_per_organisation_and_year(city, people):
    _project(people.c1, city.c1)
    with pytest.raises(ValidationError) as exc:
        _project(people.c1, city.c1)
    assert "title" in exc.value.message_dict


def test_completion_rate_by_level(city, people):
    done = _project(people.c1, city.c1)
    _project(people.c1, city.c1, title="社工岗")
    street = _project(people.street, city.street_1)
    for project in (done, street):
        services.secretary_project_step(user=people.street, project=project, status=Status.CHECKED, text="ok")
        services.secretary_project_step(user=people.street, project=project, status=Status.COMPLETED, text="ok")

    rows = {row["kind"]: row for row in completion_by_level(user=people.street, year=2026)}

    assert (rows["street"]["total"], rows["street"]["rate"]) == (1, 100.0)
    assert (rows["community"]["total"], rows["community"]["completed"], rows["community"]["rate"]) == (2, 1, 50.0)
    assert completion_by_level(user=people.c3) == []
