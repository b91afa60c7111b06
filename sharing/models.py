"""Resource sharing (资源共享): shared venues (城市共享家园) that communities and member units open, their
residents' open days (居民开放日) and the bookings made of them.

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
from liaoyuan.core.models import LimitedTextField, TimeStampedModel, choices_constraint, text_length_constraint
from liaoyuan.core.scoping import ScopeRule
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
        indexes = [models.Index(fields=["venue", "starts_at"], name="sharing_booking_venue_start")]
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
