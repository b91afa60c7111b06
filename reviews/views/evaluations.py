"""Pages of the annual evaluation: prepare (items, representatives), open for rating, rate on a phone, publish
the result with stars and awards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import scopes
from grids.models import Node
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.paging import page_of
from people.models import Person
from reviews.forms import EvaluationForm, ItemForm, PublishForm, RatingForm, RepresentativeForm
from reviews.models import EVALUATION_WRITE_ROLES, Evaluation
from reviews.selectors import records as selectors
from reviews.services import evaluations as services
from reviews.services.records import STREET_KINDS
from units.models import MemberUnit

MAX_CANDIDATES = 200  # people with an account in the street; the list a street secretary picks from


def street_choices(user):
    """Returns the streets whose evaluation the user prepares (the street secretary and staff)."""
    scope = scopes.scope_of(user)
    streets = Node.objects.filter(kind__in=STREET_KINDS).order_by("path")
    if scope.is_superuser:
        return streets
    paths = scope.write_paths(EVALUATION_WRITE_ROLES)
    return streets.filter(path__in=paths) if paths else streets.none()


def units_of(evaluation: Evaluation):
    """Returns the member units stationed in the evaluation's street."""
    return MemberUnit.objects.filter(location__path__startswith=evaluation.node.path, is_active=True).order_by("name")


@login_required
def evaluation_list(request):
    page = page_of(request, selectors.evaluation_list(user=request.user), 50)
    return render(
        request,
        "reviews/evaluation_list.html",
        {"page": page, "can_create": street_choices(request.user).exists()},
    )


@login_required
def evaluation_create(request):
    streets = street_choices(request.user)
    if not streets.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("node", "").isdigit():
        initial["node"] = request.GET["node"]
    if request.GET.get("year", "").isdigit():
        initial["year"] = request.GET["year"]
    form = EvaluationForm(request.POST or None, nodes=streets, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The annual evaluation was started: add the items to rate."))
            return redirect(evaluation)
    return render(request, "reviews/evaluation_form.html", {"form": form})


def _evaluation(request, pk: int) -> Evaluation:
    return scopes.visible_or_404(request.user, Evaluation.objects.select_related("node"), pk=pk)


def _render_detail(request, evaluation: Evaluation, *, item_form=None, rep_form=None, publish_form=None, status=200):
    page = selectors.evaluation_page(user=request.user, evaluation=evaluation)
    context = {"page": page, "evaluation": evaluation}
    if page.can_manage and evaluation.status == Evaluation.Status.DRAFT:
        context["item_form"] = item_form or ItemForm(units=units_of(evaluation), street_allowed=True)
        context["rep_form"] = rep_form or RepresentativeForm(
            people=_representative_people(request.user, evaluation), units=units_of(evaluation)
        )
    elif evaluation.status == Evaluation.Status.DRAFT:
        own_units = units_of(evaluation).filter(pk__in=scopes.scope_of(request.user).unit_ids)
        if own_units.exists():
            context["item_form"] = item_form or ItemForm(units=own_units, street_allowed=False)
    if page.can_manage and evaluation.status == Evaluation.Status.RATING:
        context["publish_form"] = publish_form or PublishForm(units=units_of(evaluation))
    return render(request, "reviews/evaluation_detail.html", context, status=status)


def _representative_people(user, evaluation: Evaluation):
    """People who may be invited: those in sight with an account (they rate signed in), living or working in
    the street."""
    people = scopes.visible(user, Person.objects.filter(account__isnull=False))
    in_street = people.filter(
        Q(node__path__startswith=evaluation.node.path) | Q(work_unit__location__path__startswith=evaluation.node.path)
    )
    first = in_street.order_by("name", "pk").values_list("pk", flat=True)[:MAX_CANDIDATES]
    return Person.objects.filter(pk__in=list(first)).order_by("name", "pk")


@login_required
def evaluation_detail(request, pk: int):
    return _render_detail(request, _evaluation(request, pk))


@login_required
@require_POST
def item_add(request, pk: int):
    evaluation = _evaluation(request, pk)
    manage = services.can_manage(request.user, evaluation)
    units = units_of(evaluation)
    if not manage:
        units = units.filter(pk__in=scopes.scope_of(request.user).unit_ids)
        if not units.exists():  # neither the street nor one of its member units
            raise PermissionDenied
    form = ItemForm(request.POST, units=units, street_allowed=manage)
    if form.is_valid():
        try:
            services.item_add(user=request.user, evaluation=evaluation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The item was added."))
            return redirect(evaluation)
    return _render_detail(request, evaluation, item_form=form, status=400)


@login_required
@require_POST
def representative_add(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not services.can_manage(request.user, evaluation):
        raise PermissionDenied
    form = RepresentativeForm(
        request.POST, people=_representative_people(request.user, evaluation), units=units_of(evaluation)
    )
    if form.is_valid():
        try:
            services.representative_add(user=request.user, evaluation=evaluation, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The representative was invited."))
            return redirect(evaluation)
    return _render_detail(request, evaluation, rep_form=form, status=400)


@login_required
@require_POST
def evaluation_open(request, pk: int):
    evaluation = _evaluation(request, pk)
    try:
        services.evaluation_open(user=request.user, evaluation=evaluation)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Rating is open; the representatives were told."))
    return redirect(evaluation)


@login_required
def evaluation_rate(request, pk: int):
    """A representative rates each item (1–5 stars and a comment); made for a phone."""
    evaluation = _evaluation(request, pk)
    representative = services.representative_of(request.user, evaluation)
    if representative is None:
        raise PermissionDenied
    page = selectors.evaluation_page(user=request.user, evaluation=evaluation)
    items = [r.item for r in page.items]
    mine = {r.item.pk: r.mine for r in page.items if r.mine}
    form = RatingForm(request.POST or None, items=items, mine=mine)
    if request.method == "POST" and form.is_valid():
        ratings = [services.RatingInput(item=i, score=s, comment=c) for i, s, c in form.ratings()]
        try:
            services.ratings_submit(user=request.user, evaluation=evaluation, ratings=ratings)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thank you: your ratings were saved."))
            return redirect(evaluation)
    return render(request, "reviews/evaluation_rate.html", {"form": form, "evaluation": evaluation, "page": page})


@login_required
@require_POST
def evaluation_publish(request, pk: int):
    evaluation = _evaluation(request, pk)
    if not services.can_manage(request.user, evaluation):
        raise PermissionDenied
    form = PublishForm(request.POST, units=units_of(evaluation))
    if form.is_valid():
        awards = [services.AwardInput(kind=k, unit=u, citation=c) for k, u, c in form.awards()]
        try:
            services.evaluation_publish(user=request.user, evaluation=evaluation, awards=awards)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The result was published."))
            return redirect(evaluation)
    return _render_detail(request, evaluation, publish_form=form, status=400)
