"""Background exports: thin, idempotent wrappers of ``exports.services``."""

from celery import shared_task

from exports import services
from liaoyuan.core.tasks import ReliableTask


@shared_task(name="exports.tasks.run_export", base=ReliableTask)
def run_export(job_id: int) -> bool:
    """Writes the export file of job ``job_id`` (nothing when it is done already)."""
    return services.export_run(job_id=job_id)


@shared_task(name="exports.tasks.cleanup", base=ReliableTask)
def cleanup() -> int:
    """Hourly: removes expired exports and their files. Returns how many."""
    return services.export_cleanup()
