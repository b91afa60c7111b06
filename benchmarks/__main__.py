"""``make bench``: page and API timings and query counts on the demo city at scale 1.

Runs against ``var/bench.sqlite3``, or the database named by BENCH_DATABASE_URL (never DATABASE_URL, so
that a configured database is not filled with the demo city by accident). Prints a Markdown table;
docs/performance.md keeps the last one. BENCH_ROUNDS, BENCH_SCALE and BENCH_EXTRA_URLS tune it.
"""

import importlib
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.pop("REDIS_URL", None)
# Measured as in production: DEBUG off (no query log, compiled templates, hashed static files).
os.environ.update(DEBUG="0", ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", SECRET_KEY=secrets.token_urlsafe(50))
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from alliances.models import Alliance  # noqa: E402
from grids.models import Node  # noqa: E402
from organisations.models import PartyOrganisation  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))


def measure(client: Client, url: str) -> tuple[float, float, int]:
    """Returns (median ms, p95 ms, queries) for GET ``url`` over ROUNDS requests after one warm-up."""
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    reset_queries()  # the log keeps at most 9,000 queries; start it empty
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    query_count = len(queries.captured_queries)  # read now: later requests empty the log
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], query_count


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", scale=float(os.environ.get("BENCH_SCALE", "1")), no_progress=True, stdout=quiet)
    seeded = time.perf_counter() - start
    city = Node.objects.get(depth=1)
    community = Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path").first()
    stairwell = Node.objects.filter(kind=Node.Kind.STAIRWELL).order_by("path").first()
    alliance = Alliance.objects.order_by("pk").first()
    organisation = (
        PartyOrganisation.objects.filter(kind=PartyOrganisation.Kind.COMMUNITY_COMMITTEE).order_by("pk").first()
    )
    pages = [
        ("city", "home", "/"),
        ("city", "tree: city", f"/tree/{city.pk}/"),
        ("city", "tree: community", f"/tree/{community.pk}/"),
        ("city", "tree: stairwell unit", f"/tree/{stairwell.pk}/"),
        ("city", "people list (page 1 of all)", "/people/"),
        ("city", "units list", "/units/"),
        ("city", "API nodes (grids, page 1)", "/api/v1/nodes/?kind=grid"),
        ("city", "API people (page 1)", "/api/v1/people/"),
        ("city", "alliances list", "/alliances/"),
        ("city", "alliance page", f"/alliances/{alliance.pk}/"),
        ("city", "joint meetings list", "/alliances/meetings/"),
        ("city", "tracked problems list", "/alliances/problems/"),
        ("city", "activities list", "/alliances/activities/"),
        ("city", "“four ones”, this quarter", "/alliances/four-ones/"),
        ("city", "export: all meetings .xlsx", "/alliances/exports/meetings.xlsx"),
        ("city", "API joint meetings (page 1)", "/api/v1/joint-meetings/"),
        ("city", "party organisations list", "/organisations/"),
        ("city", "party organisation page (community committee)", f"/organisations/{organisation.pk}/"),
        ("city", "API party organisations (page 1)", "/api/v1/party-organisations/"),
        ("city", "API organisation members", f"/api/v1/party-organisations/{organisation.pk}/members/"),
        ("city", "API chief counts", "/api/v1/duties/counts/"),
        ("unit", "home (inbox)", "/"),
        ("community", "home", "/"),
        ("community", "people list", "/people/"),
        ("community", "party organisations list", "/organisations/"),
        ("resident", "home", "/"),
    ]
    for app in apps.get_app_configs():  # each app's pages: <app>/bench.py, pages() -> [(account, label, url)]
        try:
            bench = importlib.import_module(f"{app.name}.bench")
        except ModuleNotFoundError:
            continue
        pages.extend(bench.pages())
    extra = os.environ.get("BENCH_EXTRA_URLS", "")
    for item in filter(None, extra.split(",")):
        role, url = item.split("=", 1)
        pages.append((role, url, url))
    print(f"Demo city ready in {seeded:.1f} s (seed_demo, idempotent). {ROUNDS} requests per row.\n")
    print("| account | page | median ms | p95 ms | SQL queries |")
    print("| --- | --- | ---: | ---: | ---: |")
    clients: dict[str, Client] = {}
    for username, label, url in pages:
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        median, p95, queries = measure(clients[username], url)
        print(f"| {username} | {label} | {median:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
