"""Queries of the job postings and referrals, and of the training sessions."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts import scopes
from grids.models import Node
from sharing.models import JobPosting, JobReferral, ReferralOutcome, Training, TrainingAttendance

TRAINING_NODE_KINDS = (
    Node.Kind.CITY,
    Node.Kind.DISTRICT,
    Node.Kind.COUNTY,
    Node.Kind.STREET,
    Node.Kind.TOWN,
    Node.Kind.COMMUNITY,
)


def postings(*, user) -> QuerySet[JobPosting]:
    """Every open posting (a directory to every signed-in account: residents look for work), plus the closed
    ones in the user's scope, newest first."""
    today = timezone.localdate()
    open_now = JobPosting.objects.filter(closes_on__gte=today, published_on__lte=today)
    # the scope's own condition ORed in (nothing at all for a scope over the whole city), not "pk IN (…)"
    in_scope = scopes.visible(user, JobPosting.objects.all())
    return (open_now | in_scope).select_related("unit", "community").order_by("-published_on", "-pk")


class PostingAccess:
    """What one user may do with one posting. Each question is put to the scope at most once, and only when it
    is asked: a request builds one and reads its answers as often as it needs."""

    def __init__(self, user, posting: JobPosting) -> None:
        self.user = user
        self.posting = posting

    @cached_property
    def in_scope(self) -> bool:
        """Whether the posting is in the user's scope (``scopes.can_view``)."""
        return scopes.can_view(self.user, self.posting)

    @cached_property
    def may_change(self) -> bool:
        """Whether the user may change the posting (``scopes.can_change``)."""
        return scopes.can_change(self.user, self.posting)

    @property
    def may_see(self) -> bool:
        """An open posting is seen by every signed-in account; a closed one only in scope."""
        today = timezone.localdate()
        return self.posting.published_on <= today <= self.posting.closes_on or self.in_scope

    @property
    def may_refer(self) -> bool:
        """The posting's community (and above) and the unit's admins record referrals and their outcomes."""
        return self.may_change

    @property
    def may_see_referrals(self) -> bool:
        """Those who refer, and anyone with the posting in scope, see its referrals."""
        return self.may_refer or self.in_scope


def may_see_posting(user, posting: JobPosting) -> bool:
    return PostingAccess(user, posting).may_see


def attach_referral_counts(rows: Iterable[JobPosting]) -> None:
    """Sets ``referred`` and ``employed`` on each posting of a page (one query for the page's rows)."""
    rows = list(rows)
    counts = {
        r["posting_id"]: r
        for r in JobReferral.objects.filter(posting__in=[p.pk for p in rows])
        .values("posting_id")
        .annotate(referred=Count("pk"), employed=Count("pk", filter=Q(outcome=ReferralOutcome.EMPLOYED)))
    }
    for posting in rows:
        row = counts.get(posting.pk, {})
        posting.referred = row.get("referred", 0)
        posting.employed = row.get("employed", 0)


def referrals(*, user) -> QuerySet[JobReferral]:
    """The referrals the user sees: those of the postings in the user's scope, and the user's own."""
    return (
        scopes.visible(user, JobReferral.objects.all())
        .select_related("posting__unit", "posting__community", "person__node")
        .order_by("-referred_on", "-pk")
    )


def trainings(*, user) -> QuerySet[Training]:
    return scopes.visible(user, Training.objects.all()).select_related("node").order_by("-held_on", "-pk")


def attach_attendance_counts(rows: Iterable[Training]) -> None:
    """Sets ``registered`` and ``attended`` on each session of a page (one query for the page's rows)."""
    rows = list(rows)
    counts = {
        r["training_id"]: r
        for r in TrainingAttendance.objects.filter(training__in=[t.pk for t in rows])
        .values("training_id")
        .annotate(registered=Count("pk"), present=Count("pk", filter=Q(attended=True)))
    }
    for training in rows:
        row = counts.get(training.pk, {})
        training.registered = row.get("registered", 0)
        training.present = row.get("present", 0)


def attendance(training: Training) -> QuerySet[TrainingAttendance]:
    return training.attendance.select_related("person__node").order_by("person__name", "pk")


def training_nodes(*, user) -> QuerySet[Node]:
    """The streets, towns and communities (and offices above) where the user may record a training session."""
    return scopes.editable(user, Node.objects.filter(kind__in=TRAINING_NODE_KINDS)).order_by("path")
