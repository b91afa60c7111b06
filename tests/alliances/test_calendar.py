"""Calendar feeds: parsed with icalendar; secret-only access, hashed storage, revocation, scope, times and
statuses."""

import datetime
import zoneinfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from alliances.models import Activity, CalendarFeed, JointMeeting
from alliances.services.calendar import LOOKBACK_DAYS, MAX_FEEDS_PER_USER, calendar_feed_create, feed_digest

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
    """Meetings and an activity in C1 and C3; the C1 secretary has a calendar link to everything in scope."""
    meeting(alliances.c1, soon(3), title="季度会议")
    meeting(alliances.c1, soon(5), status=JointMeeting.Status.DRAFT, title="草拟会议")
    meeting(alliances.c1, soon(6), status=JointMeeting.Status.CANCELLED, title="取消会议")
    meeting(alliances.c1, soon(-LOOKBACK_DAYS - 5), status=JointMeeting.Status.HELD, title="很久以前")
    meeting(alliances.c3, soon(4), title="北寿会议")
    Activity.objects.create(
        alliance=alliances.c1, kind=Activity.Kind.VISIT, title="走访", starts_at=soon(2, 14), place="东艺社区"
    )
    return calendar_feed_create(user=alliances.c1_secretary)


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


def test_only_a_digest_of_the_secret_is_stored(feeds, alliances):
    link = CalendarFeed.objects.get(user=alliances.c1_secretary)
    assert link.digest == feed_digest(feeds) and feeds not in link.digest
    stored = CalendarFeed.objects.values_list("digest", "user_id", "alliance_id")
    assert all(feeds not in str(row) for row in stored)


def test_making_a_link_shows_it_once_and_the_profile_never_again(client, alliances):
    client.force_login(alliances.c1_secretary)
    made = client.post(reverse("alliances:calendar_link_create"), {"next": "/accounts/profile/"})
    assert made.status_code == 200
    secret = made.context["feed_url"].rsplit("/", 1)[1].removesuffix(".ics")
    assert CalendarFeed.objects.get(user=alliances.c1_secretary).digest == feed_digest(secret)
    assert made["Cache-Control"].count("no-store") == 1
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert secret not in profile
    assert "Everything in my scope" in profile
    client.logout()
    assert client.get(reverse("calendar_feed", args=[secret])).status_code == 200


def test_a_deleted_link_answers_404_and_other_links_keep_working(client, feeds, alliances):
    other = calendar_feed_create(user=alliances.c1_secretary, alliance=alliances.c1)
    link = CalendarFeed.objects.get(digest=feed_digest(feeds))
    client.force_login(alliances.c1_secretary)
    response = client.post(reverse("alliances:calendar_link_revoke", args=[link.pk]), {"next": "/accounts/profile/"})
    assert response.status_code == 302
    client.logout()
    assert client.get(reverse("calendar_feed", args=[feeds])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[other])).status_code == 200


def test_nobody_deletes_another_users_link(client, feeds, alliances):
    link = CalendarFeed.objects.get(digest=feed_digest(feeds))
    client.force_login(alliances.c2_secretary)
    assert client.post(reverse("alliances:calendar_link_revoke", args=[link.pk])).status_code == 404
    assert CalendarFeed.objects.filter(pk=link.pk).exists()


def test_unknown_or_empty_secret_answers_404_even_when_signed_in(client, alliances):
    client.force_login(alliances.c1_secretary)
    assert client.get(reverse("calendar_feed", args=["nope"])).status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_alliance_link_shows_that_alliance_as_its_user_sees_it(client, feeds, alliances, city):
    secret = calendar_feed_create(user=alliances.c1_secretary, alliance=alliances.c1)
    events = parse(client.get(reverse("calendar_feed", args=[secret])))
    assert "Joint meeting: 北寿会议" not in events
    assert "Joint meeting: 季度会议" in events


def test_no_link_is_made_for_an_alliance_out_of_scope(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.post(reverse("alliances:calendar_link_create"), {"alliance": alliances.c3.pk})
    assert response.status_code == 404
    assert not CalendarFeed.objects.filter(user=alliances.c1_secretary).exists()


def test_an_alliance_link_stops_when_the_alliance_leaves_the_users_scope(client, alliances):
    secret = calendar_feed_create(user=alliances.unit_1_admin, alliance=alliances.c1)
    assert client.get(reverse("calendar_feed", args=[secret])).status_code == 200
    alliances.unit_1_admin.roles.all().delete()
    assert client.get(reverse("calendar_feed", args=[secret])).status_code == 404


def test_events_outside_the_link_users_scope_are_absent(client, feeds, alliances):
    token = calendar_feed_create(user=alliances.unit_3_admin)
    events = parse(client.get(reverse("calendar_feed", args=[token])))
    assert "Joint meeting: 季度会议" not in events
    assert "Visit to people in difficulty: 走访" not in events
    street = calendar_feed_create(user=alliances.street_secretary)
    events = parse(client.get(reverse("calendar_feed", args=[street])))
    assert "Joint meeting: 季度会议" in events
    assert "Joint meeting: 北寿会议" not in events


def test_inactive_users_link_answers_404(client, feeds, alliances):
    alliances.c1_secretary.is_active = False
    alliances.c1_secretary.save()
    assert client.get(reverse("calendar_feed", args=[feeds])).status_code == 404


def test_a_user_keeps_at_most_the_newest_links(alliances):
    secrets = [calendar_feed_create(user=alliances.c1_secretary) for _ in range(MAX_FEEDS_PER_USER + 2)]
    kept = set(CalendarFeed.objects.filter(user=alliances.c1_secretary).values_list("digest", flat=True))
    assert len(kept) == MAX_FEEDS_PER_USER
    assert feed_digest(secrets[0]) not in kept and feed_digest(secrets[-1]) in kept


def test_back_link_refuses_an_outside_address(client, alliances):
    client.force_login(alliances.c1_secretary)
    response = client.post(reverse("alliances:calendar_link_create"), {"next": "https://evil.example/"})
    assert response.context["back"] == reverse("accounts:profile") + "#calendar"
    assert client.get(reverse("alliances:calendar_link_create")).status_code == 405


def test_alliance_calendar_snippet_offers_a_link_for_that_alliance(rf, alliances):
    request = rf.get("/alliances/")
    request.user = alliances.c1_secretary
    html = render_to_string("alliances/_calendar_link.html", {"alliance": alliances.c1}, request=request)
    assert reverse("alliances:calendar_link_create") in html
    assert f'name="alliance" value="{alliances.c1.pk}"' in html
