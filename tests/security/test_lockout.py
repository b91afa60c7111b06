"""Repeated failed sign-ins lock the account and the address, on the sign-in page, /api/token/ and the admin
alike; the answer is a translated message (or the API's error shape), never a 500; a superuser unlocks."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory, login_with_second_factor, user_with_role

PASSWORD = "pw-liaoyuan-1"


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_21_wrong_passwords_in_a_row_lock_the_account(client, secretary):
    answers = [sign_in(client, "dongyi", f"wrong-{n}").status_code for n in range(21)]
    assert answers[-1] == 429
    assert 500 not in answers
    refused = sign_in(client, "dongyi", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed sign-ins" in refused.content.decode()
    assert refused["Retry-After"] == "1800"


def test_the_failure_limit_setting_is_what_locks(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert sign_in(client, "dongyi", "wrong").status_code == 200
    assert sign_in(client, "dongyi", PASSWORD).status_code == 302  # two failures: still open
    client.logout()
    for _ in range(2):
        sign_in(client, "dongyi", "wrong")
    assert sign_in(client, "dongyi", "wrong").status_code == 429  # the third in a row locks
    assert sign_in(client, "dongyi", PASSWORD).status_code == 429


def test_wrong_password_gets_a_translated_message_on_the_sign_in_page(client, secretary):
    client.cookies["django_language"] = "zh-hans"
    body = sign_in(client, "dongyi", "wrong").content.decode()
    assert "请输入一个正确的" in body  # Django's own translated "Please enter a correct username and password"


def test_the_lockout_message_is_translated(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client.cookies["django_language"] = "zh-hans"
    sign_in(client, "dongyi", "wrong")
    body = sign_in(client, "dongyi", "wrong").content.decode()
    assert "登录失败次数过多" in body


def test_the_address_is_locked_for_every_account(client, city, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="other")
    for name in ["a1", "a2", "a3"]:
        sign_in(client, name, "wrong", REMOTE_ADDR="10.9.8.7")
    assert sign_in(client, "other", PASSWORD, REMOTE_ADDR="10.9.8.7").status_code == 429
    assert sign_in(client, "other", PASSWORD, REMOTE_ADDR="10.9.8.8").status_code == 302


def test_api_token_endpoint_locks_too_and_answers_in_the_error_shape(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 3
    url = reverse("api_token")
    answers = [
        client.post(url, {"username": "dongyi", "password": "wrong"}, content_type="application/json") for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [401, 401, 429]
    assert answers[0].json()["error"]["code"] == "authentication_failed"
    locked = client.post(url, {"username": "dongyi", "password": PASSWORD}, content_type="application/json")
    assert locked.status_code == 429
    assert locked.json()["error"] == {"status": 429, "code": "locked_out", "message": locked.json()["error"]["message"]}
    assert "locked" in locked.json()["error"]["message"]
    assert int(locked["Retry-After"]) > 0


def test_admin_sign_in_counts_towards_the_same_lockout(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 2
    admin_login = reverse("admin:login")
    client.post(admin_login, {"username": "dongyi", "password": "wrong"})
    assert client.post(admin_login, {"username": "dongyi", "password": "wrong"}).status_code == 429
    assert sign_in(client, "dongyi", PASSWORD).status_code == 429


def test_a_superuser_unlocks_an_account_in_the_admin(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        sign_in(client, "dongyi", "wrong", REMOTE_ADDR="10.1.1.1")
    assert AccessAttempt.objects.filter(username="dongyi").exists()
    admin = UserFactory(is_superuser=True, is_staff=True)
    login_with_second_factor(client, admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"), {"action": "unlock", "_selected_action": [secretary.pk]}
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="dongyi").exists()
    client.logout()
    assert sign_in(client, "dongyi", PASSWORD, REMOTE_ADDR="10.2.2.2").status_code == 302


def test_a_success_forgets_earlier_failures(client, secretary, settings):
    settings.AXES_FAILURE_LIMIT = 3
    sign_in(client, "dongyi", "wrong")
    sign_in(client, "dongyi", "wrong")
    assert sign_in(client, "dongyi", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "dongyi", "wrong")
    sign_in(client, "dongyi", "wrong")
    assert sign_in(client, "dongyi", PASSWORD).status_code == 302
