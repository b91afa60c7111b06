"""One rule everywhere: a unit is a member from the day it joins until the day before it leaves (``left_on`` is
the first day out), in activities, meetings, problems, the rotation, the forms and the demo."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from alliances.models import Activity, Membership
from alliances.selectors import alliances as alliance_selectors
from alliances.selectors import meetings as meeting_selectors
from alliances.services import activities as activity_services
from alliances.services import alliances as alliance_services
from alliances.services import meetings as meeting_services
from alliances.services import rotation

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
D = datetime.date
LEFT_ON = D(2026, 5, 20)


@pytest.fixture
def unit_2_leaves(alliances, city, clock):
    """unit_2 leaves C1's alliance on 2026-05-20; returns its membership."""
    clock.set(2026, 5, 1)
    membership = alliances.c1.memberships.get(unit=city.unit_2)
    return alliance_services.membership_leave(
        user=alliances.c1_secretary, membership=membership, left_on=LEFT_ON, reason="搬迁"
    )


def at(day: datetime.date, hour=10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def test_membership_queryset_counts_the_day_of_joining_not_the_day_of_leaving(alliances, city, unit_2_leaves):
    def members(day):
        return set(Membership.objects.filter(alliance=alliances.c1).on(day).values_list("unit_id", flat=True))

    assert members(LEFT_ON - datetime.timedelta(days=1)) == {city.unit_1.pk, city.unit_2.pk}
    assert members(LEFT_ON) == {city.unit_1.pk}
    assert members(D(2020, 1, 1)) == {city.unit_1.pk, city.unit_2.pk}  # the day they joined
    assert members(D(2019, 12, 31)) == set()


def test_the_rotation_uses_the_same_rule_in_memory(alliances, unit_2_leaves):
    memberships = list(alliances.c1.memberships.all())
    for day in (D(2019, 12, 31), D(2020, 1, 1), LEFT_ON - datetime.timedelta(days=1), LEFT_ON, D(2027, 1, 1)):
        in_memory = {m.pk for m in memberships if rotation.is_member_on(m, day)}
        in_database = set(Membership.objects.filter(alliance=alliances.c1).on(day).values_list("pk", flat=True))
        assert in_memory == in_database, day


def test_a_unit_takes_no_part_in_an_activity_on_the_day_it_leaves(alliances, city, unit_2_leaves):
    values = {"alliance": alliances.c1, "kind": Activity.Kind.VOLUNTEER_SERVICE, "title": "清雪", "place": "广场"}
    with pytest.raises(ValidationError) as exc:
        activity_services.activity_create(
            user=alliances.c1_secretary, starts_at=at(LEFT_ON), units=[city.unit_2], **values
        )
    assert "units" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        activity_services.activity_create(
            user=alliances.c1_secretary, starts_at=at(LEFT_ON), organiser_unit=city.unit_2, **values
        )
    assert "organiser_unit" in exc.value.message_dict
    day_before = at(LEFT_ON - datetime.timedelta(days=1))
    activity = activity_services.activity_create(
        user=alliances.c1_secretary, starts_at=day_before, units=[city.unit_2], **values
    )
    assert list(activity.units.all()) == [city.unit_2]


def test_a_unit_neither_hosts_nor_attends_on_the_day_it_leaves(alliances, city, unit_2_leaves):
    with pytest.raises(ValidationError) as exc:
        meeting_services.meeting_create(
            user=alliances.c1_secretary,
            alliance=alliances.c1,
            title="会",
            starts_at=at(LEFT_ON),
            place="社区",
            host_unit=city.unit_2,
        )
    assert "not a member" in exc.value.message_dict["host_unit"][0]
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary, alliance=alliances.c1, title="会", starts_at=at(LEFT_ON), place="社区"
    )
    assert [line["unit"] for line in meeting_selectors.attendance_initial(meeting)] == ["", str(city.unit_1.pk)]
    assert list(alliance_selectors.current_members(alliances.c1, on=LEFT_ON)) == [city.unit_1]
