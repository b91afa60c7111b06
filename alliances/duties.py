"""The alliances' duties, reminded and escalated through the notification layer (``notifications.registry``):
minutes overdue at 3 and 7 days, problems past their deadline, draft meetings not confirmed, terms to chair."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import DutyKind, register

MINUTES_OVERDUE = register(
    DutyKind(
        "alliances.minutes_overdue",
        _("Minutes to write"),
        _("A joint meeting took place and its minutes are still missing (3 days; escalated at 7)."),
    )
)
PROBLEM_OVERDUE = register(
    DutyKind(
        "alliances.problem_overdue",
        _("Problem past its deadline"),
        _("A tracked problem assigned to your unit passed its deadline (escalated a week later)."),
    )
)
DRAFT_UNCONFIRMED = register(
    DutyKind(
        "alliances.draft_unconfirmed",
        _("Meeting to confirm"),
        _("A draft joint meeting of your chair term waits for you to confirm it."),
    )
)
TERM_TO_CHAIR = register(
    DutyKind("alliances.term_to_chair", _("Term to chair"), _("Your unit chairs the alliance from next week."))
)
