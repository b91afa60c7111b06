"""Starting, running and removing background exports (``ExportJob``); the engine is ``liaoyuan.core.exports``."""

from __future__ import annotations

import datetime
import logging
import tempfile
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from exports.models import ExportJob
from liaoyuan.core import exports as engine

PROGRESS_EVERY = 500  # rows between two progress updates

logger = logging.getLogger(__name__)


def export_start(*, user, dataset: engine.Dataset, fmt: str, params: QueryDict) -> ExportJob:
    """Records an export of ``dataset`` as ``fmt`` with the list filters ``params`` for ``user`` and enqueues
    it once committed; returns the job, whose page shows its progress."""
    job = ExportJob.objects.create(
        owner=user, dataset=dataset.key, fmt=fmt, params={key: params.getlist(key) for key in params}
    )
    from exports.tasks import run_export  # tasks wrap services: imported when needed

    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def _counted(rows: Iterable[list[Any]], job_id: int) -> Iterator[list[Any]]:
    written = 0
    for row in rows:
        yield row
        written += 1
        if written % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job_id).update(written=written)
    ExportJob.objects.filter(pk=job_id).update(written=written)


def export_run(*, job_id: int) -> bool:
    """Writes the job's file, unless it is done or failed already (safe to run twice: a redelivered task
    writes the file again from the start). Returns whether it wrote it."""
    claimed = ExportJob.objects.filter(
        pk=job_id, status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
    ).update(status=ExportJob.Status.RUNNING, written=0)
    if not claimed:
        return False
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    dataset = engine.get(job.dataset)
    try:
        if dataset is None or job.fmt not in engine.FORMATS:
            raise ValueError(f"unknown export {job.dataset}.{job.fmt}")
        data = QueryDict(mutable=True)
        for key, values in job.params.items():
            data.setlist(key, values)
        # the owner's scope, as when they asked: the FilterSet reads the user from the request
        request = SimpleNamespace(user=job.owner, GET=data)
        filterset = engine.filterset_for(dataset, request=request, data=data)
        if not filterset.is_valid():
            raise ValueError(f"filters no longer valid: {filterset.errors.as_json()}")
        qs = filterset.qs
        ExportJob.objects.filter(pk=job_id).update(total=qs.count())
        with tempfile.TemporaryFile() as tmp:
            engine.write_file(dataset, _counted(engine.export_rows(dataset, qs), job_id), job.fmt, tmp)
            tmp.seek(0)
            job.refresh_from_db()
            if job.file:
                job.file.delete(save=False)
            job.file.save(f"export.{job.fmt}", File(tmp), save=False)
        job.status, job.finished_at = ExportJob.Status.DONE, timezone.now()
        job.save(update_fields=["file", "status", "finished_at"])
    except Exception:
        logger.exception("export %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJob.Status.FAILED, finished_at=timezone.now())
        return False
    return True


def export_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Removes the jobs (and files) requested more than ``EXPORT_KEEP_HOURS`` ago; returns how many."""
    limit = (now or timezone.now()) - datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS)
    removed = 0
    for job in ExportJob.objects.filter(created_at__lt=limit).iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        removed += 1
    return removed
