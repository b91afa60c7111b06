"""``make bench-fanout``: how long the review reminders' fan-out takes for 1,000, 10,000 and 100,000
organisations (member units owing a weekly zero report), and how much memory it holds.

For each size it times, on a fresh set of units: creating the period's duties chunk by chunk (bulk inserts),
finding the duties with a reminder due (one query per chunk against the reminders already raised) and
publishing one small ``remind`` task per duty to the broker; then it runs ``remind`` for a sample of duties in
process to give the per-duty cost a worker pays. The process's peak resident memory after each size shows
that the organisations are never all loaded at once (it stays flat from 1,000 to 100,000). Memory is read from
the operating system rather than traced, because tracing allocations slows publishing several times over.

Runs against ``var/bench-fanout.sqlite3``, or the database named by BENCH_DATABASE_URL (never DATABASE_URL);
publishes to BENCH_BROKER_URL (e.g. ``redis://127.0.0.1:6379/14``, flushed of the benchmark's queue after), by
default kombu's in-memory transport. BENCH_FANOUT_SIZES (default ``1000,10000,100000``) and
BENCH_FANOUT_SAMPLE (default 500) tune it. Prints a Markdown table (docs/performance.md keeps the last one).
"""

import datetime
import os
import resource
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-fanout.sqlite3'}")
os.environ.pop("REDIS_URL", None)
os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "memory://")
os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-fanout-{uuid.uuid4().hex[:8]}"
os.environ.setdefault("LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from celery import current_app  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from grids.models import Node  # noqa: E402
from liaoyuan.core.periods import period_containing  # noqa: E402
from notifications.models import Reminder  # noqa: E402
from reviews import tasks  # noqa: E402
from reviews.models import ReviewCycle, ReviewKind, ReviewTask, TargetLevel  # noqa: E402
from reviews.services import duties  # noqa: E402
from units.models import MemberUnit  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_FANOUT_SIZES", "1000,10000,100000").split(",")]
SAMPLE = int(os.environ.get("BENCH_FANOUT_SAMPLE", "500"))
BATCH = 5000


def community() -> Node:
    """Returns the benchmark's community (under a city and a district and a street of its own)."""
    found = Node.objects.filter(kind=Node.Kind.COMMUNITY, name="基准社区").first()
    if found:
        return found
    city = Node.objects.add_root({"kind": Node.Kind.CITY, "name": "基准市"})
    district = Node.objects.add_child(city, {"kind": Node.Kind.DISTRICT, "name": "基准区"})
    street = Node.objects.add_child(district, {"kind": Node.Kind.STREET, "name": "基准街道"})
    return Node.objects.add_child(street, {"kind": Node.Kind.COMMUNITY, "name": "基准社区"})


def units(n: int, node: Node) -> None:
    """Leaves exactly ``n`` active member units (the organisations) in the database."""
    ReviewTask.objects.all().delete()
    Reminder.objects.all().delete()
    MemberUnit.objects.exclude(location=node).update(is_active=False)
    have = MemberUnit.objects.filter(location=node).count()
    for start in range(have, n, BATCH):
        MemberUnit.objects.bulk_create(
            [
                MemberUnit(name=f"基准单位{i:06d}", kind="enterprise", location=node)
                for i in range(start, min(n, start + BATCH))
            ]
        )
    extra = MemberUnit.objects.filter(location=node).order_by("-pk").values_list("pk", flat=True)[: max(have - n, 0)]
    MemberUnit.objects.filter(pk__in=list(extra)).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE units_memberunit")


def cycle_due_today(today: datetime.date) -> ReviewCycle:
    """The weekly zero report, due today (its reminder is due for every unit)."""
    cycle = ReviewCycle.objects.get(kind=ReviewKind.ZERO_REPORT, level=TargetLevel.UNIT)
    week = period_containing(today, cycle.period)
    cycle.due_days_before_end, cycle.lead_days, cycle.second_lead_days, cycle.is_active = (
        (week.ends_on - today).days,
        3,
        None,
        True,
    )
    cycle.save()
    return cycle


def fan_out(cycle: ReviewCycle, today: datetime.date) -> dict:
    """Runs the whole fan-out as the chunk tasks do, timing each part."""
    timings = {"chunks": 0, "duties_ms": 0.0, "due_ms": 0.0, "publish_ms": 0.0, "published": 0}
    started = time.perf_counter()
    with current_app.producer_or_acquire() as producer:
        for first, last in duties.chunk_bounds(cycle):
            timings["chunks"] += 1
            t0 = time.perf_counter()
            for period in duties.periods_to_ensure(cycle, today):
                duties.tasks_ensure(cycle=cycle, period=period, first_id=first, last_id=last)
            t1 = time.perf_counter()
            due = duties.cycle_chunk(cycle_id=cycle.pk, on=today, first_id=first, last_id=last)
            t2 = time.perf_counter()
            for task_id in due:
                tasks.remind.apply_async((task_id, today.isoformat()), producer=producer)
            t3 = time.perf_counter()
            timings["duties_ms"] += (t1 - t0) * 1000
            timings["due_ms"] += (t2 - t1) * 1000
            timings["publish_ms"] += (t3 - t2) * 1000
            timings["published"] += len(due)
    timings["total_s"] = time.perf_counter() - started
    timings["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return timings


def remind_sample(cycle: ReviewCycle, today: datetime.date) -> float:
    """Returns the mean ms of ``remind`` (one duty, one reminder) over a sample of duties, run in process."""
    ids = list(
        ReviewTask.objects.filter(cycle=cycle, done_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:SAMPLE]
    )
    started = time.perf_counter()
    for task_id in ids:
        duties.task_remind(task_id=task_id, on=today)
    return (time.perf_counter() - started) * 1000 / max(len(ids), 1)


def purge() -> None:
    with current_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(os.environ["CELERY_TASK_DEFAULT_QUEUE"])


def main() -> None:
    call_command("migrate", verbosity=0)
    node = community()
    today = datetime.date.today()  # noqa: DTZ011 - the benchmark's day; any day will do
    print(
        f"Database: {connection.vendor}; broker: {os.environ['CELERY_BROKER_URL'].split('://')[0]}; "
        f"chunks of {duties.CHUNK} organisations.\n"
    )
    print(
        "| organisations | chunks | duties created (s) | due reminders found (s) | tasks published (s) "
        "| fan-out total (s) | process peak memory (MB) | remind, per duty (ms) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in SIZES:
        units(n, node)
        cycle = cycle_due_today(today)
        result = fan_out(cycle, today)
        assert_ok = ReviewTask.objects.filter(cycle=cycle).count()
        per_duty = remind_sample(cycle, today)
        purge()
        print(
            f"| {n:,} | {result['chunks']} | {result['duties_ms'] / 1000:.1f} | {result['due_ms'] / 1000:.1f} "
            f"| {result['publish_ms'] / 1000:.1f} | {result['total_s']:.1f} | {result['peak_mb']:.1f} "
            f"| {per_duty:.1f} |"
        )
        if assert_ok != n or result["published"] != n:
            raise SystemExit(f"expected {n} duties and tasks, got {assert_ok} and {result['published']}")


if __name__ == "__main__":
    main()
