"""Member units (驻区单位 and 市直单位): the members of alliances.

A unit is located at any level of the territory (``location``): a community or street for the units
stationed there, a district or county for its agencies and enterprises, the city for city-level agencies,
state-owned enterprises and institutions (市直单位). Where it is located is separate from the alliances it
joins: which units an alliance accepts is the alliance's own rule (``Alliance.members_from``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint
from liaoyuan.core.scoping import ScopeRule
from liaoyuan.core.validators import validate_china_phone


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Government agency")
    ENTERPRISE = "enterprise", _("State enterprise")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    NON_PUBLIC = "non_public", _("Non-public firm")


# The levels of the tree a unit may be located at: the territory, not the grid tree below a community.
LOCATION_KINDS = (
    Node.Kind.CITY,
    Node.Kind.DISTRICT,
    Node.Kind.COUNTY,
    Node.Kind.STREET,
    Node.Kind.TOWN,
    Node.Kind.COMMUNITY,
)


class UnitPartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", _("Party committee")
    GENERAL_BRANCH = "general_branch", _("General party branch")
    BRANCH = "branch", _("Party branch")
    NONE = "none", _("No party organisation")


class MemberUnit(TimeStampedModel):
    Kind = UnitKind
    PartyOrgKind = UnitPartyOrgKind

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("type"), max_length=24, choices=Kind.choices)
    location = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="member_units",
        verbose_name=_("located in"),
        limit_choices_to={"kind__in": LOCATION_KINDS},
        help_text=_("The city, a district or county, a street or town, or a community."),
    )
    party_org_kind = models.CharField(
        _("party organisation type"), max_length=16, choices=PartyOrgKind.choices, default=PartyOrgKind.BRANCH
    )
    party_org_name = models.CharField(_("party organisation"), max_length=150, blank=True)
    party_secretary = models.CharField(_("party secretary"), max_length=50, blank=True)
    party_member_count = models.PositiveIntegerField(_("party members"), default=0)
    leader = models.CharField(_("leader"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_china_phone])
    address = models.CharField(_("address"), max_length=200, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, help_text=_("If known."))
    is_active = models.BooleanField(_("active"), default=True)

    # seen where it is located and by every alliance it is (or was) a member of; a unit located above a street
    # or community (a city- or district-level unit) is also seen by the staff below it who may invite it into
    # their alliance; changed where it is located
    scope_rule = ScopeRule(
        node="location",
        also_visible_through=("memberships__alliance__node",),
        visible_below="location",
        unit="pk",
        unit_write="pk",
        multi=True,
    )

    class Meta:
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        ordering = ["name"]
        constraints = [
            choices_constraint("kind", UnitKind, "units_memberunit_kind_valid"),
            choices_constraint("party_org_kind", UnitPartyOrgKind, "units_memberunit_party_org_kind_valid"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="units_memberunit_unique_credit_code",
            ),
            models.UniqueConstraint(fields=["location", "name"], name="units_memberunit_unique_name_in_location"),
        ]
        indexes = [
            # the units list and every unit picker, by name: a page read along the index, not a sort of the city
            models.Index(fields=["name", "id"], name="units_memberunit_by_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The unit's name with where it is located, as choice lists show it (units of one name are told apart).
        Load ``location`` with the unit (``select_related``)."""
        return _("%(unit)s (%(community)s)") % {"unit": self.name, "community": self.location.name}

    def clean(self):
        super().clean()
        if self.location_id is not None and self.location.kind not in LOCATION_KINDS:
            raise ValidationError(
                {
                    "location": _(
                        "A unit is located in the city, a district or county, a street or town, or a community."
                    )
                }
            )
