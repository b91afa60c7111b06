"""Every date has a plausible window, checked on the model (so forms, API and admin alike) and held by the
database: a birth date of year 1 or 9999, or tomorrow, is refused and what was typed is kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Role
from alliances.models import Alliance, Membership
from people.models import Duty, Person
from people.services import person_update
from tests.factories import AllianceFactory, DutyFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(city):
    return user_with_role(Role.CHIEF, node=city.grid_1)


def edit(client, person, **values):
    data = {"name": person.name, "gender": "", "phone": person.phone, "id_number": "", "party_status": "none"}
    data.update(values)
    return client.post(f"/people/{person.pk}/edit/", data)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_implausible_birth_dates_are_refused_on_the_form(client, city, chief, day):
    client.force_login(chief)
    response = edit(client, city.resident_1, birth_date=day)
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors
    assert day in response.content.decode()  # what was typed is shown again
    city.resident_1.refresh_from_db()
    assert city.resident_1.birth_date is None


def test_a_birth_date_in_the_future_is_refused(client, city, chief):
    client.force_login(chief)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = edit(client, city.resident_1, birth_date=tomorrow.isoformat())
    assert "birth_date" in response.context["form"].errors


def test_a_plausible_birth_date_is_saved(client, city, chief):
    client.force_login(chief)
    assert edit(client, city.resident_1, birth_date="1950-06-01").status_code == 302
    city.resident_1.refresh_from_db()
    assert city.resident_1.birth_date == datetime.date(1950, 6, 1)


def test_the_service_refuses_a_report_day_out_of_the_window(city, chief):
    with pytest.raises(ValidationError) as exc:
        person_update(user=chief, person=city.resident_1, reported_on=datetime.date(1, 1, 1))
    assert "reported_on" in exc.value.message_dict


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Person, "birth_date"),
        (Person, "reported_on"),
        (Duty, "started_on"),
        (Alliance, "founded_on"),
        (Membership, "joined_on"),
    ],
)
def test_the_database_holds_the_window(city, model, field):
    AllianceFactory(node=city.c1)
    Membership.objects.create(alliance=Alliance.objects.get(), unit=city.unit_1, joined_on=datetime.date(2020, 1, 1))
    DutyFactory(person=city.resident_1, kind=Duty.Kind.GRID_CHIEF, node=city.grid_1)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.update(**{field: datetime.date(9999, 12, 31)})
