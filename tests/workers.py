"""Real Celery workers for integration tests: started as subprocesses on the configured broker."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    """Returns a URL of the database the tests run on, for a worker started in another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(*args: str, log: Path | None = None, **env: str) -> subprocess.Popen:
    """Starts a worker with the extra command-line ``args`` (e.g. its own queue) and environment ``env``; its
    output goes to the file ``log`` when given (a pipe nobody reads would block a talkative worker)."""
    return subprocess.Popen(  # noqa: S603 - the project's own worker
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
            *args,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("ab") if log else subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    worker.wait(timeout=30)


def start_beat(*args: str, log: Path, **env: str) -> subprocess.Popen:
    """Starts beat (the database scheduler) with the extra ``args`` and environment ``env``, output to ``log``."""
    return subprocess.Popen(  # noqa: S603 - the project's own beat
        [sys.executable, "-m", "celery", "-A", "liaoyuan", "beat", "--loglevel", "INFO", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )


def tail(log: Path, chars: int = 3000) -> str:
    """Returns the end of a process's log (for a failing test's message)."""
    return log.read_text(errors="replace")[-chars:] if log.exists() else ""
