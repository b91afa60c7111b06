"""Calendar feeds: parsed with icalendar; token-only access, revocation, scope, times and statuses."""

import datetime
import zoneinfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.services import calendar_token_rotate
from alliances.models import Activity, JointMeeting
from alliances.services.calendar import LOOKBACK_DAYS

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def soon(days, hour=9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def meeting(alliance, when, status=JointMeeting.Status.SCHEDULED, title="联席会议") -> JointMeeting:
    return JointMeeting.objects.create(
        alliance=alliance,
        title=title,
        starts_at=when,
        ends_at=when + datetime.timedelta(hours=2),
        place="党群服务中心",
        status=status,
    )


def parse(response) -> dict[str, object]:
    """Returns the feed's events by UID prefix + summary, after checking the response is a calendar."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def feeds(alliances, city):
    """Meetings and an activity in C1 and C3; the C1 secretary has a calendar token."""
    meeting(alliances.c1, soon(3), title="季度会议")
    meeting(alliances.c1, soon(5), status=JointMeeting.Status.DRAFT, title="草拟会议")
    meeting(alliances.c1, soon(6), status=JointMeeting.Status.CANCELLED, title="取消会议")
    meeting(alliances.c1, soon(-LOOKBACK_DAYS - 5), status=JointMeeting.Status.HELD, title="很久以前")
    meeting(alliances.c3, soon(4), title="北寿会议")
    Activity.objects.create(
        alliance=alliances.c1, kind=Activity.Kind.VISIT, title="走访", starts_at=soon(2, 14), place="东艺社区"
    )
    token = calendar_token_rotate(user=alliances.c1_secretary)
    return token


def test_user_feed_lists_upcoming_meetings_and_activities_in_scope(client, feeds):
    events = parse(client.get(reverse("calendar_feed", args=[feeds])))
    assert set(events) == {"Joint meeting: 季度会议", "Joint meeting: 草拟会议", "Visit to people in difficulty: 走访"}
    assert str(events["Joint meeting: 季度会议"]["STATUS"]) == "CONFIRMED"
    assert str(events["Joint meeting: 草拟会议"]["STATUS"]) == "TENTATIVE"
    assert str(events["Joint meeting: 季度会议"]["LOCATION"]) == "党群服务中心"


def test_event_times_are_local_with_tzid_and_stamps_are_utc(client, feeds):
    response = client.get(reverse("calendar_feed", args=[feeds]))
    event = parse(response)["Joint meeting: 季度会议"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == soon(3)
    assert start.utcoffset() == datetime.timedelta(hours=8)
    assert end - start == datetime.timedelta(hours=2)
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert b"BEGIN:VTIMEZONE" in response.content
    assert b"TZID:Asia/Shanghai" in response.content
    activity = parse(response)["Visit to people in difficulty: 走访"]
    assert activity.decoded("DTEND") - activity.decoded("DTSTART") == datetime.timedelta(hours=2)


def test_events_have_stable_unique_ids_and_links(client, feeds):
    events = parse(client.get(reverse("calendar_feed", args=[feeds])))
    uids = [str(e["UID"]) for e in events.values()]
    assert len(set(uids)) == len(uids)
    again = parse(client.get(reverse("calendar_feed", args=[feeds])))
    assert sorted(str(e["UID"]) for e in again.values()) == sorted(uids)
    meeting_pk = JointMeeting.objects.get(title="季度会议").pk
    assert str(events["Joint meeting: 季度会议"]["URL"]).endswith(reverse("alliances:meeting", args=[meeting_pk]))


def test_a_revoked_token_answers_404(client, feeds, alliances):
    old_url = reverse("calendar_feed", args=[feeds])
    alliance_url = reverse("alliances:calendar_alliance", args=[alliances.c1.pk])
    client.force_login(alliances.c1_secretary)
    response = client.post(reverse("alliances:calendar_token_rotate"), {"next": "/accounts/profile/"})
    assert response.status_code == 302
    client.logout()
    alliances.c1_secretary.refresh_from_db()
    new = alliances.c1_secretary.calendar_token
    assert new and new != feeds
    assert client.get(old_url).status_code == 404
    assert client.get(alliance_url, {"token": feeds}).status_code == 404
    assert client.get(reverse("calendar_feed", args=[new])).status_code == 200


def test_unknown_or_missing_token_answers_404_even_when_signed_in(client, alliances):
    client.force_login(alliances.c1_secretary)
    assert client.get(reverse("calendar_feed", args=["nope"])).status_code == 404
    url = reverse("alliances:calendar_alliance", args=[alliances.c1.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"token": ""}).status_code == 404


def test_alliance_feed_shows_that_alliance_as_the_token_user_sees_it(client, feeds, alliances, city):
    events = parse(client.get(reverse("alliances:calendar_alliance", args=[alliances.c1.pk]), {"token": feeds}))
    assert "Joint meeting: 北寿会议" not in events
    assert "Joint meeting: 季度会议" in events
    # C3 is outside the C1 secretary's scope: 404, whoever is signed in
    client.force_login(alliances.city_office)
    response = client.get(reverse("alliances:calendar_alliance", args=[alliances.c3.pk]), {"token": feeds})
    assert response.status_code == 404


def test_events_outside_the_token_users_scope_are_absent(client, feeds, alliances):
    token = calendar_token_rotate(user=alliances.unit_3_admin)
    events = parse(client.get(reverse("calendar_feed", args=[token])))
    assert "Joint meeting: 季度会议" not in events
    assert "Visit to people in difficulty: 走访" not in events
    street = calendar_token_rotate(user=alliances.street_secretary)
    events = parse(client.get(reverse("calendar_feed", args=[street])))
    assert "Joint meeting: 季度会议" in events
    assert "Joint meeting: 北寿会议" not in events


def test_inactive_users_token_answers_404(client, feeds, alliances):
    alliances.c1_secretary.is_active = False
    alliances.c1_secretary.save()
    assert client.get(reverse("calendar_feed", args=[feeds])).status_code == 404


def test_profile_shows_the_feed_url_and_the_new_link_button(client, feeds, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.get(reverse("accounts:profile"))
    content = response.content.decode()
    assert reverse("calendar_feed", args=[feeds]) in content
    assert reverse("alliances:calendar_token_rotate") in content


def test_rotate_refuses_an_outside_redirect(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.post(reverse("alliances:calendar_token_rotate"), {"next": "https://evil.example/"})
    assert response.url == reverse("accounts:profile")
    assert client.get(reverse("alliances:calendar_token_rotate")).status_code == 405


def test_alliance_calendar_snippet_renders_the_alliance_link(rf, alliances):
    token = calendar_token_rotate(user=alliances.c1_secretary)
    request = rf.get("/alliances/")
    request.user = alliances.c1_secretary
    html = render_to_string("alliances/_calendar_link.html", {"alliance": alliances.c1}, request=request)
    assert f"{reverse('alliances:calendar_alliance', args=[alliances.c1.pk])}?token={token}" in html
