"""One scale of ``make bench``: builds (or completes) the demo city in the database DATABASE_URL names, then
times, when asked, the pages that the apps' ``bench.py`` list and every list of the API, and the background
exports.

Started by ``python -m benchmarks`` once per scale, in a process of its own (a Django process has one
database), and driven by it (``benchmarks.lockstep``): one JSON line per request on stdin, one per answer on
stdout.
"""

import fcntl
import json
import logging
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaoyuan.settings")
os.environ.pop("REDIS_URL", None)
# Measured as in production: DEBUG off (no query log, compiled templates, hashed static files).
os.environ.update(DEBUG="0", ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0", SECRET_KEY=secrets.token_urlsafe(50))
# A large export is handed to Celery as in production, through a broker in this process's memory (no worker
# runs here); the background exports are timed on their own (``time_job``).
os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # sign-ins and lockout bookkeeping: not the bench's output

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, reset_queries  # noqa: E402
from django.shortcuts import resolve_url  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import User  # noqa: E402
from benchmarks.registry import gathered_jobs, gathered_pages  # noqa: E402
from liaoyuan.core.startup import freeze_loaded_site  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
JOB_ROUNDS = 3


def signed_in(user: User) -> Client:
    """A client signed in as ``user``; a superuser with the second factor as well (the site asks it of them).
    It accepts gzip, as browsers and API clients do: the bytes measured are the bytes sent."""
    client = Client(headers={"accept-encoding": "gzip, deflate"})
    if not user.is_superuser:
        client.force_login(user)
    else:  # the authenticator first: the session's policy is settled when it signs in
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def get(client: Client, url: str):
    """GET ``url``, following redirects as a browser does (a large export answers with its job's page); a page
    that sends the account to sign in is not the page the bench means to time."""
    response = client.get(url, follow=True)
    if any(urlsplit(target).path == resolve_url(settings.LOGIN_URL) for target, _status in response.redirect_chain):
        raise SystemExit(f"{url} sent the bench's account to sign in")
    return response


def measure(client: Client, url: str, rounds: int, first: bool) -> dict:
    """The ms of ``rounds`` GETs of ``url`` and the ms of each spent in SQL (the page's own share of the
    database, to set beside a floor); on a page's first share, after one warm-up, its queries and bytes too. A
    page that hands its work to a background job answers with a redirect to the job's page: the measurement
    follows it, as a browser does."""
    share = {}
    if first:
        response = get(client, url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code} {response.get('Location', '')}")
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = get(client, url)
            size = len(b"".join(response.streaming_content) if response.streaming else response.content)
        share = {"queries": len(queries.captured_queries), "bytes": size}
    timings, in_sql = [], []
    for _ in range(rounds):
        spent = [0.0]

        def timed(execute, sql, params, many, context, spent=spent):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += time.perf_counter() - start

        start = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = get(client, url)
            if response.streaming:
                b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
        in_sql.append(spent[0] * 1000)
    return share | {"timings": timings, "in_sql": in_sql}


def floor(query: tuple[str, list]) -> float:
    """Median ms of the hand-written SQL (and its parameters) that computes a page's figures: its floor."""
    sql, params = query
    timings = []
    with connection.cursor() as cursor:
        for _ in range(max(3, ROUNDS // 2)):
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def time_job(user: User, dataset_key: str, fmt: str) -> dict:
    """Median seconds, rows and bytes of the background export of ``dataset_key`` as ``fmt`` with no filters for
    ``user``, over JOB_ROUNDS runs of what the Celery worker runs (``exports.services.export_run``)."""
    from exports.models import ExportJob
    from exports.services import export_run

    timings, rows, size = [], 0, 0
    for _ in range(JOB_ROUNDS):
        job = ExportJob.objects.create(owner=user, dataset=dataset_key, fmt=fmt)
        start = time.perf_counter()
        if not export_run(job_id=job.pk):
            raise SystemExit(f"the export {dataset_key}.{fmt} failed")
        timings.append(time.perf_counter() - start)
        job.refresh_from_db()
        rows, size = job.written, job.file.size
        job.file.delete(save=False)
        job.delete()
    seconds = statistics.median(timings)
    return {
        "rows": rows,
        "s": round(seconds, 2),
        "ms_per_1000_rows": round(seconds * 1000 * 1000 / max(rows, 1), 1),
        "bytes": size,
    }


def create_database_if_missing() -> None:
    """On PostgreSQL, the bench's database is created on its first run (SQLite creates its file itself)."""
    if connection.vendor != "postgresql":
        return
    try:
        connection.ensure_connection()
    except OperationalError:
        from psycopg2 import sql

        with connection._nodb_cursor() as cursor:  # the maintenance database, as Django's test runner uses it
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(connection.settings_dict["NAME"])))
        print(f"created the database {connection.settings_dict['NAME']}", flush=True)


def main() -> None:
    """Gets the city ready, says so on the answer channel with the pages and jobs it will time, then answers
    the driver's requests (``benchmarks.lockstep``) one JSON line each until it asks for the end."""
    answers = sys.stdout
    sys.stdout = sys.stderr  # whatever else prints (Django's commands, warnings) stays off the answer channel

    def answer(data: dict) -> None:
        answers.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
        answers.flush()

    scale = float(os.environ.get("BENCH_RUN_SCALE") or "1")
    create_database_if_missing()
    call_command("migrate", verbosity=0)
    lock_path = ROOT / "var" / "bench" / "collectstatic.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the scales' processes start together and share STATIC_ROOT
        call_command("collectstatic", interactive=False, verbosity=0)
    print(f"scale {scale:g}: building the demo city (or completing it)", flush=True)
    start = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        progress = os.environ.get("BENCH_SEED_PROGRESS") == "1"  # one process's bars: they share the terminal
        call_command("seed_demo", scale=scale, no_progress=not progress, stdout=quiet)
    seeded = time.perf_counter() - start
    pages, jobs_wanted = gathered_pages(), gathered_jobs()
    only = os.environ.get("BENCH_ONLY", "")  # "units list,API wishes": only the pages (and jobs) whose label has one
    if only:
        pages = [page for page in pages if any(part.strip() in page[1] for part in only.split(","))]
        jobs_wanted = [job for job in jobs_wanted if any(part.strip() in job[1] for part in only.split(","))]
    print(f"scale {scale:g}: demo city ready in {seeded:.1f} s; {len(pages)} pages", flush=True)
    freeze_loaded_site()  # as each gunicorn worker does on start (liaoyuan.wsgi)
    load_before = os.getloadavg()
    answer({"scale": scale, "pages": [page[:3] for page in pages], "jobs": [job[:2] for job in jobs_wanted]})
    clients, measured = {}, set()
    for line in sys.stdin:
        request = json.loads(line)
        if "page" in request:
            account, _label, url, *rest = pages[request["page"]]
            if account not in clients:
                clients[account] = signed_in(User.objects.get(username=account))
            first = request["page"] not in measured
            measured.add(request["page"])
            share = measure(clients[account], url, request["rounds"], first)
            if first:
                share["floor_ms"] = floor(rest[0]) if rest and rest[0] else None
            answer(share)
        elif "job" in request:
            account, _label, dataset_key, fmt = jobs_wanted[request["job"]]
            answer(time_job(User.objects.get(username=account), dataset_key, fmt))
        else:
            answer(
                {
                    "scale": scale,
                    "seed_s": round(seeded, 1),
                    "rounds": ROUNDS,
                    "database": connection.vendor,
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in os.getloadavg()],
                    "cpus": os.cpu_count(),
                }
            )
            return


if __name__ == "__main__":
    main()
