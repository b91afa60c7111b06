"""A one-time password stops working after ``ONE_TIME_PASSWORD_HOURS``, and every change to how a person
signs in (password, API token, second factor) is told to them in the inbox and by e-mail (ASVS 2.2.3,
2.3.1, 2.5.5)."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.models import PasswordChange, Role
from notifications.models import Notification
from tests.factories import user_with_role

NEW = "Sunflower-Harbour-42"


@pytest.fixture(autouse=True)
def in_chinese(settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the site's language: what the person reads


@pytest.fixture
def resident(city):
    return user_with_role(Role.RESIDENT, person=city.resident_1, username="wangxm", email="wangxm@example.cn")


@pytest.fixture
def secretary(city):
    return user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1, username="dongyi")


def notices_of(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, reminder__kind="notifications.credentials_changed")
        .order_by("pk")
        .values_list("reminder__detail", flat=True)
    )


def give_one_time_password(secretary, resident, hours_ago: int) -> str:
    _account, password = services.password_reset_by_staff(by=secretary, person=resident.person)
    PasswordChange.objects.filter(user=resident).update(created_at=timezone.now() - datetime.timedelta(hours=hours_ago))
    return password


def test_a_fresh_one_time_password_signs_in(secretary, resident):
    password = give_one_time_password(secretary, resident, hours_ago=1)
    assert Client().post(reverse("login"), {"username": "wangxm", "password": password}).status_code == 302


def test_a_one_time_password_past_its_hours_is_refused_with_a_clear_message(settings, secretary, resident):
    settings.ONE_TIME_PASSWORD_HOURS = 72
    password = give_one_time_password(secretary, resident, hours_ago=73)
    response = Client().post(reverse("login"), {"username": "wangxm", "password": password})
    assert response.status_code == 200
    assert "一次性密码已过期" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_an_own_password_never_expires(secretary, resident):
    resident.set_password(NEW)
    resident.save()
    PasswordChange.objects.create(user=resident, kind=PasswordChange.Kind.CHANGED)
    PasswordChange.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
    assert Client().post(reverse("login"), {"username": "wangxm", "password": NEW}).status_code == 302


def test_a_password_change_is_told_in_the_inbox_and_by_email_with_the_address(
    django_capture_on_commit_callbacks, eager, resident
):
    with django_capture_on_commit_callbacks(execute=True):
        services.password_set(
            user=resident, password=NEW, kind=PasswordChange.Kind.CHANGED, by=resident, address="203.0.113.9"
        )
    (detail,) = notices_of(resident)
    assert "密码已更改" in detail and "203.0.113.9" in detail
    assert [m.to for m in mail.outbox] == [["wangxm@example.cn"]]
    assert NEW not in mail.outbox[0].body


def test_tokens_and_second_factor_changes_are_each_told_once(resident):
    services.api_token_create(user=resident)
    device = services.totp_device_start(user=resident)
    from django_otp.oath import totp

    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    services.totp_device_confirm(user=resident, device=device, code=code)
    services.two_factor_disable(user=resident, required=False)
    services.two_factor_disable(user=resident, required=False)  # nothing left to switch off: no notice
    details = notices_of(resident)
    assert len(details) == 3
    assert "API" in details[0] and "身份验证器" in details[1] and "关闭" in details[2]


def test_someone_elses_change_is_told_to_its_owner_not_to_the_person_who_made_it(secretary, resident):
    services.password_reset_by_staff(by=secretary, person=resident.person)
    assert notices_of(secretary) == [] and len(notices_of(resident)) == 1
