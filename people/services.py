"""Writes about people, and the one door to their whole personal data."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import scopes
from grids import summaries
from grids.models import Household, Node
from liaoyuan.core import masking
from people import summaries as duty_summaries
from people.models import CHIEF_KINDS, DUTY_NODE_KINDS, Duty, Person, PersonalDataAccess


@dataclass(frozen=True)
class PersonalData:
    name: str
    phone: str
    id_number: str
    address: str
    whole: bool
    own: bool = False  # the user's own record: whole, and no one else's data was looked at


def person_personal_data(*, user, person: Person, channel: str) -> PersonalData:
    """Returns the person's personal data: whole (and logged) for the user themself and for those who may
    act on the person (who may change the record), masked for everyone else in scope.

    Raises ``PermissionDenied`` when the person is outside the user's scope.
    """
    if not scopes.can_view(user, person):
        raise PermissionDenied
    address = person.household.address if person.household_id else ""
    own = user.person_id == person.pk
    if own or scopes.can_change(user, person):
        if not own:
            PersonalDataAccess.objects.create(user=user, person=person, channel=channel)
        return PersonalData(person.name, person.phone, person.id_number, address, whole=True, own=own)
    return PersonalData(
        masking.mask_name(person.name),
        masking.mask_phone(person.phone),
        masking.mask_id_number(person.id_number),
        masking.mask_address(address),
        whole=False,
    )


PERSON_FIELDS = ("name", "gender", "birth_date", "phone", "id_number", "party_status", "work_unit", "reported_on")


def _person_save(person: Person) -> Person:
    if person.id_number:
        person.id_number = person.id_number.upper()
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def person_add_to_household(*, user, household: Household, **fields) -> Person:
    """Adds a resident to ``household`` (living in its stairwell unit) and returns them.

    Raises ``PermissionDenied`` when the user may not change the household, ``ValidationError`` on bad data.
    """
    if not scopes.can_change(user, household):
        raise PermissionDenied
    person = Person(household=household, node=household.node, **{k: fields[k] for k in PERSON_FIELDS if k in fields})
    _person_save(person)
    summaries.people_added(person.node, party_members=int(person.is_party_member))
    return person


@transaction.atomic
def person_update(*, user, person: Person, **fields) -> Person:
    """Changes a person's record and returns it. Raises ``PermissionDenied`` when not allowed."""
    if not scopes.can_change(user, person):
        raise PermissionDenied
    # as stored, not as the instance may already read (a bound ModelForm writes into its instance)
    old_node_id, old_status = Person.objects.filter(pk=person.pk).values_list("node_id", "party_status").get()
    for key in PERSON_FIELDS:
        if key in fields:
            setattr(person, key, fields[key])
    _person_save(person)
    summaries.person_moved(
        old_node=Node.objects.get(pk=old_node_id) if old_node_id != person.node_id else person.node,
        old_member=old_status != Person.PartyStatus.NONE,
        new_node=person.node,
        new_member=person.is_party_member,
    )
    return person


def _duty_errors(*, person: Person, kind: str, node: Node, is_leader: bool, started_on) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in Duty.Kind.values:
        return {"kind": _("Choose a post.")}
    if node.kind not in DUTY_NODE_KINDS[kind]:
        errors["node"] = _("A %(post)s is held at a %(places)s.") % {
            "post": Duty.Kind(kind).label,
            "places": "、".join(str(Node.Kind(k).label) for k in sorted(DUTY_NODE_KINDS[kind])),
        }
    serving = Duty.objects.filter(node=node, kind=kind, ended_on__isnull=True)
    if serving.filter(person=person).exists():
        errors["person"] = _("%(person)s already holds this post here.") % {"person": person.name}
    if kind == Duty.Kind.FIRST_SECRETARY and serving.exists():
        errors["kind"] = _("This place already has a serving first secretary.")
    if is_leader and kind not in CHIEF_KINDS:
        errors["is_leader"] = _("Only chiefs have a leader among them.")
    elif is_leader and serving.filter(is_leader=True).exists():
        errors["is_leader"] = _("Another serving chief here already leads; end their lead first.")
    return errors


@transaction.atomic
def duty_appoint(
    *,
    user,
    person: Person,
    kind: str,
    node: Node,
    started_on,
    employment: str = Duty.Employment.PART_TIME,
    is_leader: bool = False,
    area: str = "",
) -> Duty:
    """Appoints ``person`` to a post at ``node`` and returns the post. A node may have several serving chiefs
    of a kind, full-time or part-time, one of them leading; it has one serving first secretary."""
    if not scopes.can_create_under(user, node):
        raise PermissionDenied
    errors = _duty_errors(person=person, kind=kind, node=node, is_leader=is_leader, started_on=started_on)
    if errors:
        raise ValidationError(errors)
    duty = Duty(
        person=person,
        kind=kind,
        node=node,
        started_on=started_on,
        employment=employment,
        is_leader=is_leader,
        area=area,
    )
    duty.full_clean(validate_constraints=False)
    duty.save()
    duty_summaries.duty_started(duty)
    return duty


@transaction.atomic
def duty_end(*, user, duty: Duty, ended_on) -> Duty:
    """Ends a post on ``ended_on`` (its last day) and returns it; the row stays as history."""
    from django.core.exceptions import ValidationError

    if not scopes.can_change(user, duty):
        raise PermissionDenied
    if duty.ended_on is not None:
        raise ValidationError({"ended_on": _("This post has already ended.")})
    if ended_on < duty.started_on:
        raise ValidationError({"ended_on": _("A post cannot end before it starts.")})
    duty.ended_on = ended_on
    duty.save(update_fields=["ended_on", "updated_at"])
    duty_summaries.duty_ended(duty)
    return duty
