"""Booking a shared venue, and the owner's approval.

Two live bookings of one venue never overlap. The service takes the venue's row lock
(``SELECT … FOR UPDATE``) before it looks for an overlapping booking, so bookings of one venue are checked one
at a time; on PostgreSQL the exclusion constraint ``sharing_booking_no_overlap`` is the backstop for any
writer that skips the service, and its violation is answered with the same field error. On SQLite, whose
writers are serialised by the database lock, the check in the service is the rule.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from accounts.models import Role
from notifications import selectors as recipients
from notifications import services as notifications
from notifications.models import Stage
from sharing.duties import BOOKING_DECIDED, BOOKING_TO_DECIDE
from sharing.models import LIVE_STATUSES, Booking, OpenDay, Venue

Status = Booking.Status
OVERLAP_CONSTRAINT = "sharing_booking_no_overlap"
MAX_BOOKING_DAYS_AHEAD = 366
OWNER_ROLES = (Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER)


def is_member(user) -> bool:
    """Alliance members (staff of a community or street, member units' admins, party members) book on any day;
    residents only on open days."""
    scope = scopes.scope_of(user)
    if scope.is_superuser:
        return True
    return bool(scope.roles - {Role.RESIDENT})


def is_open_day(venue: Venue, day: datetime.date) -> bool:
    return OpenDay.objects.filter(venue=venue, day=day).exists()


def overlapping(venue: Venue, starts_at, ends_at, *, exclude_pk=None):
    """The live bookings of the venue that overlap [starts_at, ends_at)."""
    qs = Booking.objects.filter(venue=venue, status__in=LIVE_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def _check_times(venue: Venue, starts_at, ends_at, attendees: int) -> None:
    errors: dict[str, list[str]] = {}
    now = timezone.now()
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": [_("Give the start and the end of the booking.")]})
    if ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("The booking must end after it starts."))
    if starts_at < now:
        errors.setdefault("starts_at", []).append(_("A booking cannot start in the past."))
    elif starts_at > now + datetime.timedelta(days=MAX_BOOKING_DAYS_AHEAD):
        errors.setdefault("starts_at", []).append(_("Bookings open at most a year ahead."))
    local_start = timezone.localtime(starts_at)
    local_end = timezone.localtime(ends_at)
    if ends_at > starts_at and (
        local_start.date() != local_end.date()
        or local_start.time() < venue.opens_at
        or local_end.time() > venue.closes_at
    ):
        errors.setdefault("starts_at", []).append(
            _("The venue is open from %(opens)s to %(closes)s; book within those hours on one day.")
            % {"opens": venue.opens_at.strftime("%H:%M"), "closes": venue.closes_at.strftime("%H:%M")}
        )
    if attendees is None or attendees < 1:
        errors.setdefault("attendees", []).append(_("At least one person attends."))
    elif attendees > venue.capacity:
        errors.setdefault("attendees", []).append(
            _("The venue holds at most %(capacity)d people.") % {"capacity": venue.capacity}
        )
    if errors:
        raise ValidationError(errors)


def _overlap_error() -> ValidationError:
    return ValidationError({"starts_at": [_("The venue is already booked at that time; choose another slot.")]})


def booking_create(*, user, venue: Venue, starts_at, ends_at, purpose: str, attendees: int = 1) -> Booking:
    """Books the venue for the user. Raises ``ValidationError`` (field errors) for a past, overlapping,
    outside-opening-hours or over-capacity booking, and for a resident booking on a day that is no open day."""
    purpose = (purpose or "").strip()
    if not purpose:
        raise ValidationError({"purpose": [_("Say what the venue is booked for.")]})
    if not venue.is_active:
        raise ValidationError({"venue": [_("The venue is not open for booking.")]})
    _check_times(venue, starts_at, ends_at, attendees)
    if not is_member(user):
        day = timezone.localdate(starts_at)
        if not (venue.open_to_residents and is_open_day(venue, day)):
            raise ValidationError({"starts_at": [_("Residents may book this venue on its open days only.")]})
    with transaction.atomic():
        Venue.objects.select_for_update().filter(pk=venue.pk).first()  # one booking of this venue at a time
        if overlapping(venue, starts_at, ends_at).exists():
            raise _overlap_error()
        booking = Booking(
            venue=venue,
            booker=user,
            purpose=purpose[:200],
            starts_at=starts_at,
            ends_at=ends_at,
            attendees=attendees,
            status=Status.PENDING if venue.needs_approval else Status.APPROVED,
        )
        try:
            with transaction.atomic():
                booking.save()
        except IntegrityError as exc:
            if OVERLAP_CONSTRAINT in str(exc):
                raise _overlap_error() from None
            raise
        if booking.status == Status.PENDING:
            _tell_owners(booking)
    return booking


def _when(booking: Booking) -> str:
    start, end = timezone.localtime(booking.starts_at), timezone.localtime(booking.ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _tell_owners(booking: Booking) -> None:
    """A booking awaiting approval goes to the inbox of the venue's owners: the owner unit's admins, or the
    community's secretaries and workers (after commit, by the notification layer)."""
    venue = booking.venue
    if venue.owner_unit_id:
        owners = recipients.unit_admins(unit_ids=[venue.owner_unit_id])
    else:
        owners = recipients.node_role_holders(node=venue.community, roles=OWNER_ROLES)
    notifications.duty_notify(
        kind=BOOKING_TO_DECIDE.key,
        target=booking,
        stage=Stage.NOTICE,
        recipients=owners,
        url=reverse("sharing:bookings") + "?status=pending",
        target_name=venue.name,
        detail=_when(booking),
    )


def may_decide(user, booking: Booking) -> bool:
    """The venue's owners (its community's staff and above, the owner unit's admins) approve and decline."""
    return scopes.editable(user, Venue.objects.filter(pk=booking.venue_id)).exists()


def _decide(user, booking: Booking, status: str, reason: str = "") -> Booking:
    if not may_decide(user, booking):
        raise PermissionDenied
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status != Status.PENDING:
            raise ValidationError({"status": [_("Only a booking awaiting approval can be approved or declined.")]})
        locked.status = status
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.decline_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
        notifications.duty_resolve(kind=BOOKING_TO_DECIDE.key, target=locked)
        notifications.duty_notify(
            kind=BOOKING_DECIDED.key,
            target=locked,
            stage=Stage.NOTICE,
            recipients=[locked.booker_id],
            url=reverse("sharing:bookings"),
            target_name=booking.venue.name,
            detail=f"{_when(locked)} {locked.get_status_display()}",
        )
    return locked


def booking_approve(*, user, booking: Booking) -> Booking:
    return _decide(user, booking, Status.APPROVED)


def booking_decline(*, user, booking: Booking, reason: str) -> Booking:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decline_reason": [_("Say why the booking is declined.")]})
    return _decide(user, booking, Status.DECLINED, reason[:200])


def booking_cancel(*, user, booking: Booking) -> Booking:
    """The booker (or the venue's owner) cancels a live booking; its slot is free again."""
    if booking.booker_id != user.pk and not may_decide(user, booking):
        raise PermissionDenied
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status not in LIVE_STATUSES:
            raise ValidationError({"status": [_("The booking is no longer live.")]})
        locked.status = Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        notifications.duty_resolve(kind=BOOKING_TO_DECIDE.key, target=locked)
    return locked


def open_day_add(*, user, venue: Venue, day: datetime.date, note: str = "") -> OpenDay:
    """Publishes a residents' open day of the venue."""
    if not scopes.can_change(user, venue):
        raise PermissionDenied
    if day < timezone.localdate():
        raise ValidationError({"day": [_("An open day cannot lie in the past.")]})
    if OpenDay.objects.filter(venue=venue, day=day).exists():
        raise ValidationError({"day": [_("That day is already an open day.")]})
    return OpenDay.objects.create(venue=venue, day=day, note=(note or "").strip()[:200])
