"""The world the access matrix runs in: the demo city at a small scale (every app's ``demo.py`` adds its
records, so a new capability's objects are here the day its demo lands), its demo accounts (one per role),
and three more accounts that stand beside the demo's: the secretary of a sibling community, the office of
the other district and the admin of a unit in another community. For them, most of the demo's objects are
out of sight, so every route is also checked from outside.

For each model the world keeps a few **samples**, chosen by where they lie against the demo's home
community H: inside H, in a sibling community of H's street, at the street itself (above H), and elsewhere
in the city. Each sample is checked for every account.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.db.models import Q
from PIL import Image

from accounts.models import Role, RoleAssignment, User
from accounts.services import api_token_create
from alliances.models import Activity
from alliances.services.activities import activity_photos_add
from alliances.services.calendar import calendar_feed_create
from exports.models import ExportJob
from grids.models import Node
from units.models import MemberUnit

SCALE = 0.06  # three communities in the home street, towns and a second district: a few seconds to build

# The demo's accounts by the label the matrix uses; the three extra accounts are made by ``build``.
DEMO_ACCOUNTS = {
    "superuser": "admin",
    "city_office": "city",
    "district_office": "district",
    "street_secretary": "street",
    "street_staff": "street_staff",
    "community_secretary": "community",
    "community_worker": "worker",
    "chief": "chief",
    "unit_admin": "unit",
    "party_member": "member",
    "resident": "resident",
}
EXTRA_ACCOUNTS = ("neighbour_secretary", "other_district_office", "other_unit_admin")
ACCOUNTS = ("anonymous", *DEMO_ACCOUNTS, *EXTRA_ACCOUNTS)


@dataclass
class World:
    home: Node  # the demo's home community (where the community secretary works)
    street: Node
    users: dict[str, User | AnonymousUser]
    tokens: dict[str, str] = field(default_factory=dict)  # API token secrets by account
    samples: dict[tuple, list[models.Model]] = field(default_factory=dict)

    def people_with_accounts(self) -> list[models.Model]:
        """People who have an account: a one-time password can be given to them."""
        return [user.person for user in self.users.values() if getattr(user, "person", None) is not None]

    def sample(self, model: type[models.Model] | str, **filters) -> list[models.Model]:
        """Up to four objects of ``model`` (matching ``filters``): inside the home community, beside it,
        above it, elsewhere."""
        if isinstance(model, str):
            model = apps.get_model(model)
        key = (model, tuple(sorted(filters.items())))
        if key not in self.samples:
            self.samples[key] = _pick(model, self.home, self.street, filters)
        return self.samples[key]


def _node_lookup(model) -> str | None:
    rule = getattr(model, "scope_rule", None)
    if rule is None:
        return None
    return rule.node


def _pick(model: type[models.Model], home: Node, street: Node, filters: dict) -> list[models.Model]:
    manager = model._default_manager.filter(**filters)
    lookup = _node_lookup(model)
    if lookup is None:
        return list(manager.order_by("pk")[:2])
    path = f"{lookup}__path" if lookup else "path"
    inside = Q(**{f"{path}__startswith": home.path})
    under_street = Q(**{f"{path}__startswith": street.path})
    at_street = Q(**{path: street.path})
    places = [inside, under_street & ~inside & ~at_street, at_street, ~under_street]
    chosen: list[models.Model] = []
    for where in places:
        found = manager.filter(where).order_by("pk").first()
        if found is not None:
            chosen.append(found)
    return chosen


def build() -> World:
    """Builds the demo city and the accounts. Runs inside the caller's transaction."""
    call_command("seed_demo", scale=SCALE, no_progress=True, stdout=io.StringIO(), stderr=io.StringIO())
    users: dict[str, User | AnonymousUser] = {"anonymous": AnonymousUser()}
    for label, username in DEMO_ACCOUNTS.items():
        users[label] = User.objects.get(username=username)
    community = users["community_secretary"]
    home = RoleAssignment.objects.get(user=community, role=Role.COMMUNITY_SECRETARY).node
    street = Node.objects.get_parent(home)
    sibling = Node.objects.get_children(street).exclude(pk=home.pk).filter(kind=Node.Kind.COMMUNITY).first()
    own_district = Node.objects.get_parent(street)
    other_district = (
        Node.objects.filter(depth=own_district.depth, kind__in=[Node.Kind.DISTRICT, Node.Kind.COUNTY])
        .exclude(pk=own_district.pk)
        .first()
    )
    other_unit = MemberUnit.objects.exclude(location__path__startswith=home.path).order_by("pk").first()
    extras = {
        "neighbour_secretary": (Role.COMMUNITY_SECRETARY, {"node": sibling}),
        "other_district_office": (Role.DISTRICT_OFFICE, {"node": other_district}),
        "other_unit_admin": (Role.UNIT_ADMIN, {"unit": other_unit}),
    }
    for label, (role, binding) in extras.items():
        user = User.objects.create_user(username=f"matrix-{label}", password=None)
        RoleAssignment.objects.create(user=user, role=role, **binding)
        users[label] = user
    tokens = _add_what_the_demo_lacks(users, home)
    return World(home=home, street=street, users=users, tokens=tokens)


def _add_what_the_demo_lacks(users, home: Node) -> dict[str, str]:
    """Things that belong to one account (API tokens, calendar links, finished exports) and a photo: the demo has none.
    Returns the API tokens' secrets by account."""
    tokens = {}
    for label in ("community_secretary", "neighbour_secretary", "unit_admin"):
        _token, tokens[label] = api_token_create(user=users[label])
        calendar_feed_create(user=users[label])
        ExportJob.objects.create(
            owner=users[label],
            dataset="meetings",
            fmt="csv",
            status=ExportJob.Status.DONE,
            file=ContentFile(b"id\n", name="meetings.csv"),
        )
    activity = Activity.objects.filter(alliance__node__path__startswith=home.path).order_by("pk").first()
    picture = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(picture, "PNG")
    activity_photos_add(
        user=users["superuser"],
        activity=activity,
        images=[SimpleUploadedFile("photo.png", picture.getvalue(), content_type="image/png")],
    )
    return tokens
