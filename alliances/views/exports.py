"""Exports of meetings, attendance, problems and activities (.xlsx and CSV), scoped and filtered as the lists."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from alliances.services import exports as services


def _filterset(request, dataset: services.Dataset, data=None):
    """Returns the dataset's FilterSet on the rows the user may export, bound to ``data`` when given."""
    return dataset.filterset_class(
        data, queryset=dataset.queryset(user=request.user), request=request, area_choices=True
    )


def _page(request, filtersets: dict, *, status: int = 200):
    sections = [(dataset, filtersets.get(key)) for key, dataset in services.DATASETS.items()]
    return render(request, "alliances/exports.html", {"sections": sections}, status=status)


@login_required
def export_index(request):
    """One card per dataset, each with its filters and a download button per format."""
    return _page(request, {key: _filterset(request, dataset) for key, dataset in services.DATASETS.items()})


@login_required
def export_download(request, dataset: str, fmt: str):
    """Downloads ``dataset`` (meetings, attendance, problems, activities) as ``fmt`` (xlsx, csv), with the
    list filters from the query string. Bad filters re-show the page with the errors (400)."""
    spec = services.DATASETS.get(dataset)
    if spec is None or fmt not in services.FORMATS:
        raise Http404
    filterset = _filterset(request, spec, request.GET)
    if not filterset.is_valid():
        blank = {key: _filterset(request, other) for key, other in services.DATASETS.items() if key != dataset}
        return _page(request, {**blank, dataset: filterset}, status=400)
    rows = services.export_rows(spec, filterset.qs)
    filename = services.export_filename(spec, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(services.csv_chunks(spec, rows), content_type=services.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(services.xlsx_bytes(spec, rows), content_type=services.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
