"""The kinds of duty review in the open raises through the notification layer (``notifications.registry``)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import DutyKind, register
from reviews.models import ReviewKind

CYCLE_DUTIES = {
    ReviewKind.MONTHLY_VISIT: register(
        DutyKind("reviews.monthly_visit", _("Monthly visit"), _("Record the month's visit to your area."))
    ),
    ReviewKind.QUARTERLY_INSPECTION: register(
        DutyKind("reviews.quarterly_inspection", _("Quarterly inspection"), _("Inspect each street of the district."))
    ),
    ReviewKind.ANNUAL_EVALUATION: register(
        DutyKind(
            "reviews.annual_evaluation",
            _("Annual evaluation"),
            _("Report to member units and representatives, have them rate each item, publish the result."),
        )
    ),
    ReviewKind.ZERO_REPORT: register(
        DutyKind(
            "reviews.zero_report",
            _("Zero report"),
            _("Report disputes, public-order and safety problems; “nothing to report” is a report too."),
        )
    ),
}
RECTIFICATION_OVERDUE = register(
    DutyKind(
        "reviews.rectification_overdue", _("Rectification overdue"), _("A rectification task passed its deadline.")
    )
)
RATING_OPEN = register(
    DutyKind(
        "reviews.rating_open",
        _("Annual evaluation to rate"),
        _("You are a representative: rate each item of a street's annual report."),
    )
)
