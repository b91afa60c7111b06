"""Every list page and list endpoint runs the same SQL queries whatever the size of the city.

The routes come from the URL configuration, like the access matrix's (``tests/harness/test_access_matrix.py``):
every web route the matrix registry calls ``listing()`` and every API list action (GET on a viewset without
an object in the URL), plus the lists of one's own things named in ``OWN_LISTS``. A new list is measured the
day it lands.

The demo city is built twice, at ``SMALL`` and at three times ``SMALL`` (each build rolled back after it is
measured), and each route is opened by the widest account allowed to open it (the city office where it may).
The queries of the second request (after one warm-up) must be as many at both sizes, and the rows the page or
endpoint lists must have grown, so that the comparison means something: a list whose rows do not grow with
the demo city fails saying which demo to complete, or gets a reason in ``FIXED_SIZE``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core.paginator import Page
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext, ContextList
from django.urls import reverse

from accounts import middleware as account_middleware
from accounts import sessions
from accounts.models import RoleAssignment
from benchmarks.registry import gathered_pages
from tests.factories import login_with_second_factor
from tests.harness import world as world_module
from tests.harness.registry import ROUTES, Route
from tests.harness.test_access_matrix import ROUTES_FOUND, Found, checks_for

SMALL = 0.06  # the access matrix's city; the large one is three times as big

# Lists of one's own things (registered as ``myself()`` in the matrix): measured too.
OWN_LISTS = {"notifications:list", "api:notification-list", "api:token-list", "wishes:mine"}

# Routes the matrix calls ``listing()`` that show no list, and why.
NOT_LISTS = {
    "imports:run": "one import run (its token in the URL)",
    "imports:confirm": "one import run's confirmation (POST)",
    "imports:progress": "one import run's progress",
}

# Routes whose rows do not grow with the demo city, and why; their queries are still compared.
FIXED_SIZE = {
    "grids:tree": "one node's children, counted from the summary rows (tests/test_tree_pages.py)",
    "home": "a dashboard: counts read from the summary rows, no list",
    "alliances:exports": "the exports page: one line per dataset",
    "alliances:export": "a file: its rows are streamed, and its queries compared",
    "ledgers:excel": "the ledgers' exports page: one line per ledger",
    "ledgers:export": "a file: its rows are streamed, and its queries compared",
    "volunteers:roster_export": "a file: its rows are streamed, and its queries compared",
    "organisations:export": "a file: its rows are streamed, and its queries compared",
    "organisations:members_export": "a file: its rows are streamed, and its queries compared",
    "sharing:venues_export": "a file: its rows are streamed, and its queries compared",
    "sharing:bookings_export": "a file: its rows are streamed, and its queries compared",
    "sharing:jobs_export": "a file: its rows are streamed, and its queries compared",
    "sharing:referrals_export": "a file: its rows are streamed, and its queries compared",
    "sharing:trainings_export": "a file: its rows are streamed, and its queries compared",
    "sharing:class_export": "a file: its rows are streamed, and its queries compared",
    "sharing:figures": "the figures of resource sharing: counts, no list",
    "compounds:export": "a file: its rows are streamed, and its queries compared",
    "picker": "answers a typed search: at most a page of choices",
    "api:duty-counts": "one row per kind of post, counted in the database",
    "api:service-record-totals": "the records' totals: one row, or one per group, summed in the database",
    "api:token-list": "the account's own API tokens",
    "notifications:list": "the account's own notifications",
    "api:notification-list": "the account's own notifications",
    "wishes:mine": "the account's own wishes",
    "reviews:calendar": "a month's calendar",
    "reviews:checklist": "one period's duties of the account's office",
    "ledgers:index": "an overview of the four lists: counts, no list",
    "wishes:menu": "the service menu of the account's community",
    "alliances:inbox": "one unit admin's inbox: what the account's units must do",
    "wishes:claimable": "the accepted wishes of one unit's community",
    "reviews:cycles": "the city's review cycles: configuration, a handful",
    "api:review-cycle-list": "the city's review cycles: configuration, a handful",
    "reviews:evaluations": "the demo evaluates the home street only (reviews/demo.py)",
    "api:rating-list": "the demo rates the home street's evaluation only (reviews/demo.py)",
}

# Lists of one account's own work, opened by that account rather than the widest one.
ACCOUNT = {"alliances:inbox": "unit_admin", "wishes:claimable": "unit_admin"}

# Web lists ``make bench`` need not time, and why.
NOT_BENCHED = {
    "picker": "answers a typed search (tests/alliances/test_pickers.py)",
    "compounds:export": "the same engine as the alliances' exports, which are timed",
    "ledgers:export": "the same engine as the alliances' exports, which are timed",
    "volunteers:roster_export": "the same engine as the alliances' exports, which are timed",
    "organisations:export": "the same engine as the alliances' exports, which are timed",
    "organisations:members_export": "the same engine as the alliances' exports, which are timed",
    "sharing:venues_export": "the same engine as the alliances' exports, which are timed",
    "sharing:bookings_export": "the same engine as the alliances' exports, which are timed",
    "sharing:jobs_export": "the same engine as the alliances' exports, which are timed",
    "sharing:referrals_export": "the same engine as the alliances' exports, which are timed",
    "sharing:trainings_export": "the same engine as the alliances' exports, which are timed",
    "sharing:class_export": "the same engine as the alliances' exports, which are timed",
}

# The accounts tried, widest first: each route is opened by the first one allowed to open it.
WIDEST_FIRST = (
    "city_office",
    "district_office",
    "street_secretary",
    "street_staff",
    "community_secretary",
    "community_worker",
    "chief",
    "unit_admin",
    "party_member",
    "resident",
    "superuser",
)


@dataclass(frozen=True)
class Measured:
    account: str
    url: str
    status: int
    queries: int
    rows: int | None  # rows of the list (paginator count, or the API's count / results), None if none found
    sql: tuple[str, ...]


def _is_list_action(found: Found) -> bool:
    actions = getattr(found.callback, "actions", None)
    return bool(actions) and actions.get("get") == "list"


def list_routes() -> dict[str, tuple[Found, Route]]:
    """The routes measured here, by name."""
    chosen = {}
    for name, found in ROUTES_FOUND.items():
        checks = checks_for(found)
        get = next((route for method, route in checks if method == "GET"), None)
        if get is None:
            continue
        if found.is_api and not _is_list_action(found) and name not in OWN_LISTS and get.kind != "listing":
            continue
        if found.is_api and found.kwargs:
            continue  # a list under one object (the API's nested lists): not a city-wide list
        if name in NOT_LISTS:
            continue
        if get.kind == "listing" or name in OWN_LISTS:
            chosen[name] = (found, get)
    return chosen


LIST_ROUTES = list_routes()


def _account_for(route: Route, world) -> str:
    for label in WIDEST_FIRST:
        user = world.users[label]
        if route.kind == "myself" or route.kind == "public":
            if route.allowed is None or route.allowed(user, None):
                return label
            continue
        if route.allowed is not None:
            if route.allowed(user, None):
                return label
            continue
        roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
        if not route.roles or roles & route.roles or user.is_superuser:
            return label
    raise AssertionError(f"no account of the world may open {route}")


def _rows(response) -> int | None:
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.loads(response.content or b"null")
        if isinstance(body, dict):
            if isinstance(body.get("count"), int):
                return body["count"]
            if isinstance(body.get("results"), list):
                return len(body["results"])
            return None
        return len(body) if isinstance(body, list) else None
    contexts = response.context if isinstance(response.context, ContextList) else [response.context]
    for context in filter(None, contexts):
        for value in context.flatten().values():
            if isinstance(value, Page):
                return value.paginator.count
    return None


def _measure(world) -> dict[str, Measured]:
    # the sessions' clock stands still while the lists are measured: a session records its last activity at most
    # once a minute (the middleware reads the clock, ``sessions`` records it), and that write must not fall
    # between a warm-up and its measured request, as it did on a loaded machine when only one clock stood still
    now = time.time()
    frozen = SimpleNamespace(time=lambda: now)
    with mock.patch.object(sessions, "time", frozen), mock.patch.object(account_middleware, "time", frozen):
        return _measure_lists(world)


def _measure_lists(world) -> dict[str, Measured]:
    clients: dict[str, Client] = {}
    for label in WIDEST_FIRST:
        client = Client(raise_request_exception=False)
        if label == "superuser":
            login_with_second_factor(client, world.users[label])
        else:
            client.force_login(world.users[label])
        clients[label] = client
    measured = {}
    for name, (_found, route) in LIST_ROUTES.items():
        account = ACCOUNT.get(name) or _account_for(route, world)
        url = reverse(name, kwargs=route.static_kwargs or None)
        client = clients[account]
        warm_up = client.get(url)  # sessions, content types, translations
        if warm_up.status_code == 302 and "/login/" not in warm_up["Location"]:
            url = warm_up["Location"]  # a list that starts at the account's own place (the tree)
            client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        measured[name] = Measured(
            account=account,
            url=url,
            status=response.status_code,
            queries=len(queries.captured_queries),
            rows=_rows(response),
            sql=tuple(q["sql"] for q in queries.captured_queries),
        )
    return measured


def _build_and_measure(scale: float) -> tuple[dict[str, Measured], set[str]]:
    """The measurements of every list on the demo city at ``scale``, and the paths ``make bench`` times there."""
    saved = world_module.SCALE
    world_module.SCALE = scale
    try:
        with transaction.atomic():
            world = world_module.build()
            measured = _measure(world)
            benched = {urlsplit(page[2]).path for page in gathered_pages()}
            transaction.set_rollback(True)
    finally:
        world_module.SCALE = saved
    return measured, benched


@pytest.fixture(scope="module")
def sizes(django_db_setup, django_db_blocker, tmp_path_factory):
    """The measurements at the small and the large city, and the paths the bench times (small city)."""
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    with media, django_db_blocker.unblock():
        small, benched = _build_and_measure(SMALL)
        large, _ = _build_and_measure(SMALL * 3)
    return small, large, benched


@pytest.mark.django_db
def test_make_bench_times_every_list_page(sizes):
    """Every web list joins ``make bench`` through its app's ``bench.py`` (the API's lists join by themselves)."""
    small, _large, benched = sizes
    missing = [
        f"  {name}: ({world_module.DEMO_ACCOUNTS[small[name].account]!r}, '…', {small[name].url!r})"
        for name, (found, _route) in sorted(LIST_ROUTES.items())
        if not found.is_api and name not in NOT_BENCHED and urlsplit(small[name].url).path not in benched
    ]
    assert not missing, "make bench does not time these lists; add a row to pages() in <app>/bench.py:\n" + "\n".join(
        missing
    )


def test_there_are_lists_to_measure():
    assert len(LIST_ROUTES) > 40, sorted(LIST_ROUTES)
    assert {"alliances:meetings", "people:list", "api:household-list"} <= set(LIST_ROUTES)


def test_fixed_size_names_only_measured_routes():
    assert not set(FIXED_SIZE) - set(LIST_ROUTES), set(FIXED_SIZE) - set(LIST_ROUTES)
    assert not OWN_LISTS - set(ROUTES) - set(ROUTES_FOUND)
    assert not set(NOT_LISTS) - set(ROUTES_FOUND), set(NOT_LISTS) - set(ROUTES_FOUND)


LITERALS = re.compile(r"'[^']*'|\b\d+\b")


def _differences(small: Measured, large: Measured) -> str:
    """The queries of the large city that the small city did not run (or ran fewer times), literals left out."""
    seen = [LITERALS.sub("?", sql) for sql in small.sql]
    extra = []
    for sql in large.sql:
        shape = LITERALS.sub("?", sql)
        if shape in seen:
            seen.remove(shape)
        else:
            extra.append(sql[:400])
    return "\n  ".join(extra[:5])


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(LIST_ROUTES))
def test_list_queries_do_not_grow_with_the_city(sizes, name):
    small, large = sizes[0][name], sizes[1][name]
    assert small.status == 200 and large.status == 200, (
        f"{name}: {small.url} as {small.account} answered {small.status} (small city) and {large.status} (large)"
    )
    assert small.queries == large.queries, (
        f"{name}: {small.url} as {small.account} runs {small.queries} queries on the small city and "
        f"{large.queries} on one three times as big; first of the extra ones:\n  {_differences(small, large)}"
    )
    if name in FIXED_SIZE:
        return
    assert small.rows is not None, (
        f"{name}: {small.url} shows no paginated list (a Page in the context, or count/results in JSON); "
        "page it, or say in FIXED_SIZE why it has no rows that grow"
    )
    assert 0 < small.rows < large.rows, (
        f"{name}: {small.url} as {small.account} lists {small.rows} rows on the small city and {large.rows} on "
        "one three times as big: the demo (<app>/demo.py) must make its rows grow with the scale, or FIXED_SIZE "
        "says why they do not"
    )
