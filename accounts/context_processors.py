from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from accounts.models import Role


def navigation(request):
    """Returns the navigation entries the signed-in user's roles call for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scopes.scope_of(user)
    items = [(_("Home"), reverse("home"))]
    if scope.is_superuser or scope.paths_by_role:
        items += [
            (_("Organisation tree"), reverse("grids:tree")),
            (_("Alliances"), reverse("alliances:list")),
            (_("Member units"), reverse("units:list")),
            (_("People"), reverse("people:list")),
        ]
    elif scope.unit_ids:
        items += [(_("My unit"), reverse("units:list")), (_("Alliances"), reverse("alliances:list"))]
    return {
        "nav_items": items,
        "nav_roles": sorted({Role(r).label for r in scope.roles}, key=str),
    }
