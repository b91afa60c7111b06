"""Every page reads as Chinese to a Chinese user: no English label is left, yes/no filters say "不限",
periods are named in one style, lists in sentences use "、", a meeting recorded as held is not "安排" and a
chief's home counts no grids below a grid."""

import datetime
import re
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import Role
from alliances.models import JointMeeting
from alliances.selectors.four_ones import Period
from alliances.services import activities as activity_services
from alliances.services import meetings as meeting_services
from alliances.services import problems as problem_services
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# words that are names in Chinese text too: formats, the API, the language menu, the test accounts' names
ALLOWED = re.compile(
    r"^(API|CSV|Excel|xlsx|UTF-|PDF|Word|OpenDocument|JPEG|PNG|GIF|WebP|Token|Authorization|English|user\d*|"
    r"Liaoyuan|Swagger)$"
)


def visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def records(alliances, city, clock):
    clock.set(2026, 5, 1)
    meeting = meeting_services.meeting_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="联席会议",
        starts_at=datetime.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI),
        place="社区",
        status=JointMeeting.Status.HELD,
    )
    meeting_services.meeting_minutes_record(
        user=alliances.c1_secretary, meeting=meeting, minutes="纪要", decisions=["决定一"]
    )
    problem = problem_services.problem_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        title="停车难",
        category="parking",
        responsible_unit=city.unit_1,
        deadline=datetime.date(2026, 12, 31),
    )
    activity = activity_services.activity_create(
        user=alliances.c1_secretary,
        alliance=alliances.c1,
        kind="visit",
        title="走访",
        starts_at=datetime.datetime(2026, 4, 20, 9, tzinfo=SHANGHAI),
        place="社区",
        unnamed_households=3,
    )
    return meeting, problem, activity


def test_no_english_is_left_on_the_pages(client, alliances, city, records):
    meeting, problem, activity = records
    client.cookies["django_language"] = "zh-hans"
    paths = [
        "/",
        "/tree/",
        f"/tree/{city.c1.pk}/",
        f"/tree/{city.stairwell_1.pk}/",
        f"/tree/{city.c1.pk}/add/",
        "/tree/households/",
        f"/tree/households/{city.household_1.pk}/edit/",
        "/units/",
        f"/units/{city.unit_1.pk}/",
        f"/units/{city.unit_1.pk}/edit/",
        "/people/",
        f"/people/{city.resident_1.pk}/",
        f"/people/{city.resident_1.pk}/edit/",
        "/alliances/",
        "/alliances/new/",
        f"/alliances/{alliances.c1.pk}/",
        f"/alliances/{alliances.c1.pk}/edit/",
        f"/alliances/{alliances.c1.pk}/terms/",
        f"/alliances/{alliances.c1.pk}/meetings/new/",
        "/alliances/meetings/",
        meeting.get_absolute_url(),
        f"/alliances/meetings/{meeting.pk}/attendance/",
        f"/alliances/meetings/{meeting.pk}/minutes/",
        "/alliances/problems/",
        problem.get_absolute_url(),
        "/alliances/inbox/",
        "/alliances/activities/",
        "/alliances/activities/new/",
        activity.get_absolute_url(),
        "/alliances/four-ones/",
        "/alliances/exports/",
        "/accounts/profile/",
        "/no-such-page/",
    ]
    english = {}
    for user in (alliances.street_secretary, alliances.unit_1_admin, alliances.city_office):
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            for word in re.findall(r"[A-Za-z][A-Za-z-]{2,}", visible_text(response.content.decode())):
                if not ALLOWED.match(word):
                    english.setdefault(word, path)
    assert english == {}


def test_yes_no_filters_say_any_not_unknown(client, alliances, records):
    client.cookies["django_language"] = "zh-hans"
    client.force_login(alliances.c1_secretary)
    html = client.get("/alliances/meetings/").content.decode()
    select = re.search(r'<select name="minutes_overdue".*?</select>', html, re.S).group(0)
    assert "不限" in select and "未知" not in select


def test_periods_are_named_in_one_style():
    with translation.override("zh-hans"):
        labels = [
            Period(datetime.date(2026, 12, 1), datetime.date(2026, 12, 31), 1).label,
            Period(datetime.date(2026, 10, 1), datetime.date(2026, 12, 31), 3).label,
            Period(datetime.date(2026, 7, 1), datetime.date(2026, 12, 31), 6).label,
            Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), 12).label,
        ]
    assert labels == ["2026年12月", "2026年第4季度", "2026年第2半年", "2026年度"]


def test_a_refused_status_change_lists_the_allowed_ones_the_chinese_way(alliances, records):
    problem = records[1]
    problem_services.problem_progress(user=alliances.c1_secretary, problem=problem, status="in_progress", note="开始")
    problem.refresh_from_db()
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            problem_services.problem_progress(user=alliances.c1_secretary, problem=problem, status="open", note="回退")
        message = exc.value.message_dict["status"][0]
    assert "、" in message and ", " not in message


def test_a_meeting_recorded_as_held_is_not_announced_as_scheduled(client, alliances, clock):
    clock.set(2026, 5, 1)
    client.cookies["django_language"] = "zh-hans"
    client.force_login(alliances.c1_secretary)
    response = client.post(
        f"/alliances/{alliances.c1.pk}/meetings/new/",
        {"title": "联席会议", "starts_at": "2026-04-20T09:00", "place": "社区", "host_unit": "org", "status": "held"},
        follow=True,
    )
    body = response.content.decode()
    assert "会议已安排" not in body and "已召开" in body


def test_a_chiefs_home_counts_nothing_that_cannot_be_below_a_grid(client, city):
    client.cookies["django_language"] = "zh-hans"
    client.force_login(user_with_role(Role.CHIEF, node=city.grid_1))
    body = visible_text(client.get("/").content.decode())
    assert not re.search(r"网格\s+0", body)
    assert "楼栋" in body
    client.force_login(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1))
    assert re.search(r"网格\s+1", visible_text(client.get("/").content.decode()))


def test_the_api_labels_are_translated(client, alliances, city):
    client.cookies["django_language"] = "zh-hans"
    client.force_login(alliances.c1_secretary)
    html = client.get("/api/v1/units/?format=api").content.decode()
    assert "Kind display" not in html and "Community name" not in html
    html = client.get("/api/v1/people/?format=api").content.decode()
    assert "Party status" not in html
