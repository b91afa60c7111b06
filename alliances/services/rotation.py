"""The rotating chair (轮值主席): which member chairs each term, and the writes that adjust it.

Terms are aligned on a grid of ``Alliance.term_months`` months counted from ``Alliance.rotation_starts_on``
and tile the calendar: each term starts the day after the previous one ends. The rotation order on a day
is the ``chair_position`` of the units that are members on that day, plus the street or community
secretary at ``Alliance.secretary_chair_position`` (the secretary comes first on an equal place).

Stored ``ChairTerm`` rows win: a term that is stored (possibly swapped or skipped) keeps its chair, and the
terms after the last stored one are computed from it, the rotation moving on to the next place. Stored
terms that have not started and were not adjusted are re-chained when the membership changes.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import scopes
from alliances.models import Alliance, ChairTerm, JointMeeting, Membership
from alliances.services.common import check_dates
from units.models import MemberUnit

ONE_DAY = datetime.timedelta(days=1)
# Terms are stored, and computed for pages and the API, at most this far ahead of today: with the rotation
# starting in the date window (``alliances.services.common``) one call never makes more than a few hundred.
ROTATION_HORIZON_MONTHS = 60

SlotKey = tuple[int, int]  # (place in the rotation, 0 for the secretary / 1 for a unit)


@dataclass(frozen=True)
class Slot:
    """One place in the rotation order: a member unit, or the secretary when ``unit`` is None."""

    key: SlotKey
    unit: MemberUnit | None


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Returns ``day`` moved by ``months`` months, the day clamped to the end of a shorter month."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grid_boundary_after(alliance: Alliance, day: datetime.date) -> datetime.date:
    """Returns the first term boundary of the alliance's grid that falls strictly after ``day``."""
    start, step = alliance.rotation_starts_on, alliance.term_months
    if day < start:
        return start
    k = ((day.year - start.year) * 12 + day.month - start.month) // step
    while k > 0 and add_months(start, k * step) > day:
        k -= 1
    while add_months(start, k * step) <= day:
        k += 1
    return add_months(start, k * step)


def horizon(today: datetime.date | None = None) -> datetime.date:
    """Returns the last day the rotation is planned for: ``ROTATION_HORIZON_MONTHS`` after today."""
    return add_months(today or timezone.localdate(), ROTATION_HORIZON_MONTHS)


def is_member_on(membership: Membership, day: datetime.date) -> bool:
    """Returns whether the membership covers ``day``: the in-memory twin of ``Membership.objects.on(day)``
    (from the day of joining until the day before leaving; ``left_on`` is the first day out)."""
    return membership.joined_on <= day and (membership.left_on is None or day < membership.left_on)


def rotation_order(alliance: Alliance, memberships: Iterable[Membership], *, on: datetime.date) -> list[Slot]:
    """Returns the rotation order on ``on``: the secretary and the chairing members, by place."""
    slots = [Slot((alliance.secretary_chair_position, 0), None)]
    slots += [
        Slot((m.chair_position, 1), m.unit) for m in memberships if m.chair_position is not None and is_member_on(m, on)
    ]
    return sorted(slots, key=lambda s: s.key)


def successor(order: Sequence[Slot], key: SlotKey | None) -> Slot:
    """Returns the slot that chairs after the place ``key`` (the first slot when ``key`` is None)."""
    if key is not None:
        for slot in order:
            if slot.key > key:
                return slot
    return order[0]


def chair_key(alliance: Alliance, memberships: Iterable[Membership], term: ChairTerm) -> SlotKey | None:
    """Returns the place in the rotation of the term's chair (None when the chair never had a place)."""
    if term.chair_unit_id is None:
        return (alliance.secretary_chair_position, 0)
    own = [m for m in memberships if m.unit_id == term.chair_unit_id and m.chair_position is not None]
    if not own:
        return None
    current = [m for m in own if is_member_on(m, term.starts_on)]
    chosen = current[0] if current else max(own, key=lambda m: m.joined_on)
    return (chosen.chair_position, 1)


def project_terms(
    alliance: Alliance, *, stored: Sequence[ChairTerm], memberships: Sequence[Membership], until: datetime.date
) -> list[ChairTerm]:
    """Returns the alliance's terms from the first one through the one containing ``until``: the stored
    terms as they are, then unsaved terms computed from the rotation (pure: no query when the
    memberships come with their unit)."""
    terms = sorted(stored, key=lambda t: t.starts_on)
    if terms:
        start, key = terms[-1].ends_on + ONE_DAY, chair_key(alliance, memberships, terms[-1])
    else:
        start, key = alliance.rotation_starts_on, None
    while start <= until:
        order = rotation_order(alliance, memberships, on=start)
        slot = successor(order, key)
        term = ChairTerm(
            alliance=alliance,
            starts_on=start,
            ends_on=grid_boundary_after(alliance, start) - ONE_DAY,
            chair_unit=slot.unit,
        )
        terms.append(term)
        start, key = term.ends_on + ONE_DAY, slot.key
    return terms


def term_on(terms: Iterable[ChairTerm], day: datetime.date) -> ChairTerm | None:
    """Returns the term that contains ``day``, if any."""
    return next((t for t in terms if t.starts_on <= day <= t.ends_on), None)


def _load(alliance: Alliance) -> tuple[list[ChairTerm], list[Membership]]:
    stored = list(alliance.chair_terms.select_related("chair_unit").order_by("starts_on"))
    memberships = list(alliance.memberships.select_related("unit"))
    return stored, memberships


def chair_terms_ensure(*, alliance: Alliance, until: datetime.date, field: str = "until") -> list[ChairTerm]:
    """Stores the terms of the alliance through the one containing ``until`` and returns all its terms
    through that one, in order. Idempotent: terms already stored are kept as they are.

    Raises ``ValidationError`` on ``field`` when ``until`` lies beyond the horizon (``ROTATION_HORIZON_MONTHS``
    from today), so that no call stores more than a bounded number of terms.
    """
    if until > horizon():
        raise ValidationError(
            {
                field: _("The rotation is planned at most %(years)d years ahead; choose an earlier day.")
                % {"years": ROTATION_HORIZON_MONTHS // 12}
            }
        )
    with transaction.atomic():
        # one writer at a time per alliance, so two runs do not compute the same new terms
        Alliance.objects.select_for_update().filter(pk=alliance.pk).exists()
        stored, memberships = _load(alliance)
        terms = project_terms(alliance, stored=stored, memberships=memberships, until=until)
        ChairTerm.objects.bulk_create([t for t in terms if t.pk is None])
    return [t for t in terms if t.starts_on <= until]


def _check_can_adjust(user, alliance: Alliance) -> None:
    if not scopes.can_change(user, alliance):
        raise PermissionDenied


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for this change to the rotation.")})
    return reason


def _terms_through(alliance: Alliance, day: datetime.date, field: str) -> list[ChairTerm]:
    """Stores the terms through the one containing ``day`` and the one after it; returns them all."""
    terms = chair_terms_ensure(alliance=alliance, until=day, field=field)
    if not terms:
        return terms
    return chair_terms_ensure(alliance=alliance, until=terms[-1].ends_on + ONE_DAY, field=field)


def _term_starting(terms: Sequence[ChairTerm], day: datetime.date | None, field: str) -> ChairTerm:
    term = next((t for t in terms if t.starts_on == day), None)
    if term is None:
        raise ValidationError(
            {
                field: _(
                    "No term starts on %(day)s. Terms are changed whole, so that a change cannot leave "
                    "a gap or an overlap between terms."
                )
                % {"day": day.isoformat() if day else "—"}
            }
        )
    if term.ends_on < timezone.localdate():
        raise ValidationError({field: _("A term that has ended cannot be changed.")})
    return term


def _check_chair_is_member(alliance: Alliance, memberships: Sequence[Membership], term: ChairTerm, field: str):
    if term.chair_unit_id is None:
        return
    if not any(m.unit_id == term.chair_unit_id and is_member_on(m, term.starts_on) for m in memberships):
        raise ValidationError(
            {
                field: _("%(unit)s is not a member of the alliance on %(day)s and cannot chair that term.")
                % {"unit": term.chair_unit, "day": term.starts_on.isoformat()}
            }
        )


def tiling_errors(
    terms: Sequence[ChairTerm],
    *,
    changed: ChairTerm | None = None,
    start_field: str = "starts_on",
    end_field: str = "ends_on",
) -> dict[str, str]:
    """Returns field errors when the terms (of one alliance) do not tile the calendar: each term must
    start the day after the previous one ends. Empty when they tile. The error is put on ``start_field``
    when the ``changed`` term's start is at fault, on ``end_field`` when its end is."""
    ordered = sorted(terms, key=lambda t: (t.starts_on, t.ends_on))
    for term in ordered:
        if term.ends_on < term.starts_on:
            return {end_field: _("A term cannot end before it starts.")}
    for previous, term in zip(ordered, ordered[1:], strict=False):
        expected = previous.ends_on + ONE_DAY
        field = end_field if previous is changed else start_field
        if term.starts_on > expected:
            return {
                field: _("This change would leave a gap from %(a)s to %(b)s without a chair.")
                % {"a": expected.isoformat(), "b": (term.starts_on - ONE_DAY).isoformat()}
            }
        if term.starts_on < expected:
            return {
                field: _("This change would make two terms overlap from %(a)s to %(b)s.")
                % {"a": term.starts_on.isoformat(), "b": min(previous.ends_on, term.ends_on).isoformat()}
            }
    return {}


def _save_terms(terms: Sequence[ChairTerm], fields: list[str]) -> None:
    now = timezone.now()
    for term in terms:
        term.updated_at = now
    ChairTerm.objects.bulk_update(terms, [*fields, "updated_at"])


def _retarget_draft_meetings(terms: Sequence[ChairTerm]) -> None:
    """Draft meetings of terms whose chair changed get the new chair as host: one UPDATE per new host, so that
    the value is a plain parameter (NULL for the party organisation) and never an untyped expression."""
    by_host: dict[int | None, list[int]] = defaultdict(list)
    for term in terms:
        by_host[term.chair_unit_id].append(term.pk)
    for host_id, term_ids in by_host.items():
        JointMeeting.objects.filter(term_id__in=term_ids, status=JointMeeting.Status.DRAFT).update(host_unit_id=host_id)


def rechain(*, alliance: Alliance, after: datetime.date) -> list[ChairTerm]:
    """Recomputes the chairs of the stored terms that start after ``after`` and have not started yet, from
    the rotation as it stands: terms that were not adjusted, and adjusted ones whose chair is no longer a
    member. Returns the terms whose chair changed."""
    after = max(after, timezone.localdate())
    stored, memberships = _load(alliance)
    anchor = None
    changed = []
    for term in stored:
        if term.starts_on <= after:
            anchor = term
            continue
        cursor = chair_key(alliance, memberships, anchor) if anchor is not None else None
        natural = successor(rotation_order(alliance, memberships, on=term.starts_on), cursor)
        chair_is_member = term.chair_unit_id is None or any(
            m.unit_id == term.chair_unit_id and is_member_on(m, term.starts_on) for m in memberships
        )
        if (not term.adjustment_reason or not chair_is_member) and term.chair_unit_id != (
            natural.unit.pk if natural.unit else None
        ):
            term.chair_unit = natural.unit
            changed.append(term)
        # an adjusted (swapped) term keeps its chair, but the rotation moves on as if it had not been
        anchor = (
            term
            if not term.adjustment_reason
            else ChairTerm(alliance=alliance, starts_on=term.starts_on, ends_on=term.ends_on, chair_unit=natural.unit)
        )
    if changed:
        _save_terms(changed, ["chair_unit"])
        _retarget_draft_meetings(changed)
    return changed


def chair_term_swap(
    *, user, alliance: Alliance, starts_on: datetime.date, other_starts_on: datetime.date, reason: str
) -> tuple[ChairTerm, ChairTerm]:
    """Exchanges the chairs of the two terms starting on the given days and returns both terms.

    The rotation after them goes on as before. Raises ``ValidationError`` when a day is not the first day
    of a term (a swap moves whole terms, so it cannot leave a gap or an overlap), when a term has ended or
    when a chair would not be a member during its new term.
    """
    _check_can_adjust(user, alliance)
    check_dates(starts_on=starts_on, other_starts_on=other_starts_on)
    reason = _reason(reason)
    if starts_on == other_starts_on:
        raise ValidationError({"other_starts_on": _("Choose two different terms to swap.")})
    with transaction.atomic():
        later = "starts_on" if starts_on > other_starts_on else "other_starts_on"
        terms = _terms_through(alliance, max(starts_on, other_starts_on), later)
        first = _term_starting(terms, starts_on, "starts_on")
        second = _term_starting(terms, other_starts_on, "other_starts_on")
        first.chair_unit, second.chair_unit = second.chair_unit, first.chair_unit
        first.adjustment_reason = second.adjustment_reason = reason
        memberships = list(alliance.memberships.all())
        _check_chair_is_member(alliance, memberships, first, "starts_on")
        _check_chair_is_member(alliance, memberships, second, "other_starts_on")
        errors = tiling_errors(terms)
        if errors:
            raise ValidationError(errors)
        _save_terms([first, second], ["chair_unit", "adjustment_reason"])
        _retarget_draft_meetings([first, second])
    return first, second


def chair_term_skip(*, user, alliance: Alliance, starts_on: datetime.date, reason: str) -> ChairTerm:
    """Passes over the chair of the term starting on ``starts_on``: the next in the rotation chairs it and
    the rotation moves on from there. Returns the term."""
    _check_can_adjust(user, alliance)
    check_dates(starts_on=starts_on)
    reason = _reason(reason)
    with transaction.atomic():
        terms = _terms_through(alliance, starts_on, "starts_on")
        term = _term_starting(terms, starts_on, "starts_on")
        memberships = list(alliance.memberships.select_related("unit"))
        order = rotation_order(alliance, memberships, on=term.starts_on)
        if len(order) < 2:
            raise ValidationError({"starts_on": _("Nobody else is in the rotation to chair this term.")})
        nxt = successor(order, chair_key(alliance, memberships, term))
        if (nxt.unit.pk if nxt.unit else None) == term.chair_unit_id:
            raise ValidationError({"starts_on": _("Nobody else is in the rotation to chair this term.")})
        term.chair_unit = nxt.unit
        term.adjustment_reason = reason
        term.save(update_fields=["chair_unit", "adjustment_reason", "updated_at"])
        _retarget_draft_meetings([term])
        rechain(alliance=alliance, after=term.starts_on)
    return term


def chair_term_reschedule(
    *,
    user,
    alliance: Alliance,
    starts_on: datetime.date,
    new_starts_on: datetime.date,
    new_ends_on: datetime.date,
    reason: str,
) -> ChairTerm:
    """Moves the dates of the stored term starting on ``starts_on`` and returns it.

    Terms tile the calendar: raises ``ValidationError`` on ``new_starts_on``/``new_ends_on`` when the new
    dates would leave a gap or an overlap with the stored terms before or after it.
    """
    _check_can_adjust(user, alliance)
    check_dates(starts_on=starts_on, new_starts_on=new_starts_on, new_ends_on=new_ends_on)
    reason = _reason(reason)
    with transaction.atomic():
        chair_terms_ensure(alliance=alliance, until=starts_on, field="starts_on")
        terms = list(alliance.chair_terms.order_by("starts_on"))
        term = _term_starting(terms, starts_on, "starts_on")
        term.starts_on, term.ends_on, term.adjustment_reason = new_starts_on, new_ends_on, reason
        errors = tiling_errors(terms, changed=term, start_field="new_starts_on", end_field="new_ends_on")
        if errors:
            raise ValidationError(errors)
        term.save(update_fields=["starts_on", "ends_on", "adjustment_reason", "updated_at"])
    return term
