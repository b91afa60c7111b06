"""A real Celery worker takes tasks from the configured broker (Redis in CI, the embedded broker otherwise)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.app.backends import by_url
from celery.result import AsyncResult
from django.conf import settings

from liaoyuan.celery import app
from liaoyuan.core.tasks import ping

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def result_backend_url(tmp_path):
    """Redis when the broker is Redis, else a SQLite file: the worker stores ping's answer there."""
    if settings.CELERY_BROKER_URL.startswith("redis"):
        return settings.CELERY_BROKER_URL
    return f"db+sqlite:///{tmp_path / 'results.sqlite3'}"


@pytest.fixture
def worker(result_backend_url):
    env = {**os.environ, "CELERY_RESULT_BACKEND": result_backend_url}
    process = subprocess.Popen(  # noqa: S603 - the project's own worker
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "liaoyuan",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)


def test_a_real_worker_answers_ping(worker, result_backend_url):
    backend_cls, url = by_url(result_backend_url, app.loader)
    sent = ping.apply_async(ignore_result=False)
    answer = AsyncResult(sent.id, backend=backend_cls(app=app, url=url), app=app).get(timeout=60)
    assert answer == "pong"
    assert worker.poll() is None
