"""Job postings (用人信息) and referrals: a member unit's admins (or the staff of the community the unit is
in) publish a posting to a community; the community refers residents to it and records who was employed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from grids.models import Node
from liaoyuan.core.changes import assign, merged
from people.models import Person
from sharing.models import JobPosting, JobReferral, ReferralOutcome
from sharing.selectors.jobs import PostingAccess
from units.models import MemberUnit

POSTING_FIELDS = (
    "position",
    "headcount",
    "requirements",
    "pay_min",
    "pay_max",
    "contact",
    "published_on",
    "closes_on",
    "community",
)


def may_publish_for(user, unit: MemberUnit) -> bool:
    """A unit's admins publish its postings; so do the staff who may change the unit (where it is located)."""
    return scopes.can_change(user, unit)


def _check_posting(values: dict) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("position", "contact"):
        if not (values.get(field) or "").strip():
            errors.setdefault(field, []).append(_("This field is required."))
    published, closes = values.get("published_on"), values.get("closes_on")
    if published and closes and closes < published:
        errors.setdefault("closes_on", []).append(_("A posting cannot close before it is published."))
    low, high = values.get("pay_min"), values.get("pay_max")
    if low is not None and low < 0:
        errors.setdefault("pay_min", []).append(_("Pay cannot be negative."))
    if low is not None and high is not None and high < low:
        errors.setdefault("pay_max", []).append(_("The upper end of the pay range is below its lower end."))
    headcount = values.get("headcount")
    if headcount is not None and headcount < 1:
        errors.setdefault("headcount", []).append(_("At least one position is open."))
    community = values.get("community")
    if community is not None and community.kind != Node.Kind.COMMUNITY:
        errors.setdefault("community", []).append(_("Choose a community."))
    if errors:
        raise ValidationError(errors)


def posting_create(
    *,
    user,
    unit: MemberUnit,
    community: Node | None = None,
    position: str,
    contact: str,
    closes_on: datetime.date,
    published_on: datetime.date | None = None,
    headcount: int = 1,
    requirements: str = "",
    pay_min: Decimal | None = None,
    pay_max: Decimal | None = None,
) -> JobPosting:
    """Publishes a job posting of ``unit`` to ``community`` (by default where the unit is located, when that is
    a community). Raises ``ValidationError`` for a closing date before the publishing date, a reversed pay
    range or a missing community."""
    if not may_publish_for(user, unit):
        raise PermissionDenied
    if community is None and unit.location.kind == Node.Kind.COMMUNITY:
        community = unit.location
    if community is None:
        raise ValidationError({"community": [_("Choose the community the posting is published to.")]})
    values = {
        "unit": unit,
        "community": community,
        "position": (position or "").strip(),
        "contact": (contact or "").strip(),
        "closes_on": closes_on,
        "published_on": published_on or timezone.localdate(),
        "headcount": headcount,
        "requirements": (requirements or "").strip(),
        "pay_min": pay_min,
        "pay_max": pay_max,
    }
    _check_posting(values)
    posting = JobPosting(published_by=user, **values)
    posting.full_clean()
    posting.save()
    return posting


def posting_update(*, user, posting: JobPosting, **changes) -> JobPosting:
    """Changes a posting (its unit's admins and the staff of its community); closing it early is setting
    ``closes_on`` to today."""
    if not scopes.can_change(user, posting):
        raise PermissionDenied
    values = merged(posting, changes, POSTING_FIELDS)
    _check_posting(values)
    assign(posting, values).full_clean()
    posting.save()
    return posting


def may_refer(user, posting: JobPosting) -> bool:
    """The posting's community (and above) and the unit's admins record referrals and their outcomes."""
    return PostingAccess(user, posting).may_refer


def referral_create(
    *, user, posting: JobPosting, person: Person, referred_on: datetime.date | None = None, note: str = ""
) -> JobReferral:
    """Records that the community referred ``person`` to ``posting``. A person is referred once per posting;
    a closed posting takes no more referrals."""
    if not may_refer(user, posting):
        raise PermissionDenied
    referred_on = referred_on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if referred_on > timezone.localdate():
        errors["referred_on"] = [_("A referral cannot be dated in the future.")]
    elif referred_on < posting.published_on:
        errors["referred_on"] = [_("A referral cannot come before the posting is published.")]
    if posting.closes_on < referred_on:
        errors.setdefault("posting", []).append(_("The posting closed on %(day)s.") % {"day": posting.closes_on})
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return JobReferral.objects.create(
                posting=posting, person=person, referred_on=referred_on, referred_by=user, note=(note or "")[:200]
            )
    except IntegrityError:
        raise ValidationError({"person": [_("This person is already referred to this posting.")]}) from None


def referral_outcome(
    *, user, referral: JobReferral, outcome: str, employed_on: datetime.date | None = None, note: str | None = None
) -> JobReferral:
    """Records what came of a referral; ``employed`` needs the day the person started."""
    if not may_refer(user, referral.posting):
        raise PermissionDenied
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": [_("Choose an outcome.")]})
    if outcome == ReferralOutcome.EMPLOYED:
        if employed_on is None:
            raise ValidationError({"employed_on": [_("Give the day the person started work.")]})
        if employed_on > timezone.localdate():
            raise ValidationError({"employed_on": [_("The day of employment cannot lie in the future.")]})
        if employed_on < referral.referred_on:
            raise ValidationError({"employed_on": [_("The day of employment cannot come before the referral.")]})
    else:
        employed_on = None
    referral.outcome = outcome
    referral.employed_on = employed_on
    if note is not None:
        referral.note = note.strip()[:200]
    referral.save(update_fields=["outcome", "employed_on", "note", "updated_at"])
    return referral
