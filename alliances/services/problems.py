"""Writes about tracked problems: the residents' problems joint meetings committed to solve."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import scopes
from alliances.duties import PROBLEM_OVERDUE
from alliances.models import Alliance, Decision, ProblemUpdate, Responsible, TrackedProblem
from alliances.services.common import check_dates, check_units_in_sight, members_on
from liaoyuan.core.integrity import unique_errors
from notifications.services import duty_resolve
from organisations.models import PartyOrganisation
from units.models import MemberUnit

# The organisations of a street or community that answer for it as "the party organisation itself".
AREA_ORGANISATION_KINDS = (
    PartyOrganisation.Kind.STREET_COMMITTEE,
    PartyOrganisation.Kind.COMMUNITY_COMMITTEE,
    PartyOrganisation.Kind.COMMUNITY_GENERAL_BRANCH,
)

Status = TrackedProblem.Status

# The one table of allowed status changes: open → in progress → solved / cannot be solved. A problem
# found unsolvable may be taken up again when circumstances change; a solved one stays solved.
PROBLEM_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.IN_PROGRESS, Status.UNSOLVABLE}),
    Status.IN_PROGRESS: frozenset({Status.SOLVED, Status.UNSOLVABLE}),
    Status.SOLVED: frozenset(),
    Status.UNSOLVABLE: frozenset({Status.IN_PROGRESS}),
}
CLOSED_STATUSES = frozenset({Status.SOLVED, Status.UNSOLVABLE})


def allowed_transitions(problem: TrackedProblem) -> list[str]:
    """Returns the statuses the problem may move to, in the order of ``TrackedProblem.Status``."""
    allowed = PROBLEM_TRANSITIONS[problem.status]
    return [s for s in Status.values if s in allowed]


EXACTLY_ONE = gettext_lazy(
    "Name exactly one responsible party: a member unit, the street or community party organisation, or a department."
)


def party_organisation_of(alliance: Alliance) -> PartyOrganisation | None:
    """Returns the standing party organisation of the alliance's street or community (its working committee,
    committee or general branch), or None when there is none on record."""
    return (
        PartyOrganisation.objects.filter(
            node_id=alliance.node_id, kind__in=AREA_ORGANISATION_KINDS, ends_on__isnull=True
        )
        .order_by("pk")
        .first()
    )


def responsible_parties(
    *, alliance: Alliance, responsible: str, unit: MemberUnit | None, department: str
) -> dict[str, object]:
    """Returns the keyword arguments of ``problem_create``/``problem_update`` for the kind of party chosen in a
    form or request (``Responsible``): the unit, the alliance's own party organisation, or the department's
    name; with no kind, whichever of the unit and the department is given. Raises ``ValidationError`` when
    what the kind needs is missing, or when no kind is given and both or neither are."""
    department = department.strip()
    if not responsible:
        if unit is not None and department:
            raise ValidationError({"responsible": EXACTLY_ONE})
        responsible = Responsible.DEPARTMENT if department else Responsible.UNIT
    if responsible == Responsible.UNIT:
        if unit is None:
            raise ValidationError({"responsible_unit": _("Choose the responsible unit.")})
        return {"responsible_unit": unit, "responsible_organisation": None, "responsible_department": ""}
    if responsible == Responsible.PARTY_ORGANISATION:
        organisation = party_organisation_of(alliance)
        if organisation is None:
            raise ValidationError(
                {"responsible": _("%(area)s has no party organisation on record yet.") % {"area": alliance.node.name}}
            )
        return {"responsible_unit": None, "responsible_organisation": organisation, "responsible_department": ""}
    if responsible == Responsible.DEPARTMENT:
        if not department:
            raise ValidationError({"responsible_department": _("Name the responsible department.")})
        return {"responsible_unit": None, "responsible_organisation": None, "responsible_department": department}
    raise ValidationError({"responsible": _("Choose who is responsible.")})


def _check_responsible(
    *,
    user,
    alliance: Alliance,
    responsible_unit: MemberUnit | None,
    responsible_organisation: PartyOrganisation | None,
    responsible_department: str,
    today: datetime.date,
) -> None:
    """Exactly one responsible party: a current member unit, the alliance's own party organisation, or a named
    department that is not a member."""
    chosen = [responsible_unit is not None, responsible_organisation is not None, bool(responsible_department)]
    if sum(chosen) != 1:
        raise ValidationError({"responsible": EXACTLY_ONE})
    if responsible_unit is not None:
        check_units_in_sight(user=user, field="responsible_unit", units=[responsible_unit])
        if responsible_unit.pk not in members_on(alliance, today):
            raise ValidationError(
                {"responsible_unit": _("The responsible unit must be a current member of the alliance.")}
            )
    elif responsible_organisation is not None:
        if responsible_organisation != party_organisation_of(alliance):
            raise ValidationError(
                {"responsible": _("Only the alliance's own street or community party organisation can be responsible.")}
            )
    else:
        limit = TrackedProblem._meta.get_field("responsible_department").max_length
        if len(responsible_department) > limit:
            raise ValidationError(
                {
                    "responsible_department": _("A department's name has at most %(limit)d characters.")
                    % {"limit": limit}
                }
            )
        member = (
            MemberUnit.objects.filter(pk__in=members_on(alliance, today), name=responsible_department)
            .order_by("pk")
            .first()
        )
        if member is not None:
            raise ValidationError(
                {
                    "responsible_department": _(
                        "%(unit)s is a member of the alliance: choose it as the responsible unit."
                    )
                    % {"unit": member.name}
                }
            )


def _check_fields(*, user, alliance: Alliance, title: str, category: str, deadline, today, **responsible):
    _check_responsible(user=user, alliance=alliance, today=today, **responsible)
    check_dates(deadline=deadline)
    if not title.strip():
        raise ValidationError({"title": _("Say what the problem is.")})
    if category not in TrackedProblem.Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})


def problem_create(
    *,
    user,
    alliance: Alliance,
    title: str,
    category: str,
    deadline: datetime.date,
    responsible_unit: MemberUnit | None = None,
    responsible_organisation: PartyOrganisation | None = None,
    responsible_department: str = "",
    description: str = "",
    decision: Decision | None = None,
) -> TrackedProblem:
    """Starts tracking a residents' problem (usually from a meeting's decision) and returns it.

    The alliance's managers may do so, and the host of the meeting whose decision it is. A decision becomes
    one problem: raises ``ValidationError`` on ``decision`` when it already did (checked with the decision
    locked, so two concurrent requests make one problem). Exactly one party answers for it: a current member
    unit, the alliance's own party organisation (``party_organisation_of``) or a department that is not a member.
    """
    responsible_department = responsible_department.strip()
    if decision is not None:
        if decision.meeting.alliance_id != alliance.pk:
            raise ValidationError({"decision": _("This decision was taken by another alliance.")})
        allowed = scopes.can_change(user, decision.meeting)
    else:
        allowed = scopes.can_change(user, alliance)
    if not allowed:
        raise PermissionDenied
    today = timezone.localdate()
    _check_fields(
        user=user,
        alliance=alliance,
        title=title,
        category=category,
        deadline=deadline,
        today=today,
        responsible_unit=responsible_unit,
        responsible_organisation=responsible_organisation,
        responsible_department=responsible_department,
    )
    tracked = {"decision": _("This decision is already tracked as a problem.")}
    with transaction.atomic():
        if decision is not None:
            Decision.objects.select_for_update().filter(pk=decision.pk).exists()
            if TrackedProblem.objects.filter(decision=decision).exists():
                raise ValidationError(tracked)
        with unique_errors(TrackedProblem, {"alliances_problem_one_per_decision": tracked}):
            return TrackedProblem.objects.create(
                alliance=alliance,
                decision=decision,
                title=title.strip(),
                description=description.strip(),
                category=category,
                responsible_unit=responsible_unit,
                responsible_organisation=responsible_organisation,
                responsible_department=responsible_department,
                deadline=deadline,
            )


def can_edit_problem(user, problem: TrackedProblem) -> bool:
    """Whether the user may change what the problem is, who answers for it and its deadline (the
    alliance's managers); whoever is responsible only reports progress."""
    return scopes.can_change(user, problem.alliance)


PROBLEM_EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "responsible_unit",
    "responsible_organisation",
    "responsible_department",
    "deadline",
)


def problem_values(problem: TrackedProblem) -> dict:
    """Returns the problem's current values as the keyword arguments of ``problem_update`` (for partial
    updates)."""
    return {field: getattr(problem, field) for field in PROBLEM_EDITABLE_FIELDS}


def problem_update(
    *,
    user,
    problem: TrackedProblem,
    title: str,
    category: str,
    deadline: datetime.date,
    responsible_unit: MemberUnit | None = None,
    responsible_organisation: PartyOrganisation | None = None,
    responsible_department: str = "",
    description: str = "",
) -> TrackedProblem:
    """Changes the problem's description, who is responsible (exactly one party, as ``problem_create``) and its
    deadline, and returns it."""
    if not can_edit_problem(user, problem):
        raise PermissionDenied
    today = timezone.localdate()
    responsible = {
        "responsible_unit": responsible_unit,
        "responsible_organisation": responsible_organisation,
        "responsible_department": responsible_department.strip(),
    }
    unchanged = all(getattr(problem, field) == value for field, value in responsible.items())
    if deadline != problem.deadline or not unchanged:
        _check_fields(
            user=user,
            alliance=problem.alliance,
            title=title,
            category=category,
            deadline=deadline,
            today=today,
            **responsible,
        )
    elif not title.strip():
        raise ValidationError({"title": _("Say what the problem is.")})
    problem.title, problem.description, problem.category = title.strip(), description.strip(), category
    for field, value in responsible.items():
        setattr(problem, field, value)
    problem.deadline = deadline
    problem.full_clean(
        exclude=["alliance", "decision", "responsible_unit", "responsible_organisation", "status_changed_by"]
    )
    problem.save()
    return problem


def problem_progress(
    *, user, problem: TrackedProblem, note: str = "", status: str = "", resolution: str = ""
) -> ProblemUpdate:
    """Adds a progress note to the problem, changing its status when ``status`` differs from the current
    one, and returns the note (who and when are recorded on it and, for a status change, on the problem).

    Raises ``ValidationError`` when the change is not in ``PROBLEM_TRANSITIONS``, when "solved" has no
    resolution note or "cannot be solved" no reason, or when there is nothing to record.
    """
    if not scopes.can_change(user, problem):
        raise PermissionDenied
    note, resolution = note.strip(), resolution.strip()
    changing = bool(status) and status != problem.status
    if not changing and not note:
        raise ValidationError({"note": _("Write what was done.")})
    with transaction.atomic():
        problem = TrackedProblem.objects.select_for_update().get(pk=problem.pk)
        previous = problem.status
        if changing:
            if status not in Status.values or status not in PROBLEM_TRANSITIONS[previous]:
                allowed = "、".join(str(Status(s).label) for s in allowed_transitions(problem)) or _("none")
                raise ValidationError(
                    {
                        "status": _("A problem that is “%(from)s” cannot be marked “%(to)s” (allowed: %(allowed)s).")
                        % {
                            "from": Status(previous).label,
                            "to": Status(status).label if status in Status.values else status,
                            "allowed": allowed,
                        }
                    }
                )
            if status == Status.SOLVED and not resolution:
                raise ValidationError({"resolution": _("A problem cannot be marked solved without a resolution note.")})
            if status == Status.UNSOLVABLE and not resolution:
                raise ValidationError({"resolution": _("Give the reason why the problem cannot be solved.")})
            problem.status = status
            problem.status_changed_at = timezone.now()
            problem.status_changed_by = user
            if status in CLOSED_STATUSES:
                problem.resolution, problem.closed_on = resolution, timezone.localdate()
                duty_resolve(kind=PROBLEM_OVERDUE.key, target=problem)
            else:
                problem.resolution, problem.closed_on = "", None
            problem.save(
                update_fields=[
                    "status",
                    "status_changed_at",
                    "status_changed_by",
                    "resolution",
                    "closed_on",
                    "updated_at",
                ]
            )
        return ProblemUpdate.objects.create(
            problem=problem,
            author=user,
            note=note or resolution,
            status_from=previous if changing else "",
            status_to=status if changing else "",
        )
