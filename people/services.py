"""Writes about people, and the one door to their whole personal data."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import scopes
from grids import summaries
from grids.models import Household, Node
from liaoyuan.core import masking
from people.models import Person, PersonalDataAccess


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
