"""Training sessions and their attendance, and the 8:30 daily class: a community worker checks in once a
class day within the window, the staff record a missed one, streaks count class days in a row, and each
community's rate is its check-ins over its workers' class days."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from people.models import DutyKind
from sharing.models import ClassCheckIn, Training, TrainingAttendance
from sharing.selectors import classes as class_selectors
from sharing.selectors.figures import figures
from sharing.services import classes, trainings
from tests.factories import DutyFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)  # a Monday


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def local(day: datetime.date, hhmm: str) -> datetime.datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture
def staff(city):
    class Staff:
        secretary = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
        outsider = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c3)
        resident = user_with_role(Role.RESIDENT, person=city.resident_1)

    return Staff


@pytest.fixture
def worker(city):
    person = PersonFactory(household=city.household_1, name="王春梅")
    DutyFactory(person=person, kind=DutyKind.COMMUNITY_WORKER, node=city.c1, started_on=datetime.date(2025, 1, 1))
    user = user_with_role(Role.COMMUNITY_WORKER, node=city.c1, person=person)
    return user


# ---- training -------------------------------------------------------------------------------------------------


def test_a_community_records_a_session_and_who_attended_once_each(city, staff):
    training = trainings.training_create(
        user=staff.secretary, node=city.c1, topic="家政服务培训", provider="市人社局", held_on=MONDAY
    )
    trainings.attendance_set(user=staff.secretary, training=training, people=[city.resident_1])
    trainings.attendance_set(user=staff.secretary, training=training, people=[city.resident_1], attended=False)
    row = TrainingAttendance.objects.get()
    assert (row.person, row.attended) == (city.resident_1, False)


def test_another_community_cannot_record_a_session_here_or_see_it(city, staff):
    with pytest.raises(PermissionDenied):
        trainings.training_create(user=staff.outsider, node=city.c1, topic="x", provider="y", held_on=MONDAY)
    training = trainings.training_create(user=staff.secretary, node=city.c1, topic="x", provider="y", held_on=MONDAY)
    assert api(staff.outsider).get(f"/api/v1/trainings/{training.pk}/").status_code == 404


def test_the_training_api_answers_400_for_hours_out_of_range_and_stores_nothing(city, staff):
    body = {"node": city.c1.pk, "topic": "急救知识", "provider": "红十字会", "held_on": "2026-11-30", "hours": "30"}
    response = api(staff.secretary).post("/api/v1/trainings/", body, format="json")
    assert response.status_code == 400
    assert "hours" in response.data["error"]["fields"]
    assert not Training.objects.exists()


def test_the_attendance_api_lists_names_masked(city, staff):
    training = trainings.training_create(user=staff.secretary, node=city.c1, topic="x", provider="y", held_on=MONDAY)
    response = api(staff.secretary).post(
        f"/api/v1/trainings/{training.pk}/attendance/", {"people": [city.resident_1.pk]}, format="json"
    )
    assert response.status_code == 200
    assert [row["person_name"] for row in response.data["results"]] == ["王**"]


# ---- the 8:30 class -------------------------------------------------------------------------------------------


def test_a_worker_checks_in_once_within_the_window(worker):
    check_in = classes.check_in(user=worker, now=local(MONDAY, "08:20"))
    assert (check_in.day, check_in.community.name) == (MONDAY, "东艺社区")
    with pytest.raises(ValidationError) as again:
        classes.check_in(user=worker, now=local(MONDAY, "08:40"))
    assert "Already checked in" in str(again.value)
    assert ClassCheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "hhmm", "message"),
    [
        (MONDAY, "10:15", "open from 08:00 to 09:30"),
        (MONDAY - datetime.timedelta(days=1), "08:30", "Monday to Friday"),
    ],
)
def test_a_check_in_outside_the_window_or_on_a_weekend_is_refused(worker, day, hhmm, message):
    with pytest.raises(ValidationError) as refused:
        classes.check_in(user=worker, now=local(day, hhmm))
    assert message in str(refused.value)
    assert not ClassCheckIn.objects.exists()


def test_someone_who_is_no_community_worker_cannot_check_in(staff):
    with pytest.raises(PermissionDenied):
        classes.check_in(user=staff.resident, now=local(MONDAY, "08:30"))


def test_the_staff_record_a_missed_check_in_for_their_own_workers_only(worker, staff):
    classes.check_in_record(user=staff.secretary, person=worker.person, day=MONDAY)
    with pytest.raises(PermissionDenied):
        classes.check_in_record(user=staff.outsider, person=worker.person, day=MONDAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        classes.check_in_record(
            user=staff.secretary, person=worker.person, day=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert ClassCheckIn.objects.count() == 1


def test_a_streak_counts_class_days_in_a_row_across_the_weekend(worker, staff):
    # Thursday, Friday, then Monday and Tuesday: four class days in a row (the weekend has no class)
    for day in (
        MONDAY - datetime.timedelta(days=4),
        MONDAY - datetime.timedelta(days=3),
        MONDAY,
        MONDAY + datetime.timedelta(days=1),
    ):
        classes.check_in_record(user=staff.secretary, person=worker.person, day=day)
    wednesday = MONDAY + datetime.timedelta(days=2)
    assert class_selectors.streak(worker.person, today=wednesday) == 4  # Wednesday's class may still be ahead
    assert class_selectors.streak(worker.person, today=wednesday + datetime.timedelta(days=1)) == 0  # missed Wednesday


@time_machine.travel(datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_a_communitys_rate_is_check_ins_over_workers_times_class_days(city, worker, staff):
    # December 2026 up to Friday the 4th: class days 1–4 (Tue–Fri); one worker checked in twice → 2 of 4
    for day in (datetime.date(2026, 12, 1), datetime.date(2026, 12, 2)):
        classes.check_in_record(user=staff.secretary, person=worker.person, day=day)
    first, last = class_selectors.month_bounds("2026-12")
    [rate] = [r for r in class_selectors.rates([city.c1, city.c2], first, last) if r.community == city.c1]
    assert (rate.workers, rate.check_ins, rate.possible, rate.percent) == (1, 2, 4, 50.0)


def test_the_check_in_api_checks_the_worker_in_or_answers_400(worker):
    with time_machine.travel(local(MONDAY, "08:25"), tick=False):
        assert api(worker).post("/api/v1/class-checkins/", {}, format="json").status_code == 201
        again = api(worker).post("/api/v1/class-checkins/", {}, format="json")
    assert again.status_code == 400
    assert "day" in again.data["error"]["fields"]


def test_the_figures_count_trainings_by_person_times_and_community_workers_among_them(city, staff, worker):
    training = trainings.training_create(user=staff.secretary, node=city.c1, topic="x", provider="y", held_on=MONDAY)
    trainings.attendance_set(user=staff.secretary, training=training, people=[city.resident_1, worker.person])
    numbers = figures(user=staff.secretary)
    assert (numbers["trained"], numbers["workers_trained"]) == (2, 1)
    assert figures(user=staff.outsider)["trained"] == 0


def test_the_figures_page_is_counted_once_per_area_and_says_when(client, city, staff, worker, settings):
    training = trainings.training_create(user=staff.secretary, node=city.c1, topic="x", provider="y", held_on=MONDAY)
    trainings.attendance_set(user=staff.secretary, training=training, people=[city.resident_1])
    client.force_login(staff.secretary)
    first = client.get("/sharing/figures/")
    assert first.context["figures"]["trained"] == 1
    assert 'id="counted-at"' in first.content.decode()
    trainings.attendance_set(user=staff.secretary, training=training, people=[city.resident_1, worker.person])
    kept = client.get("/sharing/figures/")
    assert kept.context["figures"]["trained"] == 1  # within SHARING_FIGURES_SECONDS: as counted
    assert kept.context["counted_at"] == first.context["counted_at"]
    client.force_login(staff.outsider)  # another area: counted for it
    assert client.get("/sharing/figures/").context["figures"]["trained"] == 0

    settings.SHARING_FIGURES_SECONDS = 0
    client.force_login(staff.secretary)
    assert client.get("/sharing/figures/").context["figures"]["trained"] == 2


def test_the_check_ins_export_is_a_workbook_whose_sheet_name_excel_accepts(client, worker, staff):
    classes.check_in_record(user=staff.secretary, person=worker.person, day=MONDAY)
    client.force_login(staff.secretary)
    response = client.get("/sharing/class/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    [sheet] = workbook.worksheets
    assert ":" not in sheet.title and "8：30" in sheet.title
    assert [c.value for c in sheet[3]][2] == "王**"  # title row, header, then the row: the worker masked
