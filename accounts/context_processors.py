from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import scopes
from accounts.models import Role

# who enters a wish on a resident's behalf (wishes.services.wishes.ENTRY_ROLES)
WISH_ENTRY_ROLES = frozenset(
    {Role.STREET_SECRETARY, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER, Role.CHIEF}
)


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
            (
                _("Four lists"),
                [
                    (_("Overview"), reverse("ledgers:index")),
                    (_("Needs"), reverse("ledgers:needs")),
                    (_("Resources"), reverse("ledgers:resources")),
                    (_("Projects"), reverse("ledgers:projects")),
                    (_("Responsibilities"), reverse("ledgers:responsibilities")),
                    (_("Secretary projects"), reverse("ledgers:secretary_projects")),
                    (_("Contact points"), reverse("ledgers:contact_points")),
                    (_("Excel in and out"), reverse("ledgers:excel")),
                ],
            ),
            (
                _("Resource sharing"),
                [
                    (_("Shared venues"), reverse("sharing:venues")),
                    (_("Venue bookings"), reverse("sharing:bookings")),
                    (_("Job postings"), reverse("sharing:jobs")),
                    (_("Job referrals"), reverse("sharing:referrals")),
                    (_("Training sessions"), reverse("sharing:trainings")),
                    (_("8:30 class"), reverse("sharing:class")),
                    (_("Old compounds"), reverse("compounds:list")),
                    (_("Sharing in figures"), reverse("sharing:figures")),
                ],
            ),
            (
                _("Vanguard posts"),
                [
                    (_("Vanguard posts"), reverse("volunteers:posts")),
                    (_("Dual reports"), reverse("volunteers:reports")),
                    (_("Reported members"), reverse("volunteers:roster")),
                    (_("Claims"), reverse("volunteers:claims")),
                    (_("Service hours"), reverse("volunteers:records")),
                    (_("Emergency mobilisation"), reverse("volunteers:emergency")),
                ],
            ),
            (_("Member units"), reverse("units:list")),
            (_("Party organisations"), reverse("organisations:list")),
            (_("People"), [(_("People"), reverse("people:list")), (_("Households"), reverse("grids:households"))]),
            (_("Review in the open"), reverse("reviews:calendar")),
            (
                _("Wishes"),
                [
                    (_("Wishes"), reverse("wishes:list")),
                    (_("Service menu"), reverse("wishes:menu")),
                    *(
                        [(_("Enter a wish"), reverse("wishes:create"))]
                        if scope.is_superuser or scope.write_paths(WISH_ENTRY_ROLES)
                        else []
                    ),
                ],
            ),
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
            (_("Wishes"), [(_("Wishes"), reverse("wishes:list")), (_("Open to claims"), reverse("wishes:claimable"))]),
            (
                _("Vanguard posts"),
                [
                    (_("Vanguard posts"), reverse("volunteers:posts")),
                    (_("Report members"), reverse("volunteers:report_create")),
                    (_("Reported members"), reverse("volunteers:roster")),
                    (_("Claims"), reverse("volunteers:claims")),
                    (_("Service hours"), reverse("volunteers:records")),
                ],
            ),
            (
                _("Resource sharing"),
                [
                    (_("Shared venues"), reverse("sharing:venues")),
                    (_("Venue bookings"), reverse("sharing:bookings")),
                    (_("Job postings"), reverse("sharing:jobs")),
                    (_("Job referrals"), reverse("sharing:referrals")),
                ],
            ),
        ]
    elif scope.person_id:
        items += [(_("Duties"), reverse("reviews:calendar"))]
        if Role.PARTY_MEMBER in scope.roles:
            items += [(_("Open to claims"), reverse("wishes:claimable"))]
        items += [(_("My wishes"), reverse("wishes:mine"))]
        items += [
            (
                _("Vanguard posts"),
                [
                    (_("Vanguard posts"), reverse("volunteers:posts")),
                    (_("Check in"), reverse("volunteers:check_in")),
                    (_("My service"), reverse("volunteers:me")),
                ],
            )
        ]
        items += [
            (
                _("Resource sharing"),
                [
                    (_("Shared venues"), reverse("sharing:venues")),
                    (_("My bookings"), reverse("sharing:bookings")),
                    (_("Job postings"), reverse("sharing:jobs")),
                ],
            )
        ]
    return {
        "nav_items": [
            {"label": label, "children": target} if isinstance(target, list) else {"label": label, "url": target}
            for label, target in items
        ],
        "nav_roles": sorted({Role(r).label for r in scope.roles}, key=str),
        # the volunteer pages' own tabs: the desk's lists (reports, roster, hours, emergency) for offices,
        # secretaries and units; a person's tabs (posts, check-in, my service) for everyone
        "nav_volunteer_desk": bool(scope.is_superuser or scope.paths_by_role or scope.unit_ids),
    }
