"""Writes of the vanguard co-cultivation: dual reporting, posts and shifts, claims, check-in codes, service
records.

Claiming takes a place with a conditional ``UPDATE … SET claimed = claimed + 1 WHERE claimed < capacity``
inside the transaction that writes the claim: fifty people claiming the last ten places at once yield ten
claims and forty refusals, never an eleventh (``volunteers_shift_claimed_bounds`` is the backstop; the
unique constraint on active claims keeps a person to one place per shift).
"""

from __future__ import annotations

import datetime
import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Household, Node
from organisations.models import PartyOrganisation
from people.models import Person
from units.models import MemberUnit
from volunteers.models import (
    Certificate,
    Claim,
    DualReport,
    Eligibility,
    Post,
    PostCategory,
    RecordKind,
    RecordStatus,
    ReportKind,
    ReportStatus,
    ServiceRecord,
    Shift,
)
from volunteers.selectors import shifts_with_code, totals

POST_NODE_KINDS = frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY})
# Team kinds a post or record may name: temporary branches and the organisations a community or unit runs.
CHECK_IN_EARLY = datetime.timedelta(minutes=30)  # a volunteer may check in this long before the shift starts
CODE_GRACE = datetime.timedelta(hours=2)  # a code stays valid this long after the shift ends (for check-out)
MAX_SHIFTS = 60  # shifts made at once for a recurring post
ONE_HOUR = Decimal(3600)


# --- who may act ------------------------------------------------------------------------------------------


def _manages(user, node: Node) -> bool:
    return scopes.can_create_under(user, node)


def _acts_for(user, person: Person) -> bool:
    """Whether ``user`` may act for ``person``: the person themself, an admin of their work unit, or a
    manager of where they live."""
    scope = scopes.scope_of(user)
    if scope.is_superuser or (scope.person_id and scope.person_id == person.pk):
        return True
    if person.work_unit_id and person.work_unit_id in scope.unit_ids:
        return True
    return _manages(user, person.node)


def _community_of(node: Node) -> Node | None:
    """Returns the community at or above ``node`` (None above the community level)."""
    if node.kind == Node.Kind.COMMUNITY:
        return node
    return Node.objects.filter(kind=Node.Kind.COMMUNITY, path__in=_ancestor_paths(node)).first()


def _ancestor_paths(node: Node) -> list[str]:
    steplen = Node.steplen
    return [node.path[:i] for i in range(steplen, len(node.path) + 1, steplen)]


# --- dual reporting ---------------------------------------------------------------------------------------


def report_member(*, user, person: Person, community: Node, household: Household | None = None) -> DualReport:
    """Registers a party member with the community they live in (by themself or their unit's admin)."""
    if not _acts_for(user, person):
        raise PermissionDenied
    errors = {}
    if community.kind != Node.Kind.COMMUNITY:
        errors["community"] = _("Choose a community.")
    if person.party_status == Person.PartyStatus.NONE:
        errors["person"] = _("Only a party member reports to a community.")
    household = household or person.household
    if household is not None and not household.node.path.startswith(community.path):
        errors["household"] = _("The household is not in this community.")
    if errors:
        raise ValidationError(errors)
    grid = None
    if household is not None:
        grid = Node.objects.filter(kind=Node.Kind.GRID, path__in=_ancestor_paths(household.node)).first()
    try:
        with transaction.atomic():
            return DualReport.objects.create(
                kind=ReportKind.MEMBER,
                person=person,
                unit=person.work_unit,
                community=community,
                household=household,
                grid=grid,
                submitted_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            {"person": _("%(name)s has already reported to this community.") % {"name": person}}
        ) from None


def report_members(*, user, unit: MemberUnit, people: list[Person], community: Node) -> list[DualReport]:
    """A unit's admin registers several of its party members at once: all or none."""
    if unit.pk not in scopes.scope_of(user).unit_ids and not scopes.scope_of(user).is_superuser:
        raise PermissionDenied
    if not people:
        raise ValidationError({"people": _("Choose at least one party member.")})
    strangers = [p.name for p in people if p.work_unit_id != unit.pk]
    if strangers:
        raise ValidationError({"people": _("Not in service at this unit: %(names)s") % {"names": "、".join(strangers)}})
    with transaction.atomic():
        return [report_member(user=user, person=p, community=community) for p in people]


def report_organisation(*, user, organisation: PartyOrganisation) -> DualReport:
    """Registers a unit's party organisation with the community it stands in."""
    if organisation.unit_id is None:
        raise ValidationError({"organisation": _("Only a unit's party organisation reports to a community.")})
    scope = scopes.scope_of(user)
    if not (scope.is_superuser or organisation.unit_id in scope.unit_ids):
        raise PermissionDenied
    community = _community_of(organisation.node)
    if community is None:
        raise ValidationError({"organisation": _("The organisation stands above any community.")})
    try:
        with transaction.atomic():
            return DualReport.objects.create(
                kind=ReportKind.ORGANISATION,
                organisation=organisation,
                unit=organisation.unit,
                community=community,
                submitted_by=user,
            )
    except IntegrityError:
        raise ValidationError({"organisation": _("This organisation has already reported to the community.")}) from None


def report_decide(*, user, report: DualReport, approve: bool, reason: str = "") -> DualReport:
    """The community approves a waiting registration, or declines it with a reason."""
    if not _manages(user, report.community):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for declining.")})
    with transaction.atomic():
        report = DualReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.PENDING:
            raise ValidationError({"status": _("This registration has already been decided.")})
        report.status = ReportStatus.APPROVED if approve else ReportStatus.DECLINED
        report.reason = reason
        report.decided_by = user
        report.decided_at = timezone.now()
        report.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
        if approve and report.person_id and report.person.reported_on is None:
            Person.objects.filter(pk=report.person_id).update(reported_on=timezone.localdate())
    return report


# --- posts and shifts -------------------------------------------------------------------------------------


def post_create(
    *,
    user,
    node: Node,
    title: str,
    category: str,
    place: str,
    description: str = "",
    eligibility: str = Eligibility.PARTY_MEMBERS,
    is_emergency: bool = False,
    team: PartyOrganisation | None = None,
) -> Post:
    errors = {}
    if node.kind not in POST_NODE_KINDS:
        errors["node"] = _("Posts are published by a street, a town or a community.")
    if not (title or "").strip():
        errors["title"] = _("This field is required.")
    if not (place or "").strip():
        errors["place"] = _("This field is required.")
    if category not in PostCategory.values:
        errors["category"] = _("Choose a category.")
    if eligibility not in Eligibility.values:
        errors["eligibility"] = _("Choose who may claim.")
    if team is not None and not scopes.visible(user, PartyOrganisation.objects.filter(pk=team.pk)).exists():
        errors["team"] = _("No such team.")
    if errors:
        raise ValidationError(errors)
    if not _manages(user, node):
        raise PermissionDenied
    return Post.objects.create(
        node=node,
        title=title.strip(),
        category=category,
        place=place.strip(),
        description=description,
        eligibility=eligibility,
        is_emergency=is_emergency,
        team=team,
        created_by=user,
    )


def post_close(*, user, post: Post) -> Post:
    if not _manages(user, post.node):
        raise PermissionDenied
    Post.objects.filter(pk=post.pk).update(is_open=False)
    post.is_open = False
    return post


def shifts_add(
    *,
    user,
    post: Post,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    repeat_days: int = 0,
    count: int = 1,
) -> list[Shift]:
    """Adds a one-off shift, or ``count`` shifts repeating every ``repeat_days`` days."""
    if not _manages(user, post.node):
        raise PermissionDenied
    errors = {}
    if ends_at <= starts_at:
        errors["ends_at"] = _("A shift ends after it starts.")
    elif ends_at - starts_at > Shift.MAX_LENGTH:
        errors["ends_at"] = _("A shift lasts at most 24 hours.")
    if starts_at <= timezone.now():
        errors["starts_at"] = _("A shift starts in the future.")
    if not 1 <= capacity <= 10_000:
        errors["capacity"] = _("Give a number from 1 to 10,000.")
    if not 1 <= count <= MAX_SHIFTS:
        errors["count"] = _("Give a number from 1 to %(max)s.") % {"max": MAX_SHIFTS}
    elif count > 1 and not 1 <= repeat_days <= 31:
        errors["repeat_days"] = _("Repeat every 1 to 31 days.")
    if errors:
        raise ValidationError(errors)
    step = datetime.timedelta(days=repeat_days)
    return Shift.objects.bulk_create(
        Shift(post=post, starts_at=starts_at + i * step, ends_at=ends_at + i * step, capacity=capacity)
        for i in range(count)
    )


# --- claims -----------------------------------------------------------------------------------------------


def may_claim(person: Person, post: Post) -> bool:
    if post.eligibility == Eligibility.PARTY_MEMBERS:
        return person.party_status != Person.PartyStatus.NONE
    if post.eligibility == Eligibility.UNITS:
        return person.work_unit_id is not None
    return True


def claim(*, user, shift: Shift, person: Person) -> Claim:
    """Takes one place on ``shift`` for ``person``. Raises ``ValidationError`` (nothing written) when the
    shift is full, past or closed, or the person may not claim it or holds a place already."""
    if not _acts_for(user, person):
        raise PermissionDenied
    post = shift.post
    if not may_claim(person, post):
        raise ValidationError({"person": _("This post is open to: %(who)s.") % {"who": post.get_eligibility_display()}})
    if not Post.objects.filter(pk=post.pk, is_open=True).exists():
        raise ValidationError({"shift": _("This post is closed.")})
    now = timezone.now()
    try:
        with transaction.atomic():
            # one table, no join: PostgreSQL re-checks this WHERE on the row a concurrent claim just updated
            taken = Shift.objects.filter(pk=shift.pk, claimed__lt=F("capacity"), starts_at__gt=now).update(
                claimed=F("claimed") + 1
            )
            if not taken:
                raise ValidationError({"shift": _shift_refusal(shift.pk, now)})
            made = Claim.objects.create(shift=shift, person=person, unit=person.work_unit, claimed_by=user)
    except IntegrityError:
        raise ValidationError(
            {"person": _("%(name)s already holds a place on this shift.") % {"name": person}}
        ) from None
    return made


def _shift_refusal(shift_pk: int, now) -> str:
    shift = Shift.objects.select_related("post").get(pk=shift_pk)
    if not shift.post.is_open:
        return _("This post is closed.")
    if shift.starts_at <= now:
        return _("This shift has already started.")
    return _("This shift is full.")


def withdraw(*, user, claim: Claim) -> Claim:
    """Gives a place back, before the shift starts."""
    if not _acts_for(user, claim.person) and not _manages(user, claim.shift.post.node):
        raise PermissionDenied
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("shift").get(pk=claim.pk)
        if claim.status != Claim.Status.ACTIVE:
            raise ValidationError({"status": _("This claim has already been withdrawn.")})
        if claim.shift.starts_at <= timezone.now():
            raise ValidationError({"status": _("A claim can be withdrawn only before the shift starts.")})
        claim.status = Claim.Status.WITHDRAWN
        claim.withdrawn_at = timezone.now()
        claim.save(update_fields=["status", "withdrawn_at", "updated_at"])
        Shift.objects.filter(pk=claim.shift_id).update(claimed=F("claimed") - 1)
    return claim


# --- check-in codes and service records -------------------------------------------------------------------


def code_issue(*, user, shift: Shift) -> Shift:
    """Gives the shift a fresh 6-digit check-in code (the organiser shows it, or its QR code); it expires
    ``CODE_GRACE`` after the shift ends."""
    if not _manages(user, shift.post.node):
        raise PermissionDenied
    if shift.ends_at + CODE_GRACE <= timezone.now():
        raise ValidationError({"shift": _("This shift is over.")})
    shift.code = f"{secrets.randbelow(1_000_000):06d}"
    shift.code_expires_at = shift.ends_at + CODE_GRACE
    shift.save(update_fields=["code", "code_expires_at", "updated_at"])
    return shift


def _check_code(shift: Shift, code: str, now) -> None:
    if not shift.code or not secrets.compare_digest(shift.code, (code or "").strip()):
        raise ValidationError({"code": _("Wrong check-in code.")})
    if shift.code_expires_at is None or shift.code_expires_at <= now:
        raise ValidationError({"code": _("This check-in code has expired.")})


def _hours(start, end) -> Decimal:
    return (Decimal((end - start).total_seconds()) / ONE_HOUR).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def check_in(*, user, shift: Shift, person: Person, code: str) -> ServiceRecord:
    """Checks a person with an active claim in, with the organiser's code; the time is the system's."""
    if not _acts_for(user, person):
        raise PermissionDenied
    now = timezone.now()
    shift = Shift.objects.select_related("post__node", "post__team").get(pk=shift.pk)
    _check_code(shift, code, now)
    if now < shift.starts_at - CHECK_IN_EARLY:
        raise ValidationError({"code": _("Check-in opens 30 minutes before the shift starts.")})
    if now >= shift.ends_at:
        raise ValidationError({"code": _("This shift is over.")})
    held = Claim.objects.filter(shift=shift, person=person, status=Claim.Status.ACTIVE).first()
    if held is None:
        raise ValidationError({"shift": _("Claim a place on this shift first.")})
    community = _community_of(shift.post.node) or shift.post.node
    try:
        with transaction.atomic():
            return ServiceRecord.objects.create(
                kind=RecordKind.RECORDED,
                person=person,
                shift=shift,
                community=community,
                unit=held.unit,
                team=shift.post.team,
                served_on=timezone.localdate(now),
                checked_in_at=now,
                status=RecordStatus.APPROVED,
                entered_by=user,
            )
    except IntegrityError:
        raise ValidationError({"code": _("Already checked in.")}) from None


def check_out(*, user, shift: Shift, person: Person, code: str) -> ServiceRecord:
    """Checks a person out with the code; recorded hours are the time in, within the shift's hours."""
    if not _acts_for(user, person):
        raise PermissionDenied
    now = timezone.now()
    shift = Shift.objects.get(pk=shift.pk)
    _check_code(shift, code, now)
    with transaction.atomic():
        record = (
            ServiceRecord.objects.select_for_update()
            .filter(shift=shift, person=person, kind=RecordKind.RECORDED)
            .first()
        )
        if record is None:
            raise ValidationError({"code": _("Check in first.")})
        if record.checked_out_at is not None:
            raise ValidationError({"code": _("Already checked out.")})
        start = max(record.checked_in_at, shift.starts_at)
        end = min(now, shift.ends_at)
        record.checked_out_at = now
        record.hours = _hours(start, end) if end > start else Decimal("0")
        record.save(update_fields=["checked_out_at", "hours", "updated_at"])
    return record


def declare_hours(
    *,
    user,
    person: Person,
    hours: Decimal,
    shift: Shift | None = None,
    community: Node | None = None,
    served_on: datetime.date | None = None,
    note: str = "",
) -> ServiceRecord:
    """An organiser or the community enters hours afterwards; they count once approved."""
    hours = Decimal(str(hours))
    errors = {}
    if shift is not None:
        community = _community_of(shift.post.node) or shift.post.node
        served_on = timezone.localdate(shift.starts_at)
        if hours > Decimal(str(shift.hours)):
            errors["hours"] = _("More hours than the shift lasted (%(hours)s).") % {"hours": shift.hours}
    if community is None:
        errors["community"] = _("Choose a community or a shift.")
    if served_on is None:
        errors["served_on"] = _("This field is required.")
    elif served_on > timezone.localdate():
        errors["served_on"] = _("Hours are declared after the service.")
    if hours <= 0 or hours > 24:
        errors.setdefault("hours", _("Give hours from 0.5 to 24."))
    if errors:
        raise ValidationError(errors)
    if not _manages(user, community if shift is None else shift.post.node):
        raise PermissionDenied
    return ServiceRecord.objects.create(
        kind=RecordKind.DECLARED,
        person=person,
        shift=shift,
        community=community,
        unit=person.work_unit,
        team=shift.post.team if shift else None,
        served_on=served_on,
        hours=hours.quantize(Decimal("0.01")),
        status=RecordStatus.PENDING,
        note=note,
        entered_by=user,
    )


def declared_decide(*, user, record: ServiceRecord, approve: bool, reason: str = "") -> ServiceRecord:
    """The community approves declared hours (or declines them, with a reason)."""
    if not _manages(user, record.community):
        raise PermissionDenied
    if not approve and not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    with transaction.atomic():
        record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if record.kind != RecordKind.DECLARED or record.status != RecordStatus.PENDING:
            raise ValidationError({"status": _("These hours have already been decided.")})
        record.status = RecordStatus.APPROVED if approve else RecordStatus.DECLINED
        if not approve:
            record.note = reason.strip()[:200]
        record.decided_by = user
        record.decided_at = timezone.now()
        record.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    return record


# --- pages: who may, check-in by code, certificates -------------------------------------------------------


def may_manage_post(user, post: Post) -> bool:
    """Whether the user publishes shifts, shows codes and enters hours for ``post`` (its street's or
    community's managers)."""
    return _manages(user, post.node)


def may_withdraw(user, claim: Claim) -> bool:
    return _acts_for(user, claim.person) or _manages(user, claim.shift.post.node)


def may_act_for(user, person: Person) -> bool:
    return _acts_for(user, person)


def check_in_or_out(*, user, person: Person, code: str, shift: Shift | None = None) -> ServiceRecord:
    """Checks ``person`` in with the organiser's code, or out when already in. Without ``shift``, the shift is
    the one the person holds a place on whose valid code this is (a volunteer at the post types the code
    only)."""
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise ValidationError({"code": _("The check-in code has 6 digits.")})
    if shift is None:
        found = list(shifts_with_code(person_id=person.pk, code=code, now=timezone.now())[:2])
        if not found:
            raise ValidationError({"code": _("Wrong check-in code, or no place of yours on its shift.")})
        shift = found[0]
    record = ServiceRecord.objects.filter(shift=shift, person=person, kind=RecordKind.RECORDED).first()
    if record is None:
        return check_in(user=user, shift=shift, person=person, code=code)
    return check_out(user=user, shift=shift, person=person, code=code)


CERTIFICATE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper


def certificate_code() -> str:
    """Returns a fresh verification code, ``XXXX-XXXX-XXXX`` (60 bits: not guessed)."""
    raw = "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_issue(*, user, person: Person) -> Certificate:
    """Issues a service-record certificate of ``person``'s totals today (recorded and declared hours apart),
    with its verification code."""
    if not _acts_for(user, person):
        raise PermissionDenied
    records = ServiceRecord.objects.filter(person=person)
    figures = totals(records)
    counted = records.filter(
        Q(kind=RecordKind.RECORDED, checked_out_at__isnull=False)
        | Q(kind=RecordKind.DECLARED, status=RecordStatus.APPROVED)
    ).aggregate(first=Min("served_on"), last=Max("served_on"))
    return Certificate.objects.create(
        code=certificate_code(),
        person=person,
        issued_by=user,
        first_served_on=counted["first"],
        last_served_on=counted["last"],
        **figures,
    )
