"""Party organisations (党组织) as records: who they are, where they stand, who leads them, who belongs.

Every organisation stands at a node of the tree (the street of a street working committee, the grid of a
grid branch, the community a unit is located in for a unit's own organisation) and, for a unit's
organisation, at its member unit too. A party member's organisational relation (组织关系) is an open
``OrganisationMembership`` with ``holds_relation``: one at a time, held by the database.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import NODE_MANAGER_ROLES, Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint, date_window_constraint
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import EARLIEST_DAY, LATEST_DAY, validate_record_day
from people.models import Person
from units.models import MemberUnit


class OrganisationKind(models.TextChoices):
    STREET_COMMITTEE = "street_committee", _("Street party working committee")
    COMMUNITY_COMMITTEE = "community_committee", _("Community party committee")
    COMMUNITY_GENERAL_BRANCH = "community_general_branch", _("Community general party branch")
    GRID_BRANCH = "grid_branch", _("Grid party branch")
    BUILDING_GROUP = "building_group", _("Building party group")
    UNIT_COMMITTEE = "unit_committee", _("Unit party committee")
    UNIT_GENERAL_BRANCH = "unit_general_branch", _("Unit general party branch")
    UNIT_BRANCH = "unit_branch", _("Unit party branch")
    BIG_COMMITTEE = "big_committee", _("Big party committee")
    TEMPORARY_BRANCH = "temporary_branch", _("Temporary party branch")
    COMMANDO_TEAM = "commando_team", _("Party-member commando team")
    SERVICE_TEAM = "service_team", _("Party-member service team")
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")


Kind = OrganisationKind

UNIT_KINDS = frozenset({Kind.UNIT_COMMITTEE, Kind.UNIT_GENERAL_BRANCH, Kind.UNIT_BRANCH})
COMMUNITY_KINDS = frozenset({Kind.COMMUNITY_COMMITTEE, Kind.COMMUNITY_GENERAL_BRANCH})
# Teams (队): set up for a purpose, led by their ``secretary`` (the team leader), standing at the community (or
# street) they serve, from ``founded_on`` to ``ends_on`` (their last day, when they have one).
TEAM_KINDS = frozenset({Kind.COMMANDO_TEAM, Kind.SERVICE_TEAM, Kind.VOLUNTEER_TEAM})
# Kinds whose ``ends_on`` is a planned last day (they stand until then), not the day they were dissolved.
PLANNED_END_KINDS = frozenset({Kind.TEMPORARY_BRANCH, *TEAM_KINDS})
# Kinds whose leader and members need not be party members.
OPEN_TO_ANYONE_KINDS = frozenset({Kind.VOLUNTEER_TEAM})
# Organisations that may still stand (not dissolved; a planned end may lie ahead): what ``standing_on`` narrows
# by the day, and the condition of the index it reads.
MAY_STAND = Q(ends_on__isnull=True) | Q(kind__in=sorted(PLANNED_END_KINDS))


def standing_on(day: datetime.date) -> Q:
    """The organisations standing on ``day``: a temporary branch or a team until its last day, any other
    organisation until it is dissolved."""
    return Q(ends_on__isnull=True) | Q(kind__in=sorted(PLANNED_END_KINDS), ends_on__gte=day)


# The node kinds each kind of organisation stands at (a unit's organisation: where its unit is located).
NODE_KINDS: dict[str, frozenset[str]] = {
    Kind.STREET_COMMITTEE: frozenset({Node.Kind.STREET, Node.Kind.TOWN}),
    Kind.COMMUNITY_COMMITTEE: frozenset({Node.Kind.COMMUNITY}),
    Kind.COMMUNITY_GENERAL_BRANCH: frozenset({Node.Kind.COMMUNITY}),
    Kind.GRID_BRANCH: frozenset({Node.Kind.GRID}),
    Kind.BUILDING_GROUP: frozenset({Node.Kind.BUILDING}),
    Kind.BIG_COMMITTEE: frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY}),
    Kind.TEMPORARY_BRANCH: frozenset(
        {Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY, Node.Kind.GRID, Node.Kind.BUILDING}
    ),
    **dict.fromkeys(TEAM_KINDS, frozenset({Node.Kind.STREET, Node.Kind.TOWN, Node.Kind.COMMUNITY})),
}

# Kinds of which a node has at most one standing organisation (held by a constraint per kind; the service
# also keeps a community to one of committee or general branch).
ONE_PER_NODE = (
    Kind.STREET_COMMITTEE,
    Kind.COMMUNITY_COMMITTEE,
    Kind.COMMUNITY_GENERAL_BRANCH,
    Kind.GRID_BRANCH,
    Kind.BUILDING_GROUP,
    Kind.BIG_COMMITTEE,
)

# Organisations a party member's relation may be with (not a big committee, a temporary branch or a group).
RELATION_KINDS = frozenset(
    {
        Kind.STREET_COMMITTEE,
        Kind.COMMUNITY_COMMITTEE,
        Kind.COMMUNITY_GENERAL_BRANCH,
        Kind.GRID_BRANCH,
        Kind.UNIT_COMMITTEE,
        Kind.UNIT_GENERAL_BRANCH,
        Kind.UNIT_BRANCH,
    }
)


class PartyOrganisation(TimeStampedModel):
    """One party organisation: a street working committee, a community committee or general branch, a grid
    branch, a building group, a unit's own organisation, a big party committee, a temporary branch, or a
    team (a party-member commando or service team, a volunteer team) with its leader as ``secretary`` and the
    community it serves as ``node``."""

    Kind = OrganisationKind

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    node = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="party_organisations",
        verbose_name=_("place in the tree"),
        help_text=_("The street, community, grid or building; for a unit's organisation, where the unit is."),
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_organisations",
        verbose_name=_("member unit"),
        help_text=_("Only for a unit's own party organisation."),
    )
    secretary = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations_led",
        verbose_name=_("secretary"),
    )
    founded_on = models.DateField(_("set up on"), validators=[validate_record_day])
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        validators=[validate_record_day],
        help_text=_("A temporary branch's last day; for any other organisation, the day it was dissolved."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=200, blank=True, help_text=_("For a temporary branch: the emergency or project.")
    )

    # seen and run where it stands; a unit's own organisation is also run by the unit's admins and seen by
    # the alliances the unit belongs to; a member sees the organisations they belong to
    scope_rule = ScopeRule(
        node="node",
        also_visible_through=("unit__memberships__alliance__node",),
        unit="unit",
        unit_write="unit",
        person="memberships__person",
        write_roles=NODE_MANAGER_ROLES,
        multi=True,
    )

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        constraints = [
            choices_constraint("kind", OrganisationKind, "organisations_org_kind_valid"),
            # a unit's organisation has its unit; no other kind has one
            models.CheckConstraint(
                condition=models.Q(kind__in=sorted(UNIT_KINDS), unit__isnull=False)
                | (~models.Q(kind__in=sorted(UNIT_KINDS)) & models.Q(unit__isnull=True)),
                name="organisations_org_unit_iff_unit_kind",
            ),
            # a temporary branch has an end, and no organisation ends before it starts
            models.CheckConstraint(
                condition=~models.Q(kind=Kind.TEMPORARY_BRANCH) | models.Q(ends_on__isnull=False),
                name="organisations_org_temporary_has_end",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("founded_on")),
                name="organisations_org_ends_after_start",
            ),
            # one standing organisation of each of these kinds per node
            models.UniqueConstraint(
                fields=["node", "kind"],
                condition=models.Q(ends_on__isnull=True, kind__in=list(ONE_PER_NODE)),
                name="organisations_org_one_per_node",
            ),
            # one standing organisation per member unit
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(ends_on__isnull=True, unit__isnull=False),
                name="organisations_org_one_per_unit",
            ),
            date_window_constraint(["founded_on", "ends_on"], EARLIEST_DAY, LATEST_DAY, "organisations_org_dates"),
        ]
        indexes = [
            # "the grid branch of this grid", "the big committee of this street"
            models.Index(fields=["node", "kind"], name="organisations_org_node_kind"),
            # the city's standing organisations by kind (the list's counts), read from this index alone
            models.Index(fields=["kind", "ends_on"], condition=MAY_STAND, name="organisations_org_may_stand"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.pk])

    @property
    def is_temporary(self) -> bool:
        return self.kind == Kind.TEMPORARY_BRANCH

    @property
    def is_team(self) -> bool:
        return self.kind in TEAM_KINDS

    @property
    def is_unit_organisation(self) -> bool:
        return self.kind in UNIT_KINDS

    @property
    def holds_relations(self) -> bool:
        """Whether party members' organisational relations may be with this organisation."""
        return self.kind in RELATION_KINDS


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    PART_TIME_MEMBER = "part_time_member", _("Part-time committee member")


class OrganisationMembership(TimeStampedModel):
    """A person's membership of an organisation, from ``joined_on`` to ``left_on`` (the first day out);
    leaving keeps the row (history).

    ``holds_relation``: this membership is the person's organisational relation (组织关系); a person holds
    one at a time. A building group's members, a temporary branch's members and a big committee's
    part-time members keep their relation elsewhere. A part-time member of a big committee comes from a
    member unit (``unit``).
    """

    Role = MembershipRole

    organisation = models.ForeignKey(
        PartyOrganisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="organisation_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    holds_relation = models.BooleanField(
        _("organisational relation"),
        default=False,
        help_text=_("The member's organisational relation (组织关系) is with this organisation."),
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("from member unit"),
        help_text=_("For a part-time committee member: the unit they come from."),
    )
    joined_on = models.DateField(_("joined on"), validators=[validate_record_day])
    left_on = models.DateField(_("left on"), null=True, blank=True, validators=[validate_record_day])

    scope_rule = ScopeRule(
        node="organisation__node",
        also_visible_through=("organisation__unit__memberships__alliance__node",),
        unit="organisation__unit",
        unit_write="organisation__unit",
        person="person",
        write_roles=NODE_MANAGER_ROLES,
        multi=True,
    )

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            choices_constraint("role", MembershipRole, "organisations_membership_role_valid"),
            # one organisational relation at a time
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(left_on__isnull=True, holds_relation=True),
                name="organisations_membership_one_relation",
            ),
            # no one belongs twice to one organisation at once
            models.UniqueConstraint(
                fields=["organisation", "person"],
                condition=models.Q(left_on__isnull=True),
                name="organisations_membership_one_open_per_person",
            ),
            # a part-time committee member comes from a unit; nobody else is recorded with one
            models.CheckConstraint(
                condition=models.Q(role=MembershipRole.PART_TIME_MEMBER, unit__isnull=False)
                | (~models.Q(role=MembershipRole.PART_TIME_MEMBER) & models.Q(unit__isnull=True)),
                name="organisations_membership_unit_iff_part_time",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="organisations_membership_leaves_after_joining",
            ),
            date_window_constraint(
                ["joined_on", "left_on"], EARLIEST_DAY, LATEST_DAY, "organisations_membership_dates"
            ),
        ]
        indexes = [
            # a person's history of organisations, newest first
            models.Index(fields=["person", "-joined_on"], name="organisations_member_person"),
            # the lists' order (current first, newest first): a page is an index scan
            models.Index(
                models.F("left_on").desc(),  # DESC puts NULLs first in PostgreSQL, as the lists ask
                models.F("joined_on").desc(),
                models.F("id"),
                name="organisations_member_newest",
            ),
        ]

    def __str__(self):
        return f"{self.person} @ {self.organisation}"

    @property
    def is_current(self) -> bool:
        return self.left_on is None
