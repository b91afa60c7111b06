"""Exports for every app: answer a small one in the request, hand a large one to a background job, and show
the job's progress and file to its owner (and to nobody else)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from exports import services
from exports.models import ExportJob
from liaoyuan.core import exports as engine
from liaoyuan.core.files import protected_file_response


def respond(request, dataset: engine.Dataset, fmt: str, filterset) -> HttpResponse:
    """Returns the export of ``filterset.qs`` (a valid FilterSet of ``dataset``) as ``fmt``: the file itself
    when it has at most ``EXPORT_ASYNC_ROWS`` rows, else a redirect to the page of a background job."""
    qs = filterset.qs
    if qs.count() > settings.EXPORT_ASYNC_ROWS:
        job = services.export_start(user=request.user, dataset=dataset, fmt=fmt, params=request.GET)
        return redirect("exports:job", pk=job.pk)
    rows = engine.export_rows(dataset, qs)
    if fmt == "csv":
        response = StreamingHttpResponse(engine.csv_chunks(dataset, rows), content_type=engine.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(engine.xlsx_bytes(dataset, rows), content_type=engine.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{engine.export_filename(dataset, fmt)}"'
    return response


def export_list(request, dataset: engine.Dataset, fmt: str, *, back: str) -> HttpResponse:
    """A list page's "export" link: ``dataset`` with the list's filters (the query string) as ``fmt``; bad
    filters send the user back to the list (``back``, a URL name) with a message, an unknown format is 404."""
    if fmt not in engine.FORMATS:
        raise Http404
    filterset = engine.filterset_for(dataset, request=request, data=request.GET)
    if not filterset.is_valid():
        messages.error(request, _("Check the filters."))
        return redirect(back)
    return respond(request, dataset, fmt, filterset)


def _own_job(request, pk: int) -> ExportJob:
    """Returns the job when the user asked for it; 404 for anyone else's."""
    return get_object_or_404(ExportJob, pk=pk, owner=request.user)


def _context(job: ExportJob) -> dict:
    dataset = engine.get(job.dataset)
    return {"job": job, "title": dataset.title if dataset else job.dataset}


@login_required
def job_page(request, pk: int):
    return render(request, "exports/job.html", _context(_own_job(request, pk)))


@login_required
def job_progress(request, pk: int):
    """The progress bar alone (htmx polls it every second until the file is ready or the job failed)."""
    return render(request, "exports/progress.html", _context(_own_job(request, pk)))


@login_required
def job_file(request, pk: int):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE:
        raise Http404
    name = f"{job.dataset}-{timezone.localdate(job.created_at).isoformat()}"
    return protected_file_response(job.file, download_name=name, as_attachment=True)
