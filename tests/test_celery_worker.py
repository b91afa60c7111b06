"""A real Celery worker on the configured broker (Redis in CI, the embedded broker otherwise) answers ping."""

import pytest
from celery.app.backends import by_url
from celery.result import AsyncResult
from django.conf import settings

from liaoyuan.celery import app
from liaoyuan.core.tasks import ping
from tests.workers import start_worker, stop


@pytest.fixture
def result_backend_url(tmp_path):
    """Redis when the broker is Redis, else a SQLite file: the worker stores ping's answer there."""
    if settings.CELERY_BROKER_URL.startswith("redis"):
        return settings.CELERY_BROKER_URL
    return f"db+sqlite:///{tmp_path / 'results.sqlite3'}"


def test_a_real_worker_answers_ping(result_backend_url):
    worker = start_worker(CELERY_RESULT_BACKEND=result_backend_url)
    try:
        backend_cls, url = by_url(result_backend_url, app.loader)
        sent = ping.apply_async(ignore_result=False)
        answer = AsyncResult(sent.id, backend=backend_cls(app=app, url=url), app=app).get(timeout=60)
        assert answer == "pong"
        assert worker.poll() is None
    finally:
        stop(worker)
