"""``make bench-claims``: claim throughput under contention on PostgreSQL (a benchmark, not a test).

Two races, each through ``volunteers.services.claim`` (the conditional ``UPDATE … SET claimed = claimed + 1
WHERE claimed < capacity`` and the claim's insert in one transaction), every thread on its own connection:

- **last places**: ROUNDS times, THREADS people claim the last PLACES places of one shift at the same instant
  (a barrier releases them); each round must end with exactly PLACES claims and THREADS − PLACES refusals.
- **one hot shift**: WORKERS threads claim, one person after another, places on one shift with room for all,
  so that every claim updates the same row; gives claims per second and the latency of one claim.

Runs against the database named by BENCH_DATABASE_URL (never DATABASE_URL; PostgreSQL only: SQLite runs one
writer at a time), migrating it first, in a city of its own ("基准市") that it empties of claims each run.
BENCH_CLAIM_THREADS (50), BENCH_CLAIM_PLACES (10), BENCH_CLAIM_ROUNDS (20), BENCH_CLAIM_WORKERS (8) and
BENCH_CLAIM_TOTAL (2000) tune it. Prints a Markdown table (docs/performance.md keeps the last one).
"""

import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
if not os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres"):
    sys.exit("BENCH_DATABASE_URL must name a PostgreSQL database (e.g. postgres://postgres@127.0.0.1:5432/bench)")
os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.pop("REDIS_URL", None)
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from grids.models import Node  # noqa: E402
from people.models import Person  # noqa: E402
from volunteers import services  # noqa: E402
from volunteers.models import Claim, Post, Shift  # noqa: E402

THREADS = int(os.environ.get("BENCH_CLAIM_THREADS", "50"))
PLACES = int(os.environ.get("BENCH_CLAIM_PLACES", "10"))
ROUNDS = int(os.environ.get("BENCH_CLAIM_ROUNDS", "20"))
WORKERS = int(os.environ.get("BENCH_CLAIM_WORKERS", "8"))
TOTAL = int(os.environ.get("BENCH_CLAIM_TOTAL", "2000"))


def setting() -> tuple[User, Post, list[Person]]:
    """Returns the organiser (a superuser: acts for anyone), the benchmark's post and enough party members."""
    community = Node.objects.filter(kind=Node.Kind.COMMUNITY, name="基准社区").first()
    if community is None:
        city = Node.objects.add_root({"kind": Node.Kind.CITY, "name": "基准市"})
        district = Node.objects.add_child(city, {"kind": Node.Kind.DISTRICT, "name": "基准区"})
        street = Node.objects.add_child(district, {"kind": Node.Kind.STREET, "name": "基准街道"})
        community = Node.objects.add_child(street, {"kind": Node.Kind.COMMUNITY, "name": "基准社区"})
    user = User.objects.filter(username="bench-claims").first() or User.objects.create_superuser(
        "bench-claims", password=None
    )
    post = Post.objects.filter(node=community).first() or Post.objects.create(
        node=community, title="基准岗", category="other", place="基准社区"
    )
    need = max(THREADS, TOTAL)
    have = Person.objects.filter(node=community).count()
    Person.objects.bulk_create(
        [
            Person(name=f"党员{i:05d}", node=community, party_status=Person.PartyStatus.COMMUNITY)
            for i in range(have, need)
        ],
        batch_size=2000,
    )
    people = list(Person.objects.filter(node=community).order_by("pk")[:need])
    Claim.objects.filter(shift__post=post).delete()
    Shift.objects.filter(post=post).delete()
    return user, post, people


def new_shift(post: Post, capacity: int) -> Shift:
    starts = timezone.now() + datetime.timedelta(days=1)
    return Shift.objects.create(
        post=post, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=capacity
    )


def claim_timed(user, shift, person) -> tuple[bool, float]:
    started = time.perf_counter()
    try:
        services.claim(user=user, shift=shift, person=person)
        made = True
    except ValidationError:
        made = False
    return made, time.perf_counter() - started


def last_places(user, post, people) -> dict:
    """THREADS people race for PLACES places, ROUNDS times; returns the figures."""
    wall, latencies, wrong = [], [], 0
    for _round in range(ROUNDS):
        shift = new_shift(post, PLACES)
        barrier = threading.Barrier(THREADS)
        results: list[tuple[bool, float]] = []
        lock = threading.Lock()

        def run(person, shift=shift, barrier=barrier, results=results, lock=lock):
            try:
                barrier.wait()
                outcome = claim_timed(user, shift, person)
                with lock:
                    results.append(outcome)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(p,)) for p in people[:THREADS]]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall.append(time.perf_counter() - started)
        made = sum(1 for ok, _t in results if ok)
        shift.refresh_from_db()
        if made != PLACES or shift.claimed != PLACES or Claim.objects.filter(shift=shift).count() != PLACES:
            wrong += 1
        latencies += [t for _ok, t in results]
    return {
        "rounds": ROUNDS,
        "wrong_rounds": wrong,
        "round_ms": statistics.median(wall) * 1000,
        "claim_p50_ms": statistics.median(latencies) * 1000,
        "claim_p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
    }


def hot_shift(user, post, people) -> dict:
    """WORKERS threads claim TOTAL places on one shift; returns claims per second and latencies."""
    shift = new_shift(post, TOTAL)
    chunks = [people[i:TOTAL:WORKERS] for i in range(WORKERS)]
    latencies: list[float] = []
    lock = threading.Lock()

    def run(chunk):
        try:
            mine = [claim_timed(user, shift, person)[1] for person in chunk]
            with lock:
                latencies.extend(mine)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(chunk,)) for chunk in chunks]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    shift.refresh_from_db()
    return {
        "claims": shift.claimed,
        "claims_per_s": shift.claimed / elapsed,
        "claim_p50_ms": statistics.median(latencies) * 1000,
        "claim_p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    user, post, people = setting()
    race = last_places(user, post, people)
    hot = hot_shift(user, post, people)
    version = connection.cursor().connection.info.server_version
    print(f"PostgreSQL {version // 10000}.{version % 100}, {os.cpu_count()} cores\n")
    print("| race | figure |")
    print("|---|---|")
    print(
        f"| {THREADS} people for the last {PLACES} places, {race['rounds']} rounds | "
        f"{race['rounds'] - race['wrong_rounds']}/{race['rounds']} rounds exactly {PLACES} claims; "
        f"a round {race['round_ms']:.0f} ms (median); one claim p50 {race['claim_p50_ms']:.1f} ms, "
        f"p95 {race['claim_p95_ms']:.1f} ms |"
    )
    print(
        f"| {WORKERS} threads, {hot['claims']} claims on one shift | {hot['claims_per_s']:.0f} claims/s; one claim "
        f"p50 {hot['claim_p50_ms']:.1f} ms, p95 {hot['claim_p95_ms']:.1f} ms |"
    )


if __name__ == "__main__":
    main()
