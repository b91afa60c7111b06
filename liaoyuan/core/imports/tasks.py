"""Large imports, written in the background: a thin, idempotent wrapper of ``runs.execute``."""

from celery import shared_task

from liaoyuan.core.imports import runs
from liaoyuan.core.tasks import ReliableTask


@shared_task(name="liaoyuan.core.imports.tasks.run_import", base=ReliableTask)
def run_import(token: str) -> bool:
    """Writes the checked workbook of run ``token`` (nothing when it ran already)."""
    return runs.execute(token=token)
