"""The access matrix: every named route of the web UI and the API, for every account of the world (one per
role, and three from outside), on objects inside, beside, above and away from each account's scope.

The routes come from the URL configuration, so a new route is checked the day it lands; a route without an
entry in ``tests/harness/registry.py`` fails ``test_every_route_has_an_entry`` saying what to add. The
expectations come from the scope layer (``accounts.scopes``), so they are not a table typed by hand: a view
that forgets its scope check answers 200 where the scope says 404, and the matrix names it.

Each request runs in a savepoint rolled back after it, so a POST that an account is allowed to make (an
empty form, an action) changes nothing for the next one. The admin (Django's, scoped by
``ScopedModelAdmin``) is checked by ``test_the_admin_is_for_staff_only`` and by ``tests/test_admin_scopes.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts import scopes
from accounts.models import RoleAssignment
from tests.harness.registry import ROUTES, Route

FORMAT_SUFFIX = re.compile(r"\\\.\(\?P<format>|<drf_format_suffix:format>")


@dataclass(frozen=True)
class Found:
    name: str
    pattern: str
    callback: object
    is_api: bool
    kwargs: tuple[str, ...]


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


def discovered_routes() -> dict[str, Found]:
    """Every named route outside the admin, once (DRF's format-suffix twins left out)."""
    routes: dict[str, Found] = {}
    for name, text, pattern in _walk(get_resolver()):
        if name.startswith("admin:") or FORMAT_SUFFIX.search(text):
            continue
        kwargs = tuple(pattern.pattern.regex.groupindex)
        routes.setdefault(name, Found(name, text, pattern.callback, text.startswith(("api/", "^api/")), kwargs))
    return routes


ROUTES_FOUND = discovered_routes()


def _viewset(callback):
    cls = getattr(callback, "cls", None)
    actions = getattr(callback, "actions", None)
    return (cls, actions) if cls is not None and actions else (None, None)


def checks_for(found: Found) -> list[tuple[str, Route]]:
    """The (method, expectation) pairs to check on one route."""
    entry = ROUTES.get(found.name)
    cls, actions = _viewset(found.callback)
    if cls is not None:
        # HEAD is GET without a body (DRF adds it to the actions at a viewset's first request: left out, so
        # that what is checked does not depend on the order of the tests)
        methods = [m.upper() for m in actions if m not in ("head", "options")]
        if entry is not None:
            return [(m, _api_method(entry, m)) for m in methods]
        model = _model_of(cls)
        if model is None:
            return []  # the viewset names no model: it needs an entry
        label = model._meta.label
        if found.kwargs:  # one object
            return [(m, Route("read" if m == "GET" else "write", model=label)) for m in methods]
        return [(m, Route("listing" if m == "GET" else "api_create")) for m in methods]
    if entry is None:
        return []
    if entry.kind in ("public", "read", "listing"):
        return [("GET", entry)]
    return [(m, _web_method(entry, m)) for m in ("GET", "POST")]


def _model_of(viewset):
    if getattr(viewset, "queryset", None) is not None:
        return viewset.queryset.model
    meta = getattr(getattr(viewset, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None)


def _api_method(entry: Route, method: str) -> Route:
    if method == "GET" and entry.kind == "write":
        return replace(entry, kind="read")
    return entry


def _web_method(entry: Route, method: str) -> Route:
    if method == "GET" and entry.kind == "write" and entry.reads_on_get:
        return replace(entry, kind="read")
    return entry


def test_every_route_has_an_entry():
    missing = [f"  {found.name!r}: …,  # {found.pattern}" for found in ROUTES_FOUND.values() if not checks_for(found)]
    stale = sorted(set(ROUTES) - set(ROUTES_FOUND))
    assert not missing, (
        "These routes are not in the access matrix. Add an entry for each to ROUTES in "
        "tests/harness/registry.py (read/write/listing/create/own/myself/public; see its docstring):\n"
        + "\n".join(missing)
    )
    assert not stale, f"ROUTES names routes that no longer exist: {stale}"


# --- expectations --------------------------------------------------------------------------------------

ALLOWED, LOGIN, NOT_FOUND, FORBIDDEN, NO_SERVER_ERROR = "allowed", "login", "404", "403", "no 5xx"


def _roles_of(user) -> set[str]:
    return set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))


def _owner_of(obj, lookup: str):
    for part in lookup.split("__"):
        obj = getattr(obj, part)
    return obj


def expected(route: Route, user, obj) -> str:
    if route.kind == "public":
        return NO_SERVER_ERROR
    if not user.is_authenticated:
        return LOGIN
    if route.kind == "myself":
        return ALLOWED if route.allowed is None or route.allowed(user, obj) else FORBIDDEN
    if route.kind == "api_create":
        return NO_SERVER_ERROR  # an empty body: refused by validation or by the scope, never a 5xx
    if route.kind in ("listing", "create"):
        if route.allowed is not None:
            return ALLOWED if user.is_superuser or route.allowed(user, None) else FORBIDDEN
        if not route.roles or user.is_superuser or _roles_of(user) & route.roles:
            return ALLOWED
        return FORBIDDEN
    if route.kind == "own":
        return ALLOWED if _owner_of(obj, route.owner) == user else NOT_FOUND
    sees = route.sees(user, obj) if route.sees else scopes.can_view(user, obj)
    if not sees:
        return NOT_FOUND
    if route.kind == "read":
        return ALLOWED
    may = route.allowed(user, obj) if route.allowed else scopes.can_change(user, obj)
    return ALLOWED if may else FORBIDDEN


def agrees(outcome: str, response, route: Route) -> bool:
    status = response.status_code
    to_login = status == 302 and "/login/" in response.get("Location", "")
    if status >= 500:
        return False
    if outcome == NO_SERVER_ERROR:
        return True
    if outcome == LOGIN:
        return to_login or status == 401
    if outcome == NOT_FOUND:
        return status == 404
    if outcome == FORBIDDEN:
        return status == 403
    if route.missing_ok and status == 404:
        return True
    return status not in (401, 403, 404) and not to_login


# --- the matrix ----------------------------------------------------------------------------------------


def _request(client: Client, method: str, url: str, is_api: bool):
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif is_api:
            response = client.generic(method, url, "{}", content_type="application/json")
        else:
            response = client.generic(method, url, "", content_type="application/x-www-form-urlencoded")
        transaction.set_rollback(True)
    return response


def _objects(route: Route, world) -> list:
    if route.model is None:
        return [None]
    if route.samples is not None:
        return list(route.samples(world))
    return world.sample(apps.get_model(route.model))


def _url(found: Found, route: Route, obj) -> str:
    if obj is None:
        return reverse(found.name, kwargs=route.static_kwargs or None)
    kwargs = route.kwargs(obj) if route.kwargs else {found.kwargs[0] if found.kwargs else "pk": obj.pk}
    return reverse(found.name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, f in ROUTES_FOUND.items() if checks_for(f)))
def test_route_answers_each_account_as_its_scope_says(world, name, record_property):
    found = ROUTES_FOUND[name]
    wrong, cases = [], 0
    for method, route in checks_for(found):
        objects = _objects(route, world)
        for obj in objects:
            url = _url(found, route, obj)
            if _request(world.clients["superuser"], method, url, found.is_api).status_code == 405:
                continue  # the route does not take this method
            for label, user in world.users.items():
                response = _request(world.clients[label], method, url, found.is_api)
                outcome = expected(route, user, obj)
                cases += 1
                if not agrees(outcome, response, route):
                    wrong.append(
                        f"{method} {url} as {label}: expected {outcome}, got {response.status_code}"
                        f" {response.get('Location', '')}"
                    )
    record_property("matrix_answers", cases)
    assert not wrong, f"{len(wrong)} of {cases} answers disagree with the scope:\n" + "\n".join(wrong)


def test_the_world_has_samples_for_every_model_a_route_shows(world):
    """A route whose model has no sample in the demo city is not checked: the demo must have one."""
    empty = set()
    for found in ROUTES_FOUND.values():
        for _method, route in checks_for(found):
            if route.model and not _objects(route, world):
                empty.add(f"{found.name} ({route.model})")
    assert not empty, "No object to check these routes with; add one to the demo or the world:\n" + "\n".join(
        sorted(empty)
    )


def _admin_pages() -> list[str]:
    names = []
    for name, _text, _pattern in _walk(get_resolver()):
        if name.startswith("admin:") and name.endswith(("_changelist", "_add")):
            names.append(name)
    return sorted(names)


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(world, record_property):
    """Every admin list and add page: the sign-in page for visitors, the second factor then the sign-in page
    for accounts that are not staff; the superuser (with the second factor) gets the page, or 403 where the
    admin adds nothing by hand."""
    wrong, answers = [], 0
    for name in _admin_pages():
        url = reverse(name)
        for label in ("anonymous", "resident", "community_secretary", "superuser"):
            response = _request(world.clients[label], "GET", url, is_api=False)
            answers += 1
            if label == "superuser":
                ok = response.status_code == 200 or (name.endswith("_add") and response.status_code == 403)
            else:  # the sign-in page, or first the second factor that the admin asks of everyone
                ok = response.status_code == 302 and response["Location"].startswith(
                    ("/admin/login/", "/accounts/two-factor/")
                )
            if not ok:
                wrong.append(f"GET {url} as {label}: {response.status_code} {response.get('Location', '')}")
    record_property("matrix_answers", answers)
    assert not wrong, "\n".join(wrong)
