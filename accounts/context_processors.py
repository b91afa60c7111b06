from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from accounts.models import Role


def navigation(request):
    """Returns the navigation the signed-in user's roles call for: ``nav_items`` is a list of
    ``{"label", "url"}`` links and ``{"label", "children": [(label, url), …]}`` menus."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scopes.scope_of(user)
    items: list = [(_("Home"), reverse("home"))]  # (label, url) or (label, [(label, url), …])
    if scope.is_superuser or scope.paths_by_role:
        items += [
            (_("Organisation tree"), reverse("grids:tree")),
            (
                _("Alliances"),
                [
                    (_("Alliances"), reverse("alliances:list")),
                    (_("Joint meetings"), reverse("alliances:meetings")),
                    (_("Tracked problems"), reverse("alliances:problems")),
                    (_("Activities"), reverse("alliances:activities")),
                    (_("“Four ones”"), reverse("alliances:four_ones")),
                    (_("Exports"), reverse("alliances:exports")),
                ],
            ),
            (_("Member units"), reverse("units:list")),
            (_("Party organisations"), reverse("organisations:list")),
            (_("People"), [(_("People"), reverse("people:list")), (_("Households"), reverse("grids:households"))]),
            (_("Review in the open"), reverse("reviews:calendar")),
        ]
    elif scope.unit_ids:
        items += [
            (_("My unit"), reverse("units:list")),
            (_("Party organisation"), reverse("organisations:list")),
            (_("Alliances"), reverse("alliances:list")),
            (_("Problems assigned to us"), reverse("alliances:inbox")),
            (_("Joint meetings"), reverse("alliances:meetings")),
            (_("Activities"), reverse("alliances:activities")),
            (_("Duties"), reverse("reviews:calendar")),
        ]
    elif scope.person_id:
        items += [(_("Duties"), reverse("reviews:calendar"))]
    return {
        "nav_items": [
            {"label": label, "children": target} if isinstance(target, list) else {"label": label, "url": target}
            for label, target in items
        ],
        "nav_roles": sorted({Role(r).label for r in scope.roles}, key=str),
    }
