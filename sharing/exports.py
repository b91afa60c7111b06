"""Resource-sharing exports through the one export engine (``liaoyuan.core.exports``): venues, bookings, job
postings (with their referral counts), referrals, training sessions (with their attendance) and the 8:30 class
check-ins. People's names are masked, as the lists show them."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy

from liaoyuan.core.exports import Column, Dataset, register
from liaoyuan.core.masking import mask_name
from liaoyuan.core.queries import count_of
from sharing import filters
from sharing.models import JobReferral, ReferralOutcome, TrainingAttendance
from sharing.selectors import classes, jobs, venues


def _booker(booking) -> str:
    user = booking.booker
    return mask_name(user.get_full_name() or user.username)


VENUES = register(
    Dataset(
        key="sharing-venues",
        title=gettext_lazy("Shared venues"),
        columns=(
            Column(gettext_lazy("Venue"), 24, lambda v: v.name),
            Column(gettext_lazy("Community"), 16, lambda v: v.community.name),
            Column(gettext_lazy("Opened by"), 24, lambda v: v.owner_unit.name if v.owner_unit_id else v.community.name),
            Column(gettext_lazy("Type"), 16, lambda v: v.get_kind_display()),
            Column(gettext_lazy("Address"), 24, lambda v: v.address),
            Column(gettext_lazy("Area (m²)"), 10, lambda v: v.area_m2),
            Column(gettext_lazy("Area added (m²)"), 10, lambda v: v.area_added_m2),
            Column(gettext_lazy("Capacity"), 8, lambda v: v.capacity),
            Column(gettext_lazy("Opening hours"), 12, lambda v: f"{v.opens_at:%H:%M}–{v.closes_at:%H:%M}"),
            Column(gettext_lazy("Bookings need approval"), 10, lambda v: v.needs_approval),
            Column(gettext_lazy("Open for booking"), 10, lambda v: v.is_active),
        ),
        queryset=lambda *, user: venues.venue_list(user=user),
        filterset_class=filters.VenueFilter,
        printable=True,
    )
)

BOOKINGS = register(
    Dataset(
        key="sharing-bookings",
        title=gettext_lazy("Venue bookings"),
        columns=(
            Column(gettext_lazy("Venue"), 24, lambda b: b.venue.name),
            Column(gettext_lazy("Community"), 16, lambda b: b.venue.community.name),
            Column(gettext_lazy("Starts at"), 16, lambda b: b.starts_at),
            Column(gettext_lazy("Ends at"), 16, lambda b: b.ends_at),
            Column(gettext_lazy("Purpose"), 24, lambda b: b.purpose),
            Column(gettext_lazy("Attendees"), 8, lambda b: b.attendees),
            Column(gettext_lazy("Booked by"), 12, _booker),
            Column(gettext_lazy("Status"), 12, lambda b: b.get_status_display()),
            Column(gettext_lazy("Reason declined"), 20, lambda b: b.decline_reason),
        ),
        queryset=lambda *, user: venues.booking_list(user=user).order_by("-starts_at", "-pk"),
        filterset_class=filters.BookingFilter,
        printable=True,
    )
)


def _postings(*, user):
    referrals = JobReferral.objects.all()
    return jobs.postings(user=user).annotate(
        referred=count_of(referrals, "posting"),
        employed=count_of(referrals.filter(outcome=ReferralOutcome.EMPLOYED), "posting"),
    )


JOB_POSTINGS = register(
    Dataset(
        key="sharing-job-postings",
        title=gettext_lazy("Job postings"),
        columns=(
            Column(gettext_lazy("Member unit"), 24, lambda p: p.unit.name),
            Column(gettext_lazy("Community"), 16, lambda p: p.community.name),
            Column(gettext_lazy("Position"), 20, lambda p: p.position),
            Column(gettext_lazy("Positions open"), 8, lambda p: p.headcount),
            Column(gettext_lazy("Pay (yuan a month)"), 14, lambda p: p.pay_range),
            Column(gettext_lazy("Requirements"), 30, lambda p: p.requirements),
            Column(gettext_lazy("Contact"), 16, lambda p: p.contact),
            Column(gettext_lazy("Published on"), 12, lambda p: p.published_on),
            Column(gettext_lazy("Closes on"), 12, lambda p: p.closes_on),
            Column(gettext_lazy("Referred"), 8, lambda p: p.referred),
            Column(gettext_lazy("Employed"), 8, lambda p: p.employed),
        ),
        queryset=_postings,
        filterset_class=filters.JobPostingFilter,
        printable=True,
    )
)

REFERRALS = register(
    Dataset(
        key="sharing-job-referrals",
        title=gettext_lazy("Job referrals"),
        columns=(
            Column(gettext_lazy("Person"), 12, lambda r: mask_name(r.person.name)),
            Column(gettext_lazy("Community"), 16, lambda r: r.posting.community.name),
            Column(gettext_lazy("Member unit"), 24, lambda r: r.posting.unit.name),
            Column(gettext_lazy("Position"), 20, lambda r: r.posting.position),
            Column(gettext_lazy("Referred on"), 12, lambda r: r.referred_on),
            Column(gettext_lazy("Outcome"), 12, lambda r: r.get_outcome_display()),
            Column(gettext_lazy("Employed on"), 12, lambda r: r.employed_on),
            Column(gettext_lazy("Note"), 20, lambda r: r.note),
        ),
        queryset=lambda *, user: jobs.referrals(user=user),
        filterset_class=filters.ReferralFilter,
        printable=True,
    )
)


def _trainings(*, user):
    rows = TrainingAttendance.objects.all()
    return jobs.trainings(user=user).annotate(
        registered=count_of(rows, "training"), present=count_of(rows.filter(attended=True), "training")
    )


TRAININGS = register(
    Dataset(
        key="sharing-trainings",
        title=gettext_lazy("Training sessions"),
        columns=(
            Column(gettext_lazy("Topic"), 24, lambda t: t.topic),
            Column(gettext_lazy("Organised by"), 16, lambda t: t.node.name),
            Column(gettext_lazy("Provider"), 20, lambda t: t.provider),
            Column(gettext_lazy("Held on"), 12, lambda t: t.held_on),
            Column(gettext_lazy("Hours"), 6, lambda t: t.hours),
            Column(gettext_lazy("Place"), 20, lambda t: t.place),
            Column(gettext_lazy("On the list"), 8, lambda t: t.registered),
            Column(gettext_lazy("Attended"), 8, lambda t: t.present),
        ),
        queryset=_trainings,
        filterset_class=filters.TrainingFilter,
        printable=True,
    )
)


CHECK_INS = register(
    Dataset(
        key="sharing-class-checkins",
        title=gettext_lazy("8:30 class check-ins"),
        columns=(
            Column(gettext_lazy("Day"), 12, lambda c: c.day),
            Column(gettext_lazy("Community"), 16, lambda c: c.community.name),
            Column(gettext_lazy("Community worker"), 12, lambda c: mask_name(c.person.name)),
            Column(gettext_lazy("Checked in at"), 16, lambda c: timezone.localtime(c.checked_in_at)),
        ),
        queryset=lambda *, user: classes.check_ins(user=user),
        filterset_class=filters.CheckInFilter,
        printable=True,
    )
)
