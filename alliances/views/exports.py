"""Exports of meetings, attendance, problems and activities (.xlsx and CSV), scoped and filtered as the lists,
through the export engine (``liaoyuan.core.exports``; large ones run in the background, ``exports``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from alliances.services import exports as services
from exports.views import respond
from liaoyuan.core import exports as engine


def _page(request, filtersets: dict, *, status: int = 200):
    sections = [(dataset, filtersets.get(key)) for key, dataset in services.DATASETS.items()]
    context = {"sections": sections, "async_rows": settings.EXPORT_ASYNC_ROWS}
    return render(request, "alliances/exports.html", context, status=status)


@login_required
def export_index(request):
    """One card per dataset, each with its filters and a download button per format."""
    return _page(
        request, {key: engine.filterset_for(dataset, request=request) for key, dataset in services.DATASETS.items()}
    )


@login_required
def export_download(request, dataset: str, fmt: str):
    """Downloads ``dataset`` (meetings, attendance, problems, activities) as ``fmt`` (xlsx, csv), with the
    list filters from the query string: the file itself, or, when large, the page of a background export. Bad
    filters re-show the page with the errors (400)."""
    spec = services.DATASETS.get(dataset)
    if spec is None or fmt not in engine.FORMATS:
        raise Http404
    filterset = engine.filterset_for(spec, request=request, data=request.GET)
    if not filterset.is_valid():
        blank = {
            key: engine.filterset_for(other, request=request)
            for key, other in services.DATASETS.items()
            if key != dataset
        }
        return _page(request, {**blank, dataset: filterset}, status=400)
    return respond(request, spec, fmt, filterset)
