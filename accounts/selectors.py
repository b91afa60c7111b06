from django.db.models import QuerySet

from accounts.models import RoleAssignment


def role_assignments(*, user) -> QuerySet[RoleAssignment]:
    """Returns the user's role assignments with the node or unit they are bound to."""
    return RoleAssignment.objects.filter(user=user).select_related("node", "unit").order_by("role", "pk")
