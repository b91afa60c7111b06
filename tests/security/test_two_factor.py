"""Two-factor sign-in (TOTP): required for superusers and for the admin, required for office accounts by a
setting, available to everyone; set up with a server-drawn QR code and backup codes."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import Role
from accounts.services import backup_codes_renew
from tests.factories import UserFactory, user_with_role

PASSWORD = "pw-liaoyuan-1"


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(username: str) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def enrolled(city):
    user = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def test_a_superuser_must_set_up_two_factor_before_anything_else(superuser, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp makes the next try wait after a wrong code
    client = sign_in("root")
    response = client.get(reverse("grids:tree"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_setup"))
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "two_factor_setup_required"

    page = client.get(reverse("accounts:two_factor_setup"))
    assert reverse("accounts:two_factor_qr") in page.content.decode()
    qr = client.get(reverse("accounts:two_factor_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)

    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    done = client.post(reverse("accounts:two_factor_setup"), {"code": code_of(device)})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
    assert StaticToken.objects.filter(device__user=superuser).count() == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("grids:tree")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_enrolled_user_gives_a_code_after_the_password(enrolled, caplog, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp makes the next try wait after a wrong code
    user, device = enrolled
    client = sign_in("dongyi")
    home = client.get(reverse("home"))
    assert home.status_code == 302 and home.url.startswith(reverse("accounts:two_factor_verify"))
    caplog.set_level(logging.INFO, logger="liaoyuan.security")
    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 200 and "not right" in wrong.content.decode()
    assert "two_factor_failed user=dongyi" in caplog.text
    ok = client.post(reverse("accounts:two_factor_verify"), {"code": code_of(device), "next": "/tree/"})
    assert ok.status_code == 302 and ok.url == "/tree/"
    assert client.get(reverse("home")).status_code == 200


def test_a_backup_code_works_once(enrolled):
    user, _device = enrolled
    codes = backup_codes_renew(user=user)
    client = sign_in("dongyi")
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 302
    again = sign_in("dongyi")
    assert again.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).status_code == 200


def test_wrong_codes_count_towards_the_lockout_and_end_the_session(enrolled, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user, device = enrolled
    client = sign_in("dongyi")
    client.post(reverse("accounts:two_factor_verify"), {"code": "111111"})
    client.post(reverse("accounts:two_factor_verify"), {"code": "222222"})
    locked = client.post(reverse("accounts:two_factor_verify"), {"code": "333333"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    again = Client().post(reverse("login"), {"username": "dongyi", "password": PASSWORD})
    assert again.status_code == 429


def test_office_accounts_need_two_factor_only_when_the_setting_says_so(city, settings):
    user_with_role(Role.CITY_OFFICE, node=city.city, username="cityoffice")
    assert sign_in("cityoffice").get(reverse("home")).status_code == 200
    settings.TWO_FACTOR_REQUIRED_FOR_OFFICES = True
    response = sign_in("cityoffice").get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_setup"))
    user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")
    assert sign_in("dongyi").get(reverse("home")).status_code == 200  # not an office


def test_the_admin_needs_a_second_factor_even_for_staff_who_do_not_otherwise(city):
    staff = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi", is_staff=True)
    client = sign_in("dongyi")
    assert client.get(reverse("home")).status_code == 200
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor_setup"))
    assert staff.is_staff


def test_everyone_may_turn_it_on_and_off_but_a_superuser_may_not_turn_it_off(enrolled, superuser):
    user, device = enrolled
    client = sign_in("dongyi")
    client.post(reverse("accounts:two_factor_verify"), {"code": code_of(device)})
    client.post(reverse("accounts:two_factor_disable"))
    assert not TOTPDevice.objects.filter(user=user).exists()
    root_device = TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)
    root = sign_in("root")
    root.post(reverse("accounts:two_factor_verify"), {"code": code_of(root_device)})
    root.post(reverse("accounts:two_factor_disable"))
    assert TOTPDevice.objects.filter(user=superuser).exists()


def test_api_token_needs_the_code_when_two_factor_is_on(enrolled, superuser):
    _user, device = enrolled
    api = APIClient()
    without = api.post("/api/token/", {"username": "dongyi", "password": PASSWORD}, format="json")
    assert without.status_code == 401 and "otp_token" in without.json()["error"]["message"]
    data = {"username": "dongyi", "password": PASSWORD, "otp_token": code_of(device)}
    assert api.post("/api/token/", data, format="json").status_code == 200
    root = api.post("/api/token/", {"username": "root", "password": PASSWORD}, format="json")
    assert root.status_code == 403 and "two-factor" in root.json()["error"]["message"]
