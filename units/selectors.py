from django.db.models import QuerySet

from accounts import scopes
from units.models import MemberUnit


def unit_list(*, user) -> QuerySet[MemberUnit]:
    """Returns the member units the user may see, with their community joined."""
    return scopes.visible(user, MemberUnit.objects.select_related("location")).order_by("name", "pk")
