"""API rate limits per user and per address: 429 in the error shape with Retry-After, counted in the shared
cache (Redis or the database), never in one process's memory."""

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from accounts.models import Role
from tests.factories import user_with_role


@pytest.fixture
def api():
    return APIClient()


def rates(settings, **overrides):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **overrides},
    }


def test_a_user_over_the_limit_gets_429_with_retry_after_in_the_error_shape(api, city, settings):
    rates(settings, user="3/minute")
    api.force_authenticate(user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1))
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled"
    assert "Too many requests" in error["message"]
    assert 0 < int(refused["Retry-After"]) <= 60


def test_the_user_limit_is_per_user(api, city, settings):
    rates(settings, user="2/minute")
    first = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    second = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c2)
    api.force_authenticate(first)
    for _ in range(2):
        api.get("/api/v1/me/")
    assert api.get("/api/v1/me/").status_code == 429
    api.force_authenticate(second)
    assert api.get("/api/v1/me/").status_code == 200


def test_the_address_limit_holds_whoever_is_signed_in(api, city, settings):
    rates(settings, address="3/minute")
    for node in (city.c1, city.c2, city.c3):
        api.force_authenticate(user_with_role(Role.COMMUNITY_SECRETARY, node=node))
        assert api.get("/api/v1/me/", REMOTE_ADDR="10.0.0.5").status_code == 200
    api.force_authenticate(user_with_role(Role.STREET_SECRETARY, node=city.street_1))
    assert api.get("/api/v1/me/", REMOTE_ADDR="10.0.0.5").status_code == 429
    assert api.get("/api/v1/me/", REMOTE_ADDR="10.0.0.6").status_code == 200


def test_anonymous_calls_are_limited_per_address(api, db, settings):
    """Calls without a user reach only /api/token/ (elsewhere the answer is 401 before any work)."""
    rates(settings, anon="2/minute")
    assert [api.post("/api/token/", {}).status_code for _ in range(2)] == [400, 400]
    assert api.post("/api/token/", {}).status_code == 429
    assert api.post("/api/token/", {}, REMOTE_ADDR="10.0.0.9").status_code == 400


def test_behind_a_trusted_proxy_the_forwarded_address_is_limited(api, db, settings):
    rates(settings, anon="1/minute")
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    api.post("/api/token/", {}, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert api.post("/api/token/", {}, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    # a client that writes its own X-Forwarded-For entry does not escape: the proxy's entry is the last one
    spoofed = api.post("/api/token/", {}, **proxy, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert spoofed.status_code == 429
    assert api.post("/api/token/", {}, **proxy, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 400


def test_counters_live_in_the_shared_cache_that_another_process_reads(api, city, settings):
    """Another web process opens its own cache connection: it must see the same counter."""
    backend = settings.CACHES["default"]["BACKEND"]
    assert backend in {"django.core.cache.backends.redis.RedisCache", "django.core.cache.backends.db.DatabaseCache"}
    rates(settings, user="5/minute")
    user = user_with_role(Role.COMMUNITY_SECRETARY, node=city.c1)
    api.force_authenticate(user)
    api.get("/api/v1/me/")
    api.get("/api/v1/me/")
    other_process = caches.create_connection("default")
    assert len(other_process.get(f"throttle_user_{user.pk}")) == 2
