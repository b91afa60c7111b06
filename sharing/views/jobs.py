"""Job postings and referrals: the postings directory, publishing and changing a posting, the community's
referrals and their outcomes; training sessions and their attendance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import scopes
from exports.views import export_list
from liaoyuan.core.forms import add_service_errors
from sharing import exports, filters
from sharing.forms import AttendanceForm, JobPostingForm, OutcomeForm, ReferralForm, TrainingForm
from sharing.models import JobPosting, JobReferral, Training
from sharing.selectors import jobs as selectors
from sharing.services import jobs as services
from sharing.services import trainings as training_services
from units.models import MemberUnit

PAGE_SIZE = 50
REFERRALS_SHOWN = 100


def _errors_text(exc: ValidationError) -> str:
    return " ".join(e for errors in exc.message_dict.values() for e in errors)


# ---- job postings -----------------------------------------------------------------------------------------


@login_required
def posting_list(request):
    filterset = filters.JobPostingFilter(
        request.GET or None, queryset=selectors.postings(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_referral_counts(page.object_list)
    may_publish = scopes.editable(request.user, MemberUnit.objects.all()).exists()
    return render(request, "sharing/job_list.html", {"filter": filterset, "page": page, "may_publish": may_publish})


@login_required
def posting_export(request, fmt: str):
    return export_list(request, exports.JOB_POSTINGS, fmt, back="sharing:jobs")


def _posting_or_404(user, pk: int) -> selectors.PostingAccess:
    """Returns the user's access to the posting (each permission asked once per request); 404 when unseen."""
    posting = get_object_or_404(JobPosting.objects.select_related("unit", "community"), pk=pk)
    access = selectors.PostingAccess(user, posting)
    if not access.may_see:
        raise Http404
    return access


def _render_posting(request, access: selectors.PostingAccess, *, form=None, status: int = 200):
    posting, may_refer = access.posting, access.may_refer
    referrals = (
        selectors.referrals(user=request.user).filter(posting=posting)[:REFERRALS_SHOWN]
        if access.may_see_referrals
        else []
    )
    context = {
        "posting": posting,
        "may_change": access.may_change,
        "may_refer": may_refer,
        "referrals": referrals,
        "form": form or (ReferralForm(user=request.user) if may_refer else None),
        "outcome_form": OutcomeForm(),
    }
    return render(request, "sharing/job_detail.html", context, status=status)


@login_required
def posting_detail(request, pk: int):
    return _render_posting(request, _posting_or_404(request.user, pk))


def _posting_form_page(request, form, posting=None, status=200):
    return render(request, "sharing/job_form.html", {"form": form, "posting": posting}, status=status)


@login_required
def posting_add(request):
    if not scopes.editable(request.user, MemberUnit.objects.all()).exists():
        raise PermissionDenied
    form = JobPostingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            posting = services.posting_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The job posting is published."))
            return redirect("sharing:job", pk=posting.pk)
    return _posting_form_page(request, form, status=400 if request.method == "POST" else 200)


@login_required
def posting_edit(request, pk: int):
    access = _posting_or_404(request.user, pk)
    if not access.may_change:
        raise PermissionDenied
    posting = access.posting
    form = JobPostingForm(request.POST or None, instance=posting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.posting_update(user=request.user, posting=posting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The job posting is saved."))
            return redirect("sharing:job", pk=posting.pk)
    return _posting_form_page(request, form, posting, status=400 if request.method == "POST" else 200)


@login_required
def posting_refer(request, pk: int):
    """The community refers a resident to the posting."""
    access = _posting_or_404(request.user, pk)
    if request.method != "POST":
        return _render_posting(request, access)
    if not access.may_refer:
        raise PermissionDenied
    posting = access.posting
    form = ReferralForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.referral_create(user=request.user, posting=posting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral is recorded."))
            return redirect("sharing:job", pk=posting.pk)
    return _render_posting(request, access, form=form, status=400)


@login_required
@require_POST
def referral_outcome(request, pk: int):
    referral = scopes.visible_or_404(request.user, JobReferral.objects.select_related("posting"), pk=pk)
    if not services.may_refer(request.user, referral.posting):
        raise PermissionDenied
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.referral_outcome(user=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _errors_text(exc))
        else:
            messages.success(request, _("The outcome is recorded."))
    else:
        messages.error(request, _("Choose an outcome."))
    return redirect("sharing:job", pk=referral.posting_id)


@login_required
def referral_list(request):
    filterset = filters.ReferralFilter(
        request.GET or None, queryset=selectors.referrals(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sharing/referral_list.html", {"filter": filterset, "page": page})


@login_required
def referral_export(request, fmt: str):
    return export_list(request, exports.REFERRALS, fmt, back="sharing:referrals")


# ---- training sessions ------------------------------------------------------------------------------------


@login_required
def training_list(request):
    filterset = filters.TrainingFilter(
        request.GET or None, queryset=selectors.trainings(user=request.user), request=request, area_choices=True
    )
    filterset.is_valid()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.attach_attendance_counts(page.object_list)
    may_add = selectors.training_nodes(user=request.user).exists()
    return render(request, "sharing/training_list.html", {"filter": filterset, "page": page, "may_add": may_add})


@login_required
def training_export(request, fmt: str):
    return export_list(request, exports.TRAININGS, fmt, back="sharing:trainings")


def _render_training(request, training: Training, *, form=None, status: int = 200):
    may_change = scopes.can_change(request.user, training)
    page = Paginator(selectors.attendance(training), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "training": training,
        "page": page,
        "may_change": may_change,
        "form": form or (AttendanceForm(user=request.user) if may_change else None),
    }
    return render(request, "sharing/training_detail.html", context, status=status)


@login_required
def training_detail(request, pk: int):
    training = scopes.visible_or_404(request.user, Training.objects.select_related("node"), pk=pk)
    return _render_training(request, training)


@login_required
def training_add(request):
    if not selectors.training_nodes(user=request.user).exists():
        raise PermissionDenied
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training = training_services.training_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training session is recorded."))
            return redirect("sharing:training", pk=training.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "sharing/training_form.html", {"form": form}, status=status)


@login_required
def training_edit(request, pk: int):
    training = scopes.editable_or_404(request.user, Training.objects.select_related("node"), pk=pk)
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            training_services.training_update(user=request.user, training=training, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training session is saved."))
            return redirect("sharing:training", pk=training.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "sharing/training_form.html", {"form": form, "training": training}, status=status)


@login_required
def training_attendance(request, pk: int):
    """Puts people on the session's list (attended, or registered and absent)."""
    training = scopes.editable_or_404(request.user, Training.objects.select_related("node"), pk=pk)
    if request.method != "POST":
        return _render_training(request, training)
    form = AttendanceForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            count = training_services.attendance_set(user=request.user, training=training, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext("%(count)d person is on the list.", "%(count)d people are on the list.", count)
                % {"count": count},
            )
            return redirect("sharing:training", pk=training.pk)
    return _render_training(request, training, form=form, status=400)
