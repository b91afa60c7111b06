"""Each person's inbox: unread count in the top bar, opening and marking read, on pages and in the API; nobody
sees another's notifications; channels chosen within what the city office requires."""

import datetime

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from notifications import services
from notifications.models import ChannelPolicy, Notification, Preference, Stage
from tests.factories import user_with_role
from tests.notifications.conftest import SAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(city, people):
    """Two reminders for the C1 secretary, one for the neighbour."""
    common = {"kind": SAMPLE.key, "stage": Stage.UPCOMING, "days": 7, "due_on": datetime.date(2026, 5, 31)}
    for period in ("2026-05", "2026-06"):
        services.duty_notify(
            target=city.c1,
            period=period,
            recipients=[people.secretary.pk],
            url="/tree/",
            target_name=city.c1.name,
            **common,
        )
    services.duty_notify(
        target=city.c2,
        period="2026-05",
        recipients=[people.neighbour.pk],
        url="/tree/",
        target_name="福镇社区",
        **common,
    )
    return Notification.objects.filter(recipient=people.secretary).order_by("pk")


def test_top_bar_shows_the_unread_count(client, people, raised):
    client.force_login(people.secretary)
    page = client.get("/").content.decode()
    assert 'id="notification-bell"' in page
    assert '<span class="badge rounded-pill text-bg-warning" aria-label="unread">2</span>' in page


def test_inbox_lists_own_notifications_only(client, people, raised, city):
    client.force_login(people.secretary)
    page = client.get("/notifications/").content.decode()
    assert page.count('href="/notifications/') >= 2
    assert "福镇社区" not in page
    assert "Sample duty · 东艺社区 · 2026-05" in page and "Sample duty · 东艺社区 · 2026-06" in page


def test_opening_a_notification_marks_it_read_and_goes_to_the_form(client, people, raised):
    client.force_login(people.secretary)
    first = raised.first()
    response = client.get(f"/notifications/{first.pk}/open/")
    assert response.status_code == 302 and response.url == "/tree/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(recipient=people.secretary, read_at__isnull=True).count() == 1


def test_another_persons_notification_is_not_found(client, people, raised):
    client.force_login(people.neighbour)
    first = raised.first()
    assert client.get(f"/notifications/{first.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{first.pk}/read/").status_code == 404
    first.refresh_from_db()
    assert first.read_at is None


def test_mark_all_read(client, people, raised):
    client.force_login(people.secretary)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=people.secretary, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people.neighbour, read_at__isnull=True).count() == 1


def test_api_lists_marks_read_and_hides_others(people, raised):
    api = APIClient()
    api.force_authenticate(people.secretary)
    body = api.get("/api/v1/notifications/?unread=true").json()
    assert body["count"] == 2
    item = body["results"][0]
    assert item["kind"] == SAMPLE.key and item["stage"] == "upcoming" and item["url"] == "/tree/"
    assert item["is_read"] is False and "Sample duty" in item["title"]
    first = raised.first()
    assert api.post(f"/api/v1/notifications/{first.pk}/read/").json()["is_read"] is True
    assert api.get("/api/v1/notifications/?unread=true").json()["count"] == 1
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 1}
    other = Notification.objects.get(recipient=people.neighbour)
    neighbour_view = api.get(f"/api/v1/notifications/{other.pk}/")
    assert neighbour_view.status_code == 404 and neighbour_view.json()["error"]["status"] == 404
    assert api.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404


def test_anonymous_api_is_refused(db):
    assert APIClient().get("/api/v1/notifications/").status_code == 401


def test_preferences_page_saves_choices_and_keeps_required_channels(client, people):
    ChannelPolicy.objects.create(kind=SAMPLE.key, email_required=True)
    client.force_login(people.secretary)
    page = client.get("/notifications/preferences/").content.decode()
    assert "Sample duty" in page and "disabled" in page
    field = SAMPLE.key.replace(".", "__")
    response = client.post("/notifications/preferences/", {f"{field}--sms": "on"})  # e-mail left unticked
    assert response.status_code == 302
    preference = Preference.objects.get(user=people.secretary, kind=SAMPLE.key)
    assert (preference.email, preference.sms) == (True, True)


def test_only_the_city_office_sets_required_channels(client, city, people):
    client.force_login(people.secretary)
    assert client.get("/notifications/requirements/").status_code == 403
    office = user_with_role(Role.CITY_OFFICE, node=city.city)
    client.force_login(office)
    field = SAMPLE.key.replace(".", "__")
    response = client.post("/notifications/requirements/", {f"{field}--sms_required": "on"})
    assert response.status_code == 302
    policy = ChannelPolicy.objects.get(kind=SAMPLE.key)
    assert (policy.sms_required, policy.sms_default, policy.email_required) == (True, True, False)
    with pytest.raises(services.PermissionDenied):
        services.policy_set(
            user=people.secretary,
            kind=SAMPLE.key,
            email_required=False,
            sms_required=False,
            email_default=True,
            sms_default=False,
        )
