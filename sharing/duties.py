"""The venues' notices, through the notification layer (``notifications.registry``): a booking awaiting
approval to the venue's owners (its community's staff, or the owner unit's admins), and the decision to the
booker."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import DutyKind, register

BOOKING_TO_DECIDE = register(
    DutyKind(
        "sharing.booking_to_decide",
        _("Booking to approve"),
        _("Someone booked a venue you open, and the booking awaits your approval."),
    )
)
BOOKING_DECIDED = register(
    DutyKind(
        "sharing.booking_decided",
        _("Booking approved or declined"),
        _("The owner of a venue you booked approved or declined the booking."),
    )
)
