"""Messages rendered from translated templates (``templates/notifications/message/``): the inbox line, the
e-mail and the SMS of a reminder. E-mail and SMS speak the site's language; the inbox the reader's."""

import datetime

from django.conf import settings
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from liaoyuan.core import periods
from notifications import registry
from notifications.models import Reminder, Stage


def stage_text(reminder: Reminder) -> str:
    """Returns what the stage says in the active language: due in N days, overdue by N days, escalated."""
    if reminder.stage == Stage.UPCOMING and reminder.due_on:
        sent_on = timezone.localtime(reminder.created_at).date() if reminder.created_at else timezone.localdate()
        left = (reminder.due_on - sent_on).days
        if left < 0:
            return _("Was due on %(day)s") % {"day": reminder.due_on.isoformat()}
        if left == 0:
            return _("Due today")
        if left == 1:
            return _("Due tomorrow")
        return ngettext("Due in %(days)d day", "Due in %(days)d days", left) % {"days": left}
    if reminder.stage == Stage.OVERDUE:
        return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", reminder.days) % {"days": reminder.days}
    if reminder.stage == Stage.ESCALATION:
        return ngettext(
            "Escalated to you: overdue by %(days)d day", "Escalated to you: overdue by %(days)d days", reminder.days
        ) % {"days": reminder.days}
    return _("For your information")


def context(reminder: Reminder, *, absolute: bool = False) -> dict:
    """Returns the template context of a reminder's messages (``absolute``: links with ``SITE_URL``)."""
    due_on: datetime.date | None = reminder.due_on
    return {
        "reminder": reminder,
        "duty": registry.get(reminder.kind).label,
        "stage": reminder.stage,
        "stage_text": stage_text(reminder),
        "target": reminder.target_name,
        "detail": reminder.detail,
        "period_label": periods.label(reminder.period) if reminder.period else "",
        "due_on": due_on,
        "url": f"{settings.SITE_URL}{reminder.url}" if absolute else reminder.url,
    }


def _render(reminder: Reminder, part: str, *, absolute: bool) -> str:
    names = [f"notifications/message/{reminder.kind}/{part}.txt", f"notifications/message/{part}.txt"]
    template = select_template(names)
    return template.render(context(reminder, absolute=absolute)).strip()


def title(reminder: Reminder) -> str:
    """Returns the one-line title (the inbox line, the e-mail's subject), in the active language."""
    return " ".join(_render(reminder, "subject", absolute=False).split())


def email(reminder: Reminder) -> tuple[str, str]:
    """Returns (subject, body) of the reminder's e-mail, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(_render(reminder, "subject", absolute=True).split())
        return subject, _render(reminder, "body", absolute=True)


def sms(reminder: Reminder) -> str:
    """Returns the reminder's SMS text, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return " ".join(_render(reminder, "sms", absolute=True).split())


def preview(reminder: Reminder) -> str:
    """Returns the reminder's e-mail body rendered for the page (the inbox detail)."""
    return render_to_string("notifications/message/body.txt", context(reminder, absolute=False)).strip()
