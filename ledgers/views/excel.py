"""The ledgers' Excel page: each list to download as a printable workbook (or CSV) with the list filters,
through the export engine, and the lists that can be imported from a workbook, through the import engine."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from exports.views import respond
from ledgers import imports
from ledgers.services import exports as services
from liaoyuan.core import exports as engine


def _page(request, filtersets: dict, *, status: int = 200):
    sections = [(dataset, filtersets.get(key)) for key, dataset in services.DATASETS.items()]
    context = {
        "sections": sections,
        "async_rows": settings.EXPORT_ASYNC_ROWS,
        "importers": [
            importer
            for importer in (imports.NEEDS, imports.RESOURCES, imports.SECRETARY_PROJECTS)
            if importer.allowed(request.user)
        ],
    }
    return render(request, "ledgers/excel.html", context, status=status)


@login_required
def excel(request):
    return _page(
        request, {key: engine.filterset_for(dataset, request=request) for key, dataset in services.DATASETS.items()}
    )


@login_required
def export_download(request, dataset: str, fmt: str):
    """Downloads ``dataset`` as ``fmt`` (xlsx, csv) with the list filters of the query string (large ones in the
    background); bad filters re-show the page with the errors (400)."""
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
