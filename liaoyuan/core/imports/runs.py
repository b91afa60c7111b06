"""An import as the pages run it: the uploaded workbook kept under MEDIA_ROOT for its owner, checked in the
request (every problem shown), then written on confirmation: in the request when small, by a Celery task
with a progress bar when over ``IMPORT_SYNC_ROWS`` rows. The state of a run lives in the cache for a day."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from liaoyuan.core import imports as engine

TTL = 24 * 3600
PROGRESS_EVERY = 500  # rows between two progress writes


def _key(token: str) -> str:
    return f"imports:run:{token}"


def _path(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{token}.xlsx"


def state(*, user, token: str) -> dict | None:
    """Returns the run ``token`` when it belongs to ``user``, else None."""
    if not token.isalnum():
        return None
    found = cache.get(_key(token))
    if not found or found["user"] != user.pk:
        return None
    return found


def _save_state(token: str, value: dict) -> None:
    cache.set(_key(token), value, TTL)


def start(*, user, importer: engine.Importer, upload) -> tuple[str, engine.Report]:
    """Keeps the uploaded workbook, checks it and returns the run's token and the report (nothing written)."""
    token = secrets.token_hex(16)
    path = _path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            out.write(chunk)
    with path.open("rb") as file:
        report = engine.check(user, importer, file)
    if not report.ok:
        path.unlink(missing_ok=True)
    _save_state(
        token,
        {
            "user": user.pk,
            "key": importer.key,
            "status": "checked",
            "total": len(report.rows),
            "done": 0,
            "report": report.as_dict(),
        },
    )
    return token, report


def confirm(*, user, token: str) -> dict:
    """Writes the checked workbook of run ``token``: now when small, else by a task. Returns the state."""
    current = state(user=user, token=token)
    if (
        current is None
        or current["status"] != "checked"
        or current["report"]["problems"]
        or current["report"]["refused"]
    ):
        return current
    if current["total"] > settings.IMPORT_SYNC_ROWS:
        from liaoyuan.core.imports.tasks import run_import

        current["status"] = "queued"
        _save_state(token, current)
        transaction.on_commit(lambda: run_import.delay(token))
        return current
    execute(token=token)
    return cache.get(_key(token))


def execute(*, token: str) -> bool:
    """Runs the import of ``token`` once (a second call, or a task delivered twice, does nothing). Returns
    whether this call ran it."""
    from accounts.models import User

    if not cache.add(f"{_key(token)}:claim", 1, TTL):
        return False
    current = cache.get(_key(token))
    if current is None:
        return False
    importer = engine.get(current["key"])
    user = User.objects.get(pk=current["user"])
    current["status"] = "running"
    _save_state(token, current)

    def progress(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            current["done"], current["total"] = done, total
            _save_state(token, current)

    path = _path(token)
    try:
        with path.open("rb") as file:
            report = engine.run(user, importer, file, progress=progress)
    except Exception:
        current["status"] = "failed"
        _save_state(token, current)
        raise
    finally:
        path.unlink(missing_ok=True)
    current.update(status="done" if report.ok else "checked", done=current["total"], report=report.as_dict())
    _save_state(token, current)
    return True
