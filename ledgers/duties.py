"""The ledgers' duties, reminded through the notification layer (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import DutyKind, register

RESPONSIBILITY_DUE = register(
    DutyKind(
        "ledgers.responsibility_due",
        _("Responsibility due"),
        _("A responsibility of the four lists assigned to your unit or street is due within a week, or overdue."),
    )
)
