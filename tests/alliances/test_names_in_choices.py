"""Same-name units are told apart in every choice list (their community is shown), and the street or
community party organisation has one name wherever it chairs, hosts, organises or attends."""

import datetime
import re
import zoneinfo

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation

from alliances.filters import MeetingFilter, ProblemFilter
from alliances.models import JointMeeting
from alliances.services import alliances as alliance_services
from alliances.services import meetings as meeting_services
from tests.factories import MemberUnitFactory

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
PARTY_ORG = "街道或社区党组织"
OTHER_NAMES = ("书记", ">党组织<", "的党组织")


@pytest.fixture
def twins(alliances, city):
    """Two units called 自来水公司, in C1 and C2, both members of the C1 alliance."""
    city.unit_1.name = "自来水公司"
    city.unit_1.save()
    twin = MemberUnitFactory(location=city.c2, name="自来水公司")
    alliance_services.membership_join(
        user=alliances.street_secretary,
        alliance=alliances.c1,
        unit=twin,
        joined_on=datetime.date(2020, 1, 1),
        committee_member="王",
    )
    return city.unit_1, twin


def option_labels(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="[^"]*{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))]


@pytest.fixture
def chinese(client):
    client.cookies["django_language"] = "zh-hans"
    return client


def test_same_name_units_are_told_apart_in_the_host_and_problem_lists(chinese, alliances, city, twins, clock):
    clock.set(2026, 5, 1)
    chinese.force_login(alliances.street_secretary)
    hosts = option_labels(chinese.get(f"/alliances/{alliances.c1.pk}/meetings/new/").content.decode(), "host_unit")
    assert "自来水公司（东艺社区）" in hosts and "自来水公司（福镇社区）" in hosts
    units = option_labels(
        chinese.get(f"/alliances/{alliances.c1.pk}/problems/new/").content.decode(), "responsible_unit"
    )
    assert "自来水公司（东艺社区）" in units and "自来水公司（福镇社区）" in units


def test_same_name_units_are_told_apart_in_attendance_and_filters(chinese, alliances, city, twins, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.street_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=datetime.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI),
        place="社区",
        status=JointMeeting.Status.HELD,
    )
    chinese.force_login(alliances.street_secretary)
    labels = option_labels(chinese.get(f"/alliances/meetings/{meeting.pk}/attendance/").content.decode(), "unit")
    assert {"自来水公司（东艺社区）", "自来水公司（福镇社区）", PARTY_ORG} <= set(labels)
    request = RequestFactory().get("/alliances/problems/")
    request.user = alliances.street_secretary
    with translation.override("zh-hans"):
        for filterset in (ProblemFilter, MeetingFilter):
            form = filterset(None, queryset=filterset._meta.model.objects.all(), request=request).form
            field = form.fields["responsible_unit" if filterset is ProblemFilter else "host_unit"]
            assert "自来水公司（福镇社区）" in [label for _value, label in field.choices]


def test_the_party_organisation_has_one_name(chinese, alliances, city, clock):
    clock.set(2026, 1, 10)  # the secretary chairs 2026-01-01 … 2026-03-31 (c1: secretary, unit_1, unit_2)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=datetime.datetime(2026, 2, 20, 9, tzinfo=SHANGHAI),
        place="社区",
    )
    assert meeting.host_unit is None
    chinese.force_login(alliances.c1_secretary)
    pages = {
        "meeting": chinese.get(meeting.get_absolute_url()).content.decode(),
        "meetings": chinese.get("/alliances/meetings/").content.decode(),
        "terms": chinese.get(f"/alliances/{alliances.c1.pk}/terms/").content.decode(),
        "alliance": chinese.get(alliances.c1.get_absolute_url()).content.decode(),
    }
    for name, html in pages.items():
        assert PARTY_ORG in html, name
        main = html[html.index("<main") :]
        assert not any(other in main for other in OTHER_NAMES), (name, [o for o in OTHER_NAMES if o in main])
    assert timezone.localdate().year == 2026
