"""Pages of the import engine (mounted at /imports/, namespace imports): the upload form with the template
to download, the check with every problem or the preview to confirm, and the progress of a large run."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from liaoyuan.core import imports as engine
from liaoyuan.core.exports import XLSX_CONTENT_TYPE
from liaoyuan.core.imports import runs


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=_("workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


def _importer(request, key: str) -> engine.Importer:
    importer = engine.get(key)
    if importer is None:
        raise Http404
    if not importer.allowed(request.user):
        raise PermissionDenied
    return importer


@login_required
def upload(request, key: str):
    """GET: the form and the template; POST: keeps and checks the workbook, then shows its run."""
    importer = _importer(request, key)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token, _report = runs.start(user=request.user, importer=importer, upload=form.cleaned_data["workbook"])
        return redirect("imports:run", token=token)
    return render(
        request, "imports/upload.html", {"importer": importer, "form": form}, status=400 if form.errors else 200
    )


@login_required
def template(request, key: str):
    importer = _importer(request, key)
    response = HttpResponse(engine.template(importer), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{importer.key}-template.xlsx"'
    return response


def _run_context(request, token: str) -> dict:
    current = runs.state(user=request.user, token=token)
    if current is None:
        raise Http404
    importer = engine.get(current["key"])
    total = current["total"] or 0
    percent = 100 if current["status"] == "done" else (min(99, current["done"] * 100 // total) if total else 0)
    return {"run": current, "token": token, "importer": importer, "report": current["report"], "percent": percent}


@login_required
def run(request, token: str):
    """The check's result (every problem, or what will be created and updated), the progress, or the outcome."""
    return render(request, "imports/run.html", _run_context(request, token))


@login_required
@require_POST
def confirm(request, token: str):
    if runs.state(user=request.user, token=token) is None:
        raise Http404
    runs.confirm(user=request.user, token=token)
    return redirect("imports:run", token=token)


@login_required
def progress(request, token: str):
    return render(request, "imports/progress.html", _run_context(request, token))
