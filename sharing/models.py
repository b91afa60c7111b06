"""Resource sharing (资源共享): shared venues (城市共享家园) that communities and member units open, their
residents' open days (居民开放日) and the bookings made of them; member units' job postings (用人信息) with the
community's referrals, training sessions with their attendance, and the community workers' check-ins at the
8:30 daily online class (八点半课堂).

Two live bookings (pending or approved) of one venue never overlap: on PostgreSQL an exclusion constraint
(``sharing_booking_no_overlap``, a GiST index over the venue and the booking's ``tstzrange``, added by the
migration) holds it even for bookings made at the same instant; on SQLite the booking service checks it
while holding the venue's row (``sharing.services.bookings``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from liaoyuan.core.models import (
    LimitedTextField,
    TimeStampedModel,
    choices_constraint,
    date_window_constraint,
    text_length_constraint,
)
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, validate_record_day
from people.models import Person
from units.models import MemberUnit

TEXT = 2_000
MAX_CAPACITY = 10_000
MAX_AREA_DIGITS = 9  # m², two decimals


class VenueKind(models.TextChoices):
    SERVICE_CENTRE = "service_centre", _("Party–mass service centre")
    SERVICE_STATION = "service_station", _("Party–mass service station")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    CULTURE_SPORTS = "culture_sports", _("Culture or sports room")
    READING_ROOM = "reading_room", _("Reading room")
    PARKING = "parking", _("Parking")


class Venue(TimeStampedModel):
    """A venue a community or a member unit opens for sharing (a shared home, 城市共享家园)."""

    Kind = VenueKind

    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="venues",
        verbose_name=_("community"),
        limit_choices_to={"kind": Node.Kind.COMMUNITY},
    )
    owner_unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        verbose_name=_("owner unit"),
        help_text=_("Empty when the community itself opens the venue."),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=MAX_AREA_DIGITS, decimal_places=2, default=0)
    area_added_m2 = models.DecimalField(
        _("area added (m²)"),
        max_digits=MAX_AREA_DIGITS,
        decimal_places=2,
        default=0,
        help_text=_("The part of the area newly opened for sharing."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=20)
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 30))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(17, 30))
    facilities = LimitedTextField(_("facilities"), blank=True, max_length=TEXT)
    needs_approval = models.BooleanField(_("bookings need approval"), default=True)
    open_to_residents = models.BooleanField(
        _("open to residents on open days"), default=True, help_text=_("Alliance members may book on any day.")
    )
    is_active = models.BooleanField(_("open for booking"), default=True)

    # seen and changed in its community (and above), and by the admins of the unit that opens it
    scope_rule = ScopeRule(node="community", unit="owner_unit", unit_write="owner_unit")

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["community__path", "name"]
        constraints = [
            choices_constraint("kind", VenueKind, "sharing_venue_kind_valid"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="sharing_venue_hours_order"),
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=MAX_CAPACITY), name="sharing_venue_capacity_bounds"
            ),
            models.CheckConstraint(
                condition=Q(area_m2__gte=0, area_added_m2__gte=0, area_added_m2__lte=F("area_m2")),
                name="sharing_venue_area_bounds",
            ),
            models.UniqueConstraint(fields=["community", "name"], name="sharing_venue_unique_name_in_community"),
            text_length_constraint({"facilities": TEXT}, "sharing_venue_text_lengths"),
        ]

    def __str__(self):
        return self.name


class OpenDay(TimeStampedModel):
    """A residents' open day (居民开放日) of a venue: residents may book it that day."""

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="open_days", verbose_name=_("venue"))
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_rule = ScopeRule(node="venue__community", unit="venue__owner_unit", unit_write="venue__owner_unit")

    class Meta:
        verbose_name = _("open day")
        verbose_name_plural = _("open days")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["venue", "day"], name="sharing_openday_unique_day")]

    def __str__(self):
        return f"{self.venue} {self.day:%Y-%m-%d}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED)


class Booking(TimeStampedModel):
    """A booking of a venue from ``starts_at`` to ``ends_at`` (half-open: a booking may start when another ends)."""

    Status = BookingStatus

    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("venue"))
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="venue_bookings", verbose_name=_("booked by")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    attendees = models.PositiveIntegerField(_("attendees"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(_("reason declined"), max_length=200, blank=True)

    # seen and decided by the venue's community and owner unit; seen (and cancelled) by the booker
    scope_rule = ScopeRule(
        node="venue__community",
        unit="venue__owner_unit",
        unit_write="venue__owner_unit",
        person="booker__person",
        person_writes=True,
    )

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["venue", "starts_at"], name="sharing_booking_venue_start"),
            models.Index(fields=["-starts_at", "-id"], name="sharing_booking_newest"),  # the bookings lists' order
        ]
        constraints = [
            choices_constraint("status", BookingStatus, "sharing_booking_status_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="sharing_booking_time_order"),
            models.CheckConstraint(
                condition=Q(attendees__gte=1, attendees__lte=MAX_CAPACITY), name="sharing_booking_attendees_bounds"
            ),
            # sharing_booking_no_overlap (PostgreSQL only): see migration 0001
        ]

    def __str__(self):
        return f"{self.venue} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


# ---- job postings and referrals (用人信息) -------------------------------------------------------------------

MAX_HEADCOUNT = 10_000
MAX_PAY_DIGITS = 9  # yuan a month, two decimals


class JobPosting(TimeStampedModel):
    """A job a member unit offers (用人信息): residents and the community see it until it closes; the
    community refers residents to it and records who was employed."""

    unit = models.ForeignKey(
        MemberUnit, on_delete=models.PROTECT, related_name="job_postings", verbose_name=_("member unit")
    )
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="job_postings",
        verbose_name=_("community"),
        limit_choices_to={"kind": Node.Kind.COMMUNITY},
        help_text=_("The community whose residents the posting is published to."),
    )
    position = models.CharField(_("position"), max_length=100)
    headcount = models.PositiveIntegerField(_("positions open"), default=1)
    requirements = LimitedTextField(_("requirements"), blank=True, max_length=TEXT)
    pay_min = models.DecimalField(
        _("pay from (yuan a month)"), max_digits=MAX_PAY_DIGITS, decimal_places=2, null=True, blank=True
    )
    pay_max = models.DecimalField(
        _("pay up to (yuan a month)"), max_digits=MAX_PAY_DIGITS, decimal_places=2, null=True, blank=True
    )
    contact = models.CharField(_("contact"), max_length=100, help_text=_("A name and a phone number."))
    published_on = models.DateField(_("published on"), validators=[validate_record_day])
    closes_on = models.DateField(_("closes on"), validators=[validate_record_day])
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    # a directory to every signed-in account while open (``sharing.selectors.jobs``); changed by the unit's
    # admins and the community (and above)
    scope_rule = ScopeRule(node="community", unit="unit", unit_write="unit")

    class Meta:
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        ordering = ["-published_on", "-pk"]
        indexes = [
            models.Index(fields=["closes_on", "published_on"], name="sharing_job_open_window"),
            models.Index(fields=["-published_on", "-id"], name="sharing_job_newest"),  # a list's first page
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("published_on")), name="sharing_jobposting_closes_after_publishing"
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1, headcount__lte=MAX_HEADCOUNT), name="sharing_jobposting_headcount"
            ),
            models.CheckConstraint(
                condition=(Q(pay_min__isnull=True) | Q(pay_min__gte=0))
                & (Q(pay_max__isnull=True) | Q(pay_min__isnull=True) | Q(pay_max__gte=F("pay_min"))),
                name="sharing_jobposting_pay_range",
            ),
            date_window_constraint(
                ["published_on", "closes_on"], EARLIEST_DAY, LATEST_DAY, "sharing_jobposting_dates_in_window"
            ),
            text_length_constraint({"requirements": TEXT}, "sharing_jobposting_text_lengths"),
        ]

    def __str__(self):
        return f"{self.unit} · {self.position}"

    @property
    def pay_range(self) -> str:
        low, high = self.pay_min, self.pay_max
        if low is None and high is None:
            return ""
        if low is None or high is None or low == high:
            return f"{(low if low is not None else high):.0f}"
        return f"{low:.0f}–{high:.0f}"


class ReferralOutcome(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTERVIEWED = "interviewed", _("Interviewed")
    EMPLOYED = "employed", _("Employed")
    NOT_EMPLOYED = "not_employed", _("Not employed")


class JobReferral(TimeStampedModel):
    """A resident the community referred to a job posting, and what came of it."""

    Outcome = ReferralOutcome

    posting = models.ForeignKey(
        JobPosting, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("job posting")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="job_referrals", verbose_name=_("person"))
    referred_on = models.DateField(_("referred on"), validators=[validate_record_day])
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referred by"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.REFERRED)
    employed_on = models.DateField(_("employed on"), null=True, blank=True, validators=[validate_record_day])
    note = models.CharField(_("note"), max_length=200, blank=True)

    # seen and recorded by the posting's community (and above) and the unit's admins; seen by the person
    scope_rule = ScopeRule(node="posting__community", unit="posting__unit", unit_write="posting__unit", person="person")

    class Meta:
        verbose_name = _("job referral")
        verbose_name_plural = _("job referrals")
        ordering = ["-referred_on", "-pk"]
        indexes = [models.Index(fields=["-referred_on", "-id"], name="sharing_referral_newest")]  # a list's first page
        constraints = [
            choices_constraint("outcome", ReferralOutcome, "sharing_jobreferral_outcome_valid"),
            models.UniqueConstraint(fields=["posting", "person"], name="sharing_jobreferral_once_per_posting"),
            models.CheckConstraint(
                condition=Q(outcome=ReferralOutcome.EMPLOYED, employed_on__isnull=False)
                | (~Q(outcome=ReferralOutcome.EMPLOYED) & Q(employed_on__isnull=True)),
                name="sharing_jobreferral_employed_has_day",
            ),
            models.CheckConstraint(
                condition=Q(employed_on__isnull=True) | Q(employed_on__gte=F("referred_on")),
                name="sharing_jobreferral_employed_after_referral",
            ),
            date_window_constraint(
                ["referred_on", "employed_on"], EARLIEST_DAY, LATEST_DAY, "sharing_jobreferral_dates_in_window"
            ),
        ]

    def __str__(self):
        return f"{self.person} → {self.posting}"


# ---- training and its attendance ------------------------------------------------------------------------------


class Training(TimeStampedModel):
    """A training session a street or community organises (for residents, party members or its own workers)."""

    node = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="trainings", verbose_name=_("organised by"))
    topic = models.CharField(_("topic"), max_length=150)
    provider = models.CharField(_("provider"), max_length=150, help_text=_("Who teaches: a unit, a school, a person."))
    held_on = models.DateField(_("held on"), validators=[validate_record_day])
    place = models.CharField(_("place"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1, default=2)
    note = LimitedTextField(_("note"), blank=True, max_length=TEXT)

    scope_rule = ScopeRule(node="node")

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="sharing_training_hours_bounds"),
            date_window_constraint(["held_on"], EARLIEST_DAY, LATEST_DAY, "sharing_training_day_in_window"),
            text_length_constraint({"note": TEXT}, "sharing_training_text_lengths"),
        ]

    def __str__(self):
        return f"{self.topic} {self.held_on:%Y-%m-%d}"


class TrainingAttendance(models.Model):
    """A person on a training session's list, and whether they attended."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("training session")
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("person"))
    attended = models.BooleanField(_("attended"), default=True)

    scope_rule = ScopeRule(node="training__node", person="person")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["training", "person"], name="sharing_trainingattendance_once"),
        ]

    def __str__(self):
        return f"{self.person} @ {self.training}"


# ---- the 8:30 daily online class (八点半课堂) ------------------------------------------------------------------


class ClassCheckIn(models.Model):
    """A community worker's check-in at the 8:30 daily online class on one working day."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="class_check_ins", verbose_name=_("community worker")
    )
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="class_check_ins",
        verbose_name=_("community"),
        help_text=_("Where the worker served on the day."),
    )
    day = models.DateField(_("day"), validators=[validate_record_day])
    checked_in_at = models.DateTimeField(_("checked in at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    scope_rule = ScopeRule(node="community", person="person")

    class Meta:
        verbose_name = _("class check-in")
        verbose_name_plural = _("class check-ins")
        ordering = ["-day", "person_id"]
        indexes = [
            models.Index(fields=["community", "day"], name="sharing_checkin_community_day"),
            # lists show the newest day first: a page sorts one day's check-ins, not every day's
            models.Index(fields=["-day"], name="sharing_checkin_newest_day"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="sharing_classcheckin_once_a_day"),
            date_window_constraint(["day"], EARLIEST_DAY, LATEST_DAY, "sharing_classcheckin_day_in_window"),
        ]

    def __str__(self):
        return f"{self.person} {self.day:%Y-%m-%d}"
