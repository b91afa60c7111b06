"""Units stationed in a community (驻区单位): the members of alliances."""

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
    community = models.ForeignKey(
        Node,
        on_delete=models.PROTECT,
        related_name="member_units",
        verbose_name=_("community"),
        limit_choices_to={"kind": Node.Kind.COMMUNITY},
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

    # seen in its community and by every alliance it is (or was) a member of; changed in its community
    scope_rule = ScopeRule(
        node="community", also_visible_through=("memberships__alliance__node",), unit="pk", unit_write="pk", multi=True
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
            models.UniqueConstraint(fields=["community", "name"], name="units_memberunit_unique_name_in_community"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("units:detail", args=[self.pk])

    @property
    def label(self) -> str:
        """The unit's name with its community, as choice lists show it (units of one name are told apart).
        Load ``community`` with the unit (``select_related``)."""
        return _("%(unit)s (%(community)s)") % {"unit": self.name, "community": self.community.name}
