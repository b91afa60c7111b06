"""A volunteer's own page (my reports, my claims, my shifts to come, my hours recorded and declared apart), the
printable certificate with its verification code, the public verification page, and the export of one's records
for the national volunteer system."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exports.views import respond
from liaoyuan.core import exports as engine
from liaoyuan.core import masking
from volunteers import selectors, services
from volunteers.certificates import certificate_pdf
from volunteers.exports import NATIONAL
from volunteers.forms import CheckInForm
from volunteers.models import Certificate, DualReport, ServiceRecord

RECENT = 20  # rows of each part of the volunteer's page


@login_required
def me(request):
    person = selectors.my_person(request.user)
    context = {"person": person}
    if person is not None:
        now = timezone.now()
        records = ServiceRecord.objects.filter(person=person)
        context.update(
            reports=DualReport.objects.filter(person=person).select_related("community", "grid")[:RECENT],
            upcoming=selectors.upcoming_claims_of(person.pk, since=now)[:RECENT],
            records=records.select_related("shift__post", "community").order_by("-served_on", "-pk")[:RECENT],
            totals=selectors.totals(records),
            certificates=Certificate.objects.filter(person=person)[:5],
            check_in_form=CheckInForm(),
            now=now,
        )
    return render(request, "volunteers/me.html", context)


@login_required
@require_POST
def certificate_create(request):
    person = selectors.my_person(request.user)
    if person is None:
        messages.error(request, _("This page is for volunteers signed in with their own account."))
        return redirect("volunteers:me")
    certificate = services.certificate_issue(user=request.user, person=person)
    return redirect("volunteers:certificate", code=certificate.code)


@login_required
def certificate_download(request, code: str):
    """The PDF of one of the user's own certificates."""
    certificate = Certificate.objects.select_related("person").filter(code=code, person_id=request.user.person_id)
    certificate = certificate.first() if request.user.person_id else None
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("volunteers:verified", args=[certificate.code]))
    response = HttpResponse(certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
def my_records_export(request):
    """My service records that count, as a CSV the national volunteer system imports (docs/volunteers.md)."""
    filterset = engine.filterset_for(NATIONAL, request=request, data=request.GET or None)
    filterset.is_valid()
    return respond(request, NATIONAL, "csv", filterset)


def verify(request):
    """Anyone holding a certificate checks it here by its code (no account needed)."""
    code = request.GET.get("code", "").strip().upper()
    if code:
        return redirect("volunteers:verified", code=code[:20])
    return render(request, "volunteers/verify.html", {})


def verified(request, code: str):
    """The facts a certificate states, with the name masked: enough to check the paper, nothing more."""
    certificate = Certificate.objects.select_related("person").filter(code=code.strip().upper()[:20]).first()
    facts = None
    if certificate is not None:
        facts = {
            "name": masking.mask_name(certificate.person.name),
            "issued_on": timezone.localdate(certificate.created_at),
            "certificate": certificate,
        }
    return render(request, "volunteers/verify.html", {"code": code, "facts": facts}, status=200 if facts else 404)
