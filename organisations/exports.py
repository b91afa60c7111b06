"""Party organisation exports through the one export engine (``liaoyuan.core.exports``): the organisations in
scope with their secretaries and member counts, and the memberships (members masked, as lists show them)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from liaoyuan.core.exports import Column, Dataset, register
from liaoyuan.core.masking import mask_name
from organisations import selectors
from organisations.filters import MembershipFilter, OrganisationFilter

ORGANISATIONS = register(
    Dataset(
        key="organisations",
        title=gettext_lazy("Party organisations"),
        columns=(
            Column(gettext_lazy("ID"), 8, lambda o: o.pk),
            Column(gettext_lazy("Name"), 30, lambda o: o.name),
            Column(gettext_lazy("Kind"), 18, lambda o: o.get_kind_display()),
            Column(gettext_lazy("Place"), 16, lambda o: o.node.name),
            Column(gettext_lazy("Member unit"), 24, lambda o: o.unit.name if o.unit_id else ""),
            Column(gettext_lazy("Secretary"), 12, lambda o: o.secretary.name if o.secretary_id else ""),
            Column(gettext_lazy("Current members"), 10, lambda o: o.member_count),
            Column(gettext_lazy("Set up on"), 12, lambda o: o.founded_on),
            Column(gettext_lazy("Ends on"), 12, lambda o: o.ends_on),
            Column(gettext_lazy("Purpose"), 24, lambda o: o.purpose),
        ),
        queryset=lambda *, user: selectors.organisation_list(user=user),
        filterset_class=OrganisationFilter,
        printable=True,
    )
)

MEMBERS = register(
    Dataset(
        key="organisation-members",
        title=gettext_lazy("Party organisation members"),
        columns=(
            Column(gettext_lazy("Organisation"), 30, lambda m: m.organisation.name),
            Column(gettext_lazy("Member"), 12, lambda m: mask_name(m.person.name)),
            Column(gettext_lazy("Role"), 16, lambda m: m.get_role_display()),
            Column(gettext_lazy("From unit"), 24, lambda m: m.unit.name if m.unit_id else ""),
            Column(gettext_lazy("Organisational relation"), 10, lambda m: "✓" if m.holds_relation else ""),
            Column(gettext_lazy("Joined on"), 12, lambda m: m.joined_on),
            Column(gettext_lazy("Left on"), 12, lambda m: m.left_on),
        ),
        queryset=lambda *, user: selectors.membership_list(user=user),
        filterset_class=MembershipFilter,
        printable=True,
    )
)
