"""Pages that gather several apps: the home page of each role (and, later, the city's dashboards)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import scopes, selectors
from alliances.selectors.alliances import alliance_list, attach_chairs
from alliances.selectors.alliances import inbox as alliance_inbox
from alliances.selectors.four_ones import four_ones_summary
from grids.models import kinds_below
from grids.selectors import subtree_counts
from notifications import messages as notification_messages
from notifications.selectors import inbox as notification_inbox
from units.selectors import unit_list


@login_required
def home(request):
    """The home page fits the role: offices and secretaries see their part of the tree, unit admins their
    unit, party members and residents themselves; everyone their alliance inbox."""
    scope = scopes.scope_of(request.user)
    areas = [
        {"node": node, "counts": subtree_counts(node=node), "below": kinds_below(node.kind)}
        for node in scopes.top_nodes(request.user)
    ]
    units = list(unit_list(user=request.user).filter(pk__in=scope.unit_ids)) if scope.unit_ids else []
    unit_alliances = list(alliance_list(user=request.user)[:10]) if units else []
    # offices, secretaries and chiefs: this period's "four ones" of the alliances in their area
    four_ones_report = four_ones_summary(user=request.user) if areas else None
    attach_chairs(unit_alliances)
    latest = [(n, notification_messages.title(n.reminder)) for n in notification_inbox(user=request.user)[:5]]
    return render(
        request,
        "home.html",
        {
            "scope": scope,
            "areas": areas,
            "units": units,
            "unit_alliances": unit_alliances,
            "four_ones": four_ones_report,
            "person": request.user.person,
            "assignments": selectors.role_assignments(user=request.user),
            # problems, meetings to confirm or write up, terms to chair (unit admins, secretaries)
            "alliance_inbox": alliance_inbox(user=request.user, rows=5),
            # the latest reminders of every duty (review cycles, alliances, later capabilities)
            "latest_notifications": latest,
        },
    )
