"""Vanguard co-cultivation (先锋共育): dual reporting, vanguard posts and their shifts, claims, service records.

Teams (commando, service and volunteer teams) and temporary branches are ``organisations.PartyOrganisation``
records; posts and service records point at them rather than keeping teams of their own.

The database holds the rules that matter under concurrency: a shift's ``claimed`` count stays between 0 and
its capacity, a person holds at most one active claim per shift and one recorded (checked-in) record per
shift, a check-out follows its check-in, hours are never negative.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint
from liaoyuan.core.scoping import ScopeRule
from organisations.models import PartyOrganisation
from people.models import Person
from units.models import MemberUnit


class ReportKind(models.TextChoices):
    MEMBER = "member", _("Party member")
    ORGANISATION = "organisation", _("Unit party organisation")


class ReportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the community")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class DualReport(TimeStampedModel):
    """A dual-reporting registration (双报到): a party member with the community they live in, or a unit's
    party organisation with the community it stands in."""

    Kind = ReportKind
    Status = ReportStatus

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEMBER)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="dual_reports", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dual_reports",
        verbose_name=_("party organisation"),
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dual_reports",
        verbose_name=_("unit in service"),
    )
    community = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="dual_reports", verbose_name=_("community")
    )
    grid = models.ForeignKey(
        Node, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("grid")
    )
    household = models.ForeignKey(
        "grids.Household",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dual_reports",
        verbose_name=_("household"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_rule = ScopeRule(node="community", unit="unit", person="person")

    class Meta:
        verbose_name = _("dual report")
        verbose_name_plural = _("dual reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # the roster (approved members' reports) in the tree's order: read community by community
            models.Index(
                fields=["community"],
                condition=Q(status=ReportStatus.APPROVED, person__isnull=False),
                name="volunteers_report_roster",
            ),
            # the reports waiting, newest first: a page is read from this index, not a sort of every report
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(status=ReportStatus.PENDING),
                name="volunteers_report_waiting",
            ),
            # every report, newest first (the API's order): a page is read from this index
            models.Index(fields=["-created_at", "-id"], name="volunteers_report_newest"),
        ]
        constraints = [
            choices_constraint("kind", ReportKind, "volunteers_dualreport_kind_valid"),
            choices_constraint("status", ReportStatus, "volunteers_dualreport_status_valid"),
            models.CheckConstraint(
                condition=(Q(kind=ReportKind.MEMBER, person__isnull=False, organisation__isnull=True))
                | Q(kind=ReportKind.ORGANISATION, person__isnull=True, organisation__isnull=False),
                name="volunteers_dualreport_one_reporter",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DECLINED) | ~Q(reason=""),
                name="volunteers_dualreport_declined_has_reason",
            ),
            models.UniqueConstraint(
                fields=["person", "community"],
                condition=Q(status__in=[ReportStatus.PENDING, ReportStatus.APPROVED]),
                name="volunteers_dualreport_one_open_per_person",
            ),
            models.UniqueConstraint(
                fields=["organisation", "community"],
                condition=Q(status__in=[ReportStatus.PENDING, ReportStatus.APPROVED]),
                name="volunteers_dualreport_one_open_per_organisation",
            ),
        ]

    def __str__(self):
        return str(self.person or self.organisation)


class PostCategory(models.TextChoices):
    ELDER_CARE = "elder_care", _("Elder care")
    ENVIRONMENT = "environment", _("Environment")
    PUBLIC_ORDER = "public_order", _("Public order")
    POLICY_TALKS = "policy_talks", _("Policy talks")
    EPIDEMIC = "epidemic", _("Epidemic duty")
    FLOOD_SNOW = "flood_snow", _("Flood and snow")
    CIVILISATION = "civilisation", _("Civilised city")
    OTHER = "other", _("Other")


class Eligibility(models.TextChoices):
    PARTY_MEMBERS = "party_members", _("Party members")
    UNITS = "units", _("Member units")
    ANYONE = "anyone", _("Anyone registered")


class Post(TimeStampedModel):
    """A vanguard post (先锋岗) published by a community or street (or an alliance at its node)."""

    Category = PostCategory
    Eligibility = Eligibility

    title = models.CharField(_("title"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    node = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="vanguard_posts", verbose_name=_("published by")
    )
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    eligibility = models.CharField(
        _("who may claim"), max_length=20, choices=Eligibility.choices, default=Eligibility.PARTY_MEMBERS
    )
    is_emergency = models.BooleanField(_("emergency post"), default=False)
    team = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vanguard_posts",
        verbose_name=_("team or temporary branch"),
    )
    is_open = models.BooleanField(_("open for claims"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    scope_rule = ScopeRule(node="node")

    class Meta:
        verbose_name = _("vanguard post")
        verbose_name_plural = _("vanguard posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            choices_constraint("category", PostCategory, "volunteers_post_category_valid"),
            choices_constraint("eligibility", Eligibility, "volunteers_post_eligibility_valid"),
        ]
        indexes = [
            # the directory's order (emergency first, open first, newest first): a page is an index scan
            models.Index(fields=["-is_emergency", "-is_open", "-created_at", "-id"], name="volunteers_post_directory"),
            # emergency mobilisation lists the open emergency posts by area: read area by area along the tree
            models.Index(
                fields=["node", "title", "id"],
                condition=Q(is_open=True, is_emergency=True),
                name="volunteers_post_emergency",
            ),
        ]

    def __str__(self):
        return self.title


class Shift(TimeStampedModel):
    """One shift of a post, with its capacity and the count of active claims (kept by the claim service with
    a conditional update; the check constraint is the backstop). ``code`` is the organiser's 6-digit
    check-in code, valid until ``code_expires_at``."""

    MAX_LENGTH = datetime.timedelta(hours=24)  # the longest shift (the shift service refuses longer ones)

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("post"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"))
    claimed = models.PositiveIntegerField(_("places taken"), default=0)
    code = models.CharField(_("check-in code"), max_length=6, blank=True)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)

    scope_rule = ScopeRule(node="post__node")

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="volunteers_shift_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="volunteers_shift_capacity_positive"),
            models.CheckConstraint(
                condition=Q(claimed__gte=0) & Q(claimed__lte=F("capacity")), name="volunteers_shift_claimed_bounds"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="volunteers_shift_starts")]

    def __str__(self):
        return f"{self.post} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def places_left(self) -> int:
        return self.capacity - self.claimed

    @property
    def hours(self):
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)


class ClaimStatus(models.TextChoices):
    ACTIVE = "active", _("Claimed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Claim(TimeStampedModel):
    """A person's claim of a place on a shift, made by themself or by their unit's admin."""

    Status = ClaimStatus

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="claims", verbose_name=_("shift"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="claims", verbose_name=_("person"))
    unit = models.ForeignKey(
        MemberUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims", verbose_name=_("unit")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scope_rule = ScopeRule(node="shift__post__node", unit="unit", person="person", person_writes=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-created_at", "-pk"]
        # newest first (the API's order): a page is read from this index, not a sort of every claim in scope
        indexes = [models.Index(fields=["-created_at", "-id"], name="volunteers_claim_newest")]
        constraints = [
            choices_constraint("status", ClaimStatus, "volunteers_claim_status_valid"),
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(status=ClaimStatus.ACTIVE),
                name="volunteers_claim_one_active_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.shift}"


class RecordKind(models.TextChoices):
    RECORDED = "recorded", _("Recorded hours")
    DECLARED = "declared", _("Declared hours")


class RecordStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class ServiceRecord(TimeStampedModel):
    """One person-time of service. "Recorded" hours come from a check-in and check-out timed by the system;
    "declared" hours are entered afterwards and count only once approved. Totals never mix the two."""

    Kind = RecordKind
    Status = RecordStatus

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="service_records", verbose_name=_("person")
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="records", verbose_name=_("shift")
    )
    community = models.ForeignKey(
        Node, on_delete=models.PROTECT, related_name="service_records", verbose_name=_("community")
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("unit"),
    )
    team = models.ForeignKey(
        PartyOrganisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_records",
        verbose_name=_("team"),
    )
    served_on = models.DateField(_("served on"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, default=0)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    note = models.CharField(_("note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    scope_rule = ScopeRule(node="community", unit="unit", person="person")

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-pk"]
        constraints = [
            choices_constraint("kind", RecordKind, "volunteers_record_kind_valid"),
            choices_constraint("status", RecordStatus, "volunteers_record_status_valid"),
            models.CheckConstraint(condition=Q(hours__gte=0) & Q(hours__lte=24), name="volunteers_record_hours_bounds"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | (Q(checked_in_at__isnull=False) & Q(checked_out_at__gte=F("checked_in_at"))),
                name="volunteers_record_out_after_in",
            ),
            models.CheckConstraint(
                condition=~Q(kind=RecordKind.RECORDED) | Q(checked_in_at__isnull=False),
                name="volunteers_record_recorded_has_check_in",
            ),
            models.UniqueConstraint(
                fields=["shift", "person"],
                condition=Q(kind=RecordKind.RECORDED),
                name="volunteers_record_one_check_in_per_shift",
            ),
        ]
        indexes = [
            # a community's records by day, carrying what the totals sum: the totals by community read a page of
            # communities from this index alone (an index-only scan), without visiting the records
            models.Index(
                fields=["community", "served_on"],
                include=["kind", "status", "hours", "checked_out_at"],
                name="volunteers_record_comm_day",
            ),
            # the lists' order, newest day first: a page is read from the index
            models.Index(fields=["-served_on", "-id"], name="volunteers_record_newest"),
            # who is checked in now (emergency mobilisation): the few check-ins without a check-out
            models.Index(
                fields=["shift"],
                condition=Q(kind=RecordKind.RECORDED, checked_out_at__isnull=True),
                name="volunteers_record_on_duty",
            ),
            # the declared hours waiting for approval (a few of every record): the city's page read newest first,
            # an area's found by its communities, without reading every record
            models.Index(
                fields=["-served_on", "-id"],
                condition=Q(kind=RecordKind.DECLARED, status=RecordStatus.PENDING),
                name="volunteers_record_waiting",
            ),
            models.Index(
                fields=["community"],
                condition=Q(kind=RecordKind.DECLARED, status=RecordStatus.PENDING),
                name="volunteers_record_waiting_at",
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.served_on} {self.hours}"


class Certificate(TimeStampedModel):
    """A printed service-record certificate (服务记录证明): the person's totals on the day it was issued, kept so
    that anyone holding the paper can check it by its ``code`` on the public verification page."""

    code = models.CharField(_("verification code"), max_length=14, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="volunteer_certificates", verbose_name=_("person")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_served_on = models.DateField(_("first service"), null=True, blank=True)
    last_served_on = models.DateField(_("last service"), null=True, blank=True)
    recorded_times = models.PositiveIntegerField(_("recorded person-times"), default=0)
    recorded_hours = models.DecimalField(_("recorded hours"), max_digits=9, decimal_places=2, default=0)
    declared_times = models.PositiveIntegerField(_("declared person-times"), default=0)
    declared_hours = models.DecimalField(_("declared hours"), max_digits=9, decimal_places=2, default=0)

    scope_rule = ScopeRule(person="person")

    class Meta:
        verbose_name = _("service-record certificate")
        verbose_name_plural = _("service-record certificates")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recorded_hours__gte=0) & Q(declared_hours__gte=0),
                name="volunteers_certificate_hours_non_negative",
            ),
        ]

    def __str__(self):
        return self.code
