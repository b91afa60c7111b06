"""The wishes' duties, through the notification layer (``notifications.registry``): a new wish to triage, a
wish dispatched to a member unit, and a wish past its promised date (to the community secretary, then the
street)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import DutyKind, register

WISH_SUBMITTED = register(
    DutyKind(
        "wishes.submitted",
        _("Wish to triage"),
        _("A resident ordered from the service menu or wrote a micro-wish in your community."),
    )
)
WISH_DISPATCHED = register(
    DutyKind("wishes.dispatched", _("Wish to serve"), _("The community dispatched a resident's wish to your unit."))
)
WISH_OVERDUE = register(
    DutyKind(
        "wishes.overdue",
        _("Wish past its promised date"),
        _("A wish is not done by the date promised to the resident (the community, then the street)."),
        sms=True,
    )
)
