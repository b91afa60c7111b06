"""Writes about joint meetings (联席会议): scheduling, the draft of each new chair term, attendance, minutes
and decisions."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import scopes
from alliances.duties import DRAFT_UNCONFIRMED, MINUTES_OVERDUE
from alliances.models import (
    MAX_AGENDA_ITEMS,
    MAX_ATTENDANCE_ROWS,
    MAX_DECISIONS,
    AgendaItem,
    Alliance,
    Attendance,
    ChairTerm,
    Decision,
    JointMeeting,
    TrackedProblem,
)
from alliances.services import rotation
from alliances.services.common import check_count, check_dates, check_lengths, check_units_in_sight, members_on
from notifications.services import duty_resolve
from units.models import MemberUnit

Status = JointMeeting.Status

# The one table of allowed status changes of a meeting.
MEETING_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SCHEDULED, Status.CANCELLED}),
    Status.SCHEDULED: frozenset({Status.HELD, Status.CANCELLED}),
    Status.HELD: frozenset(),
    Status.CANCELLED: frozenset(),
}
CREATE_STATUSES = frozenset({Status.DRAFT, Status.SCHEDULED, Status.HELD})
DRAFT_DAYS_AFTER_TERM_START = 14  # a term's draft meeting is proposed two weeks into the term, at 9:00
DRAFT_HOUR = 9


class _TermChair:
    """Sentinel: the host is the unit (or secretary) chairing the term in which the meeting falls."""

    def __repr__(self):
        return "TERM_CHAIR"


TERM_CHAIR = _TermChair()


@dataclass(frozen=True)
class AttendanceRow:
    """One line of attendance: ``unit`` None is the street or community party organisation."""

    unit: MemberUnit | None
    attendee: str
    status: str = Attendance.Status.PRESENT
    absence_reason: str = ""


def _not_member_error(unit: MemberUnit, day: datetime.date) -> str:
    return _("%(unit)s is not a member of this alliance on %(day)s.") % {"unit": unit, "day": day.isoformat()}


def can_create_meeting(user, alliance: Alliance) -> bool:
    """Whether the user may put meetings on the alliance's calendar: its managers, and the admins of a
    current member unit (who host the meetings of the terms they chair)."""
    if scopes.can_change(user, alliance):
        return True
    unit_ids = scopes.scope_of(user).unit_ids
    return bool(unit_ids) and alliance.memberships.filter(unit_id__in=unit_ids, left_on__isnull=True).exists()


def _check_times(*, starts_at: datetime.datetime, ends_at: datetime.datetime | None, status: str) -> None:
    check_dates(starts_at=starts_at, ends_at=ends_at)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
    now = timezone.now()
    if status == Status.SCHEDULED and starts_at <= now:
        raise ValidationError(
            {"starts_at": _("A meeting in the past cannot be scheduled; record it as held, or choose a later time.")}
        )
    if status == Status.HELD and starts_at > now:
        raise ValidationError({"starts_at": _("A meeting that has not begun yet cannot be recorded as held.")})


def _resolve_host(alliance: Alliance, host_unit, term: ChairTerm | None, day: datetime.date) -> MemberUnit | None:
    if host_unit is TERM_CHAIR:
        return term.chair_unit if term is not None else None
    if host_unit is not None and host_unit.pk not in members_on(alliance, day):
        raise ValidationError({"host_unit": _not_member_error(host_unit, day)})
    return host_unit


def _check_host_allowed(
    user, alliance: Alliance, host: MemberUnit | None, term: ChairTerm | None, day: datetime.date
) -> None:
    """Raises ``ValidationError`` when a unit admin who does not manage the alliance would have another unit
    (or the party organisation) host (on ``host_unit``), or would host a meeting on a day of a term that
    the unit does not chair (on ``starts_at``): member units put on the calendar the meetings of their own
    terms. The alliance's managers may arrange any host on any day."""
    if scopes.can_change(user, alliance):
        return
    if host is None or host.pk not in scopes.scope_of(user).unit_ids:
        raise ValidationError({"host_unit": _("Member units put on the calendar the meetings they host.")})
    if term is None or term.chair_unit_id != host.pk:
        raise ValidationError(
            {
                "starts_at": _(
                    "%(unit)s does not chair the alliance on %(day)s; a member unit hosts the meetings of the "
                    "terms it chairs."
                )
                % {"unit": host, "day": day.isoformat()}
            }
        )


def _term_for(alliance: Alliance, day: datetime.date) -> ChairTerm | None:
    terms = rotation.chair_terms_ensure(alliance=alliance, until=day, field="starts_at")
    return rotation.term_on(terms, day)


def _clean_lines(lines: Sequence[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def _agenda(agenda: Sequence[str]) -> list[str]:
    """Returns the agenda's items (blank lines left out); raises ``ValidationError`` on ``agenda`` when there
    are more than ``MAX_AGENDA_ITEMS`` or one is too long."""
    items = check_count("agenda", _clean_lines(agenda), MAX_AGENDA_ITEMS)
    check_lengths("agenda", items, AgendaItem._meta.get_field("title").max_length)
    return items


def _set_agenda(meeting: JointMeeting, agenda: list[str]) -> None:
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=title) for i, title in enumerate(agenda, 1)
    )


def meeting_create(
    *,
    user,
    alliance: Alliance,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    ends_at: datetime.datetime | None = None,
    host_unit=TERM_CHAIR,
    status: str = Status.SCHEDULED,
    agenda: Sequence[str] = (),
) -> JointMeeting:
    """Puts a joint meeting on the alliance's calendar and returns it.

    The host defaults to the chair of the term in which the meeting falls. A meeting is created as a
    draft, scheduled (only in the future) or held (only in the past, to record it afterwards).
    """
    if not can_create_meeting(user, alliance):
        raise PermissionDenied
    if host_unit is not TERM_CHAIR:
        check_units_in_sight(user=user, field="host_unit", units=[host_unit])
    if status not in CREATE_STATUSES:
        raise ValidationError({"status": _("A new meeting is a draft, scheduled, or already held.")})
    agenda = _agenda(agenda)
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the meeting takes place.")})
    _check_times(starts_at=starts_at, ends_at=ends_at, status=status)
    day = timezone.localtime(starts_at).date()
    with transaction.atomic():
        term = _term_for(alliance, day)
        host = _resolve_host(alliance, host_unit, term, day)
        _check_host_allowed(user, alliance, host, term, day)
        meeting = JointMeeting.objects.create(
            alliance=alliance,
            term=term,
            host_unit=host,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            status=status,
            created_by=user,
        )
        _set_agenda(meeting, agenda)
    return meeting


def meeting_values(meeting: JointMeeting) -> dict:
    """Returns the meeting's current values as the keyword arguments of ``meeting_update`` (for partial
    updates): the host as it is, not the chair of the term."""
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "host_unit": meeting.host_unit,
        "agenda": list(meeting.agenda_items.order_by("position").values_list("title", flat=True)),
    }


def meeting_update(
    *,
    user,
    meeting: JointMeeting,
    title: str,
    starts_at: datetime.datetime,
    place: str,
    ends_at: datetime.datetime | None = None,
    host_unit=TERM_CHAIR,
    agenda: Sequence[str] = (),
) -> JointMeeting:
    """Changes a meeting's title, time, place, host and agenda and returns it. A scheduled meeting cannot
    be moved into the past, nor a held one into the future; a cancelled meeting is not changed. The host
    unit's admin (who does not manage the alliance) cannot hand the meeting to another host."""
    if not scopes.can_change(user, meeting):
        raise PermissionDenied
    if host_unit is not TERM_CHAIR:
        check_units_in_sight(user=user, field="host_unit", units=[host_unit])
    if meeting.status == Status.CANCELLED:
        raise ValidationError({"status": _("A cancelled meeting cannot be changed.")})
    agenda = _agenda(agenda)
    if not title.strip():
        raise ValidationError({"title": _("Give the meeting a title.")})
    if not place.strip():
        raise ValidationError({"place": _("Say where the meeting takes place.")})
    if meeting.status != Status.SCHEDULED or starts_at != meeting.starts_at:
        _check_times(starts_at=starts_at, ends_at=ends_at, status=meeting.status)
    elif ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A meeting ends after it starts.")})
    else:
        check_dates(ends_at=ends_at)
    day = timezone.localtime(starts_at).date()
    with transaction.atomic():
        term = _term_for(meeting.alliance, day)
        host = _resolve_host(meeting.alliance, host_unit, term, day)
        if host != meeting.host_unit or starts_at != meeting.starts_at:
            _check_host_allowed(user, meeting.alliance, host, term, day)
        meeting.title, meeting.starts_at, meeting.ends_at = title.strip(), starts_at, ends_at
        meeting.place, meeting.host_unit, meeting.term = place.strip(), host, term
        meeting.save()
        _set_agenda(meeting, agenda)
    return meeting


def _transition(meeting: JointMeeting, to: str) -> None:
    if to not in MEETING_TRANSITIONS[meeting.status]:
        raise ValidationError(
            {
                "status": _("A meeting that is “%(from)s” cannot become “%(to)s”.")
                % {"from": Status(meeting.status).label, "to": Status(to).label}
            }
        )
    meeting.status = to


def meeting_confirm(*, user, meeting: JointMeeting) -> JointMeeting:
    """The chair confirms a draft meeting: it becomes scheduled (only if it lies in the future). Returns it."""
    if not scopes.can_change(user, meeting):
        raise PermissionDenied
    _transition(meeting, Status.SCHEDULED)
    _check_times(starts_at=meeting.starts_at, ends_at=meeting.ends_at, status=Status.SCHEDULED)
    meeting.save(update_fields=["status", "updated_at"])
    duty_resolve(kind=DRAFT_UNCONFIRMED.key, target=meeting)
    return meeting


def meeting_cancel(*, user, meeting: JointMeeting) -> JointMeeting:
    """Cancels a draft or scheduled meeting and returns it."""
    if not scopes.can_change(user, meeting):
        raise PermissionDenied
    _transition(meeting, Status.CANCELLED)
    meeting.save(update_fields=["status", "updated_at"])
    duty_resolve(kind=DRAFT_UNCONFIRMED.key, target=meeting)
    duty_resolve(kind=MINUTES_OVERDUE.key, target=meeting)
    return meeting


def _check_can_record(user, meeting: JointMeeting) -> None:
    if not scopes.can_change(user, meeting):
        raise PermissionDenied
    if meeting.status not in (Status.SCHEDULED, Status.HELD):
        raise ValidationError(
            {"status": _("Attendance and minutes are recorded for scheduled meetings; confirm the draft first.")}
        )
    if meeting.starts_at > timezone.now():
        raise ValidationError({"status": _("Attendance and minutes are recorded once the meeting has begun.")})


def _mark_held(meeting: JointMeeting) -> None:
    if meeting.status != Status.HELD:
        _transition(meeting, Status.HELD)


def meeting_attendance_record(*, user, meeting: JointMeeting, rows: Sequence[AttendanceRow]) -> list[Attendance]:
    """Replaces the meeting's attendance with ``rows`` (per unit and person), marks the meeting held and
    returns the attendance. Raises ``ValidationError`` on ``attendance`` when a unit was not a member of the
    alliance on the day of the meeting, a name is missing, a person appears twice or an absence has no
    reason."""
    _check_can_record(user, meeting)
    rows = check_count("attendance", rows, MAX_ATTENDANCE_ROWS)
    check_units_in_sight(user=user, field="attendance", units=[row.unit for row in rows])
    day = timezone.localtime(meeting.starts_at).date()
    members = members_on(meeting.alliance, day)
    errors, seen, records = [], set(), []
    for row in rows:
        attendee = row.attendee.strip()
        if row.unit is not None and row.unit.pk not in members:
            errors.append(_not_member_error(row.unit, day))
        if not attendee:
            errors.append(_("Name each attendee."))
            continue
        if (row.unit.pk if row.unit else None, attendee) in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": attendee})
        seen.add((row.unit.pk if row.unit else None, attendee))
        if row.status not in Attendance.Status.values:
            errors.append(_("Choose present or absent for %(name)s.") % {"name": attendee})
        absent = row.status == Attendance.Status.ABSENT
        if absent and not row.absence_reason.strip():
            errors.append(_("Give the reason why %(name)s was absent.") % {"name": attendee})
        records.append(
            Attendance(
                meeting=meeting,
                unit=row.unit,
                attendee=attendee,
                status=row.status,
                absence_reason=row.absence_reason.strip() if absent else "",
            )
        )
    if errors:
        raise ValidationError({"attendance": list(dict.fromkeys(errors))})
    with transaction.atomic():
        meeting.attendance.all().delete()
        records = Attendance.objects.bulk_create(records)
        _mark_held(meeting)
        meeting.save(update_fields=["status", "updated_at"])
    return records


def meeting_minutes_record(*, user, meeting: JointMeeting, minutes: str, decisions: Sequence[str] = ()) -> JointMeeting:
    """Records the minutes and decisions of a meeting that has taken place, marks it held and returns it.

    Decisions are kept by their order: a decision that became a tracked problem cannot be removed.
    """
    _check_can_record(user, meeting)
    minutes = minutes.strip()
    if not minutes:
        raise ValidationError({"minutes": _("Write the minutes of the meeting.")})
    texts = check_count("decisions", _clean_lines(decisions), MAX_DECISIONS)
    check_lengths("decisions", texts, Decision._meta.get_field("text").max_length)
    with transaction.atomic():
        existing = {
            d.position: d
            for d in meeting.decisions.annotate(
                has_problems=Exists(TrackedProblem.objects.filter(decision=OuterRef("pk")))
            )
        }
        removed = [d for pos, d in existing.items() if pos > len(texts)]
        if any(d.has_problems for d in removed):
            raise ValidationError(
                {"decisions": _("A decision that became a tracked problem cannot be removed; change its text instead.")}
            )
        Decision.objects.filter(pk__in=[d.pk for d in removed]).delete()
        changed, new = [], []
        for position, text in enumerate(texts, 1):
            if position in existing:
                if existing[position].text != text:
                    existing[position].text = text
                    changed.append(existing[position])
            else:
                new.append(Decision(meeting=meeting, position=position, text=text))
        Decision.objects.bulk_update(changed, ["text"])
        Decision.objects.bulk_create(new)
        meeting.minutes = minutes
        meeting.minutes_recorded_at = meeting.minutes_recorded_at or timezone.now()
        _mark_held(meeting)
        meeting.save(update_fields=["minutes", "minutes_recorded_at", "status", "updated_at"])
        duty_resolve(kind=MINUTES_OVERDUE.key, target=meeting)
    return meeting


def _draft_starts_at(term: ChairTerm, on: datetime.date) -> datetime.datetime:
    day = min(max(term.starts_on, on) + datetime.timedelta(days=DRAFT_DAYS_AFTER_TERM_START), term.ends_on)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(DRAFT_HOUR)))


def term_meeting_draft_ensure(*, alliance_id: int, on: datetime.date) -> JointMeeting | None:
    """Schedules in draft the joint meeting of the term running on ``on``, hosted by its chair, for the chair
    to confirm. Returns the new draft, or None when the term already has a meeting (or none runs).

    Idempotent: the work is claimed by a conditional update of the term (only while it has no meeting),
    with the alliance locked, so running twice or concurrently makes one draft. A day beyond the rotation's
    horizon has no term to draft for.
    """
    if on > rotation.horizon():
        return None
    with transaction.atomic():
        alliance = Alliance.objects.select_for_update().select_related("node").filter(pk=alliance_id).first()
        if alliance is None:
            return None
        term = rotation.term_on(rotation.chair_terms_ensure(alliance=alliance, until=on), on)
        if term is None:
            return None
        has_meeting = Exists(JointMeeting.objects.filter(term=OuterRef("pk")))
        claimed = ChairTerm.objects.filter(~has_meeting, pk=term.pk).update(updated_at=timezone.now())
        if not claimed:
            return None
        host = term.chair_unit
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Joint meeting, term %(start)s – %(end)s") % {
                "start": term.starts_on.isoformat(),
                "end": term.ends_on.isoformat(),
            }
            place = (host.address if host else alliance.node.address) or _("To be confirmed by the chair")
        return JointMeeting.objects.create(
            alliance=alliance,
            term=term,
            host_unit=host,
            title=title,
            starts_at=_draft_starts_at(term, on),
            place=place[:150],
            status=Status.DRAFT,
        )
