"""Checks shared by the alliance services: the window of acceptable dates, the member units a user may
name, and bounds of lists and texts."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from alliances.models import Alliance, Membership
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, date_window_message
from units.models import MemberUnit

# The one window of dates the alliances accept (``liaoyuan.core.validators``; founding, rotation, memberships,
# meetings, activities, terms, deadlines, report days): anything outside is a typing mistake, and would make
# the rotation run for ever.


def in_window(day: datetime.date) -> bool:
    """Returns whether ``day`` lies in the window ``EARLIEST_DAY`` … ``LATEST_DAY``."""
    return EARLIEST_DAY <= day <= LATEST_DAY


def date_window_error() -> str:
    """Returns the translated message for a day outside ``EARLIEST_DAY`` … ``LATEST_DAY``."""
    return date_window_message(EARLIEST_DAY, LATEST_DAY)


def check_dates(**days: datetime.date | datetime.datetime | None) -> None:
    """Raises ``ValidationError`` (field → message) for every given day or time (``None`` skipped) that lies
    outside the window; a time is judged by its local date."""
    errors = {}
    for field, value in days.items():
        if value is None:
            continue
        day = timezone.localtime(value).date() if isinstance(value, datetime.datetime) else value
        if not in_window(day):
            errors[field] = date_window_error()
    if errors:
        raise ValidationError(errors)


def check_count(field: str, items, limit: int) -> list:
    """Returns ``items`` as a list; raises ``ValidationError`` on ``field`` when there are more than ``limit``."""
    items = list(items)
    if len(items) > limit:
        raise ValidationError(
            {field: _("At most %(limit)d entries (%(count)d were given).") % {"limit": limit, "count": len(items)}}
        )
    return items


def check_lengths(field: str, texts, length: int) -> None:
    """Raises ``ValidationError`` on ``field`` when one of ``texts`` is longer than ``length`` characters."""
    for number, text in enumerate(texts, 1):
        if len(text) > length:
            raise ValidationError(
                {
                    field: _("Entry %(number)d is %(count)d characters long; an entry has at most %(length)d.")
                    % {"number": number, "count": len(text), "length": length}
                }
            )


def members_on(alliance: Alliance, day: datetime.date) -> set[int]:
    """Returns the IDs of the units that are members of the alliance on ``day`` (``Membership.objects.on``)."""
    return set(Membership.objects.filter(alliance=alliance).on(day).values_list("unit_id", flat=True))


def units_in_sight(*, user) -> QuerySet[MemberUnit]:
    """Returns the member units the user may see and so name in a form: those ``accounts.scopes`` shows them
    and the members, current or past, of the alliances they may see (whose member lists show them)."""
    seen = scopes.visible(user, MemberUnit.objects.all()).values("pk")
    members = scopes.visible(user, Membership.objects.all()).values("unit_id")
    return MemberUnit.objects.filter(Q(pk__in=seen) | Q(pk__in=members))


def check_units_in_sight(*, user, field: str, units: Iterable[MemberUnit | None]) -> None:
    """Raises ``ValidationError`` on ``field``, naming no unit, when one of ``units`` is out of the user's
    sight, so that no later message can reveal its name. ``None`` (the party organisation) is skipped."""
    wanted = {u.pk for u in units if u is not None}
    if wanted and units_in_sight(user=user).filter(pk__in=wanted).count() != len(wanted):
        raise ValidationError({field: _("No such unit.")})
