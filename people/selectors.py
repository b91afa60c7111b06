from django.db.models import QuerySet

from accounts import scopes
from people.models import Duty, Person


def person_list(*, user) -> QuerySet[Person]:
    """Returns the people the user may see, with what a list shows already joined."""
    return scopes.visible(user, Person.objects.select_related("node", "work_unit")).order_by("node__path", "pk")


def duty_list(*, user, serving_only: bool = True) -> QuerySet[Duty]:
    qs = scopes.visible(user, Duty.objects.select_related("person", "node"))
    if serving_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.order_by("node__path", "kind")
