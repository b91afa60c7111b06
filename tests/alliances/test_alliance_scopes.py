"""Who sees and changes an alliance's records: members see their alliance, hosts and organisers change theirs,
a unit that left sees no more, and neighbours see nothing."""

import datetime

import pytest
from django.utils import timezone

from accounts import scopes
from alliances.models import Activity, Alliance, ChairTerm, Committee, JointMeeting, Membership
from tests.factories import AllianceFactory, MembershipFactory
from units.models import MemberUnit


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))


@pytest.fixture
def records(city, alliances):
    a1 = alliances.c1
    hosted_by_1 = JointMeeting.objects.create(
        alliance=a1,
        host_unit=city.unit_1,
        title="一季度联席会",
        starts_at=_at(datetime.date(2026, 1, 10)),
        place="社区",
    )
    hosted_by_2 = JointMeeting.objects.create(
        alliance=a1,
        host_unit=city.unit_2,
        title="二季度联席会",
        starts_at=_at(datetime.date(2026, 4, 10)),
        place="社区",
    )
    activity = Activity.objects.create(
        alliance=a1,
        kind=Activity.Kind.THEME_PARTY_DAY,
        title="主题党日",
        starts_at=_at(datetime.date(2026, 2, 1)),
        place="社区",
        organiser_unit=city.unit_2,
    )
    committee = Committee.objects.create(alliance=a1, kind=Committee.Kind.AID, name="帮扶助困委员会")
    term = ChairTerm.objects.create(
        alliance=a1, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31), chair_unit=city.unit_1
    )
    return {
        "meeting_1": hosted_by_1,
        "meeting_2": hosted_by_2,
        "activity": activity,
        "committee": committee,
        "term": term,
    }


def test_member_unit_sees_its_alliances_records(alliances, records):
    admin = alliances.unit_1_admin
    assert list(scopes.visible(admin, Alliance.objects.all())) == [alliances.c1]
    for key in ("meeting_1", "meeting_2", "activity", "committee", "term"):
        assert scopes.can_view(admin, records[key]), key


def test_member_unit_changes_only_what_it_hosts_or_organises(city, alliances, records):
    admin_1 = alliances.unit_1_admin
    assert scopes.can_change(admin_1, records["meeting_1"])
    assert not scopes.can_change(admin_1, records["meeting_2"])
    assert not scopes.can_change(admin_1, records["activity"])
    assert not scopes.can_change(admin_1, alliances.c1)
    assert not scopes.can_change(admin_1, records["committee"])


def test_unit_of_another_alliance_sees_nothing_of_this_one(alliances, records):
    outsider = alliances.unit_3_admin
    assert list(scopes.visible(outsider, Alliance.objects.all())) == [alliances.c3]
    for key in records:
        assert not scopes.can_view(outsider, records[key]), key


def test_unit_that_left_no_longer_sees_the_alliance(city, alliances, records):
    membership = Membership.objects.get(alliance=alliances.c1, unit=city.unit_1)
    membership.left_on = datetime.date(2026, 3, 1)
    membership.save()
    admin = alliances.unit_1_admin
    assert not scopes.visible(admin, Alliance.objects.all()).exists()
    assert not scopes.can_view(admin, records["meeting_2"])


def test_a_unit_in_two_alliances_is_listed_once_in_each(city, alliances):
    other = AllianceFactory(node=city.street_1)
    MembershipFactory(alliance=other, unit=city.unit_1)
    visible = list(scopes.visible(alliances.unit_1_admin, Alliance.objects.order_by("pk")))
    assert visible == [alliances.c1, other]


def test_neighbouring_secretary_sees_nothing_and_street_secretary_everything(alliances, records):
    for key in records:
        assert not scopes.can_view(alliances.c2_secretary, records[key]), key
        assert scopes.can_change(alliances.street_secretary, records[key]), key
        assert scopes.can_view(alliances.city_office, records[key]), key
        assert not scopes.can_change(alliances.city_office, records[key]), key


def test_alliance_secretary_sees_member_units_from_other_communities(city, alliances):
    MembershipFactory(alliance=alliances.c1, unit=city.unit_3)  # a unit of community C3 joins C1's alliance
    visible = set(scopes.visible(alliances.c1_secretary, MemberUnit.objects.all()))
    assert city.unit_3 in visible
    assert not scopes.can_change(alliances.c1_secretary, city.unit_3)  # its own community keeps its record
    assert city.unit_3 not in set(scopes.visible(alliances.c2_secretary, MemberUnit.objects.all()))
