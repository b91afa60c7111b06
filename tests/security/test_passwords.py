"""Password lifecycle for every role: change (page and API), reset by e-mail, a one-time password from a
secretary for a resident without e-mail; each ends other sessions and revokes API tokens and calendar
links, and is recorded."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import PasswordChange, Role, RoleAssignment
from accounts.services import api_token_create
from alliances.models import CalendarFeed
from alliances.services.calendar import calendar_feed_create
from tests.factories import UserFactory, login_with_second_factor, user_with_role

OLD = "pw-liaoyuan-1"
NEW = "Sunflower-Harbour-42"


@pytest.fixture
def resident(city):
    return user_with_role(Role.RESIDENT, person=city.resident_1, username="wangxm")


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def credentials_of(user):
    """An API token and a calendar link, to see them revoked."""
    _token, secret = api_token_create(user=user)
    feed = calendar_feed_create(user=user)
    return secret, feed


@pytest.mark.parametrize("role", ["resident", "secretary"])
def test_every_role_changes_its_password_and_everything_else_is_revoked(request, role):
    user = request.getfixturevalue(role)
    token, feed = credentials_of(user)
    here, elsewhere = signed_in(user), signed_in(user)
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert here.get(reverse("accounts:profile")).status_code == 200  # this session stays
    assert elsewhere.get(reverse("accounts:profile")).status_code == 302  # the other one ended
    assert not AuthToken.objects.filter(user=user).exists() and not CalendarFeed.objects.filter(user=user).exists()
    assert Client().get(reverse("calendar_feed", args=[feed])).status_code == 404
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401
    change = PasswordChange.objects.get(user=user)
    assert change.kind == PasswordChange.Kind.CHANGED and change.changed_by == user


def test_a_short_or_common_password_is_refused_and_the_old_one_kept(secretary):
    client = signed_in(secretary)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": OLD, "new_password1": "abc12345", "new_password2": "abc12345"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password(OLD) and not PasswordChange.objects.exists()


def test_the_api_changes_the_password_and_revokes_every_token(secretary):
    token, _feed = credentials_of(secretary)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    wrong = api.post("/api/v1/me/password/", {"old_password": "nope", "new_password": NEW}, format="json")
    assert wrong.status_code == 400 and "old_password" in wrong.json()["error"]["fields"]
    weak = api.post("/api/v1/me/password/", {"old_password": OLD, "new_password": "short"}, format="json")
    assert weak.status_code == 400 and "new_password" in weak.json()["error"]["fields"]
    done = api.post("/api/v1/me/password/", {"old_password": OLD, "new_password": NEW}, format="json")
    assert done.status_code == 200
    assert api.get("/api/v1/me/").status_code == 401
    secretary.refresh_from_db()
    assert secretary.check_password(NEW)


def test_reset_by_email_sends_a_translated_link_that_sets_a_new_password(client, secretary):
    secretary.email = "dongyi@example.gov.cn"
    secretary.save()
    token, _feed = credentials_of(secretary)
    client.cookies["django_language"] = "zh-hans"
    response = client.post(reverse("password_reset"), {"email": "dongyi@example.gov.cn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "新密码" in message.subject
    link = re.search(r"https?://testserver(/password-reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password(NEW)
    assert not AuthToken.objects.filter(user=secretary).exists()
    assert PasswordChange.objects.get(user=secretary).kind == PasswordChange.Kind.RESET_BY_EMAIL
    assert client.get(link, follow=True).context["validlink"] is False  # the link works once


def test_reset_by_email_says_the_same_for_an_unknown_address(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.gov.cn"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_secretary_gives_a_resident_a_one_time_password_that_must_be_changed(city, secretary, resident):
    token, _feed = credentials_of(resident)
    url = reverse("accounts:person_password_reset", args=[city.resident_1.pk])
    staff = signed_in(secretary)
    assert url in staff.get(reverse("people:detail", args=[city.resident_1.pk])).content.decode()
    assert staff.get(url).status_code == 200
    shown = staff.post(url)
    assert shown.status_code == 200
    password = shown.context["password"]
    assert len(password) >= 10
    resident.refresh_from_db()
    assert resident.check_password(password) and resident.password_must_change
    change = PasswordChange.objects.get(user=resident)
    assert change.kind == PasswordChange.Kind.RESET_BY_STAFF and change.changed_by == secretary
    assert not AuthToken.objects.filter(user=resident).exists()

    person = Client()
    assert person.post(reverse("login"), {"username": "wangxm", "password": password}).status_code == 302
    assert person.get(reverse("home")).url.startswith(reverse("accounts:password_change"))
    api = APIClient()
    refused = api.post("/api/token/", {"username": "wangxm", "password": password}, format="json")
    assert refused.status_code == 403
    person.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": NEW, "new_password2": NEW},
    )
    resident.refresh_from_db()
    assert not resident.password_must_change
    assert person.get(reverse("home")).status_code == 200


def test_a_neighbouring_secretary_gets_404_and_a_chief_or_office_403(city, resident):
    url = reverse("accounts:person_password_reset", args=[city.resident_1.pk])
    neighbour = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    assert signed_in(neighbour).post(url).status_code == 404
    chief = user_with_role(Role.CHIEF, node=city.grid_1)
    assert signed_in(chief).post(url).status_code == 403
    office = user_with_role(Role.CITY_OFFICE, node=city.city)
    assert signed_in(office).post(url).status_code == 403
    resident.refresh_from_db()
    assert resident.check_password(OLD) and not PasswordChange.objects.exists()


def test_no_one_time_password_for_an_account_with_another_role_or_staff(city, secretary):
    account = user_with_role(Role.RESIDENT, person=city.resident_1)
    other_role = RoleAssignment.objects.create(user=account, role=Role.COMMUNITY_WORKER, node=city.c2)
    url = reverse("accounts:person_password_reset", args=[city.resident_1.pk])
    assert signed_in(secretary).post(url).status_code == 403
    other_role.delete()
    account.is_staff = True
    account.save()
    assert signed_in(secretary).post(url).status_code == 403
    account.refresh_from_db()
    assert account.check_password(OLD) and not PasswordChange.objects.exists()


def test_a_person_without_an_account_offers_no_reset(city, secretary):
    url = reverse("accounts:person_password_reset", args=[city.resident_1.pk])
    client = signed_in(secretary)
    assert url not in client.get(reverse("people:detail", args=[city.resident_1.pk])).content.decode()
    assert client.post(url).status_code == 403


def test_an_administrator_setting_a_password_in_the_admin_goes_through_the_same_door(client, secretary):
    token, _feed = credentials_of(secretary)
    admin = UserFactory(is_superuser=True, is_staff=True)
    login_with_second_factor(client, admin)
    url = reverse("admin:auth_user_password_change", args=[secretary.pk])
    response = client.post(url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password(NEW)
    change = PasswordChange.objects.get(user=secretary)
    assert change.kind == PasswordChange.Kind.SET_BY_ADMIN and change.changed_by == admin
    assert not AuthToken.objects.filter(user=secretary).exists()
