"""Accounts and the roles that bind them to a node of the tree, a member unit or themselves."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from grids.models import Node
from liaoyuan.core.models import TimeStampedModel, choices_constraint
from people.models import Person
from units.models import MemberUnit


class Role(models.TextChoices):
    CITY_OFFICE = "city_office", _("City office")
    DISTRICT_OFFICE = "district_office", _("District/county office")
    STREET_SECRETARY = "street_secretary", _("Street secretary")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_SECRETARY = "community_secretary", _("Community secretary")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    UNIT_ADMIN = "unit_admin", _("Member unit admin")
    CHIEF = "chief", _("Grid/building/unit chief")
    PARTY_MEMBER = "party_member", _("Party member")
    RESIDENT = "resident", _("Resident")


# Roles bound to a node, and the kinds of node each may be bound to.
ROLE_NODE_KINDS: dict[str, frozenset[str]] = {
    Role.CITY_OFFICE: frozenset({Node.Kind.CITY}),
    Role.DISTRICT_OFFICE: frozenset({Node.Kind.DISTRICT, Node.Kind.COUNTY}),
    Role.STREET_SECRETARY: frozenset({Node.Kind.STREET, Node.Kind.TOWN}),
    Role.STREET_STAFF: frozenset({Node.Kind.STREET, Node.Kind.TOWN}),
    Role.COMMUNITY_SECRETARY: frozenset({Node.Kind.COMMUNITY}),
    Role.COMMUNITY_WORKER: frozenset({Node.Kind.COMMUNITY}),
    Role.CHIEF: frozenset({Node.Kind.GRID, Node.Kind.BUILDING, Node.Kind.STAIRWELL}),
}
NODE_ROLES = frozenset(ROLE_NODE_KINDS)
UNIT_ROLES = frozenset({Role.UNIT_ADMIN})
PERSONAL_ROLES = frozenset({Role.PARTY_MEMBER, Role.RESIDENT})
# Office accounts: shorter idle sessions, and two-factor login when TWO_FACTOR_REQUIRED_FOR_OFFICES is set.
OFFICE_ROLES = frozenset({Role.CITY_OFFICE, Role.DISTRICT_OFFICE})
# Roles whose holders may give a resident or party member in their scope a one-time password.
PASSWORD_RESET_ROLES = frozenset(
    {Role.STREET_SECRETARY, Role.STREET_STAFF, Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER}
)


class User(AbstractUser):
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("person"),
    )
    password_must_change = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set by a one-time password: the user chooses a new password at the next sign-in."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments", verbose_name=_("node")
    )
    unit = models.ForeignKey(
        MemberUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("member unit"),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            choices_constraint("role", Role, "accounts_roleassignment_role_valid"),
            # a node role names a node, a unit role a unit, a personal role neither
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=sorted(NODE_ROLES), node__isnull=False, unit__isnull=True)
                    | models.Q(role__in=sorted(UNIT_ROLES), node__isnull=True, unit__isnull=False)
                    | models.Q(role__in=sorted(PERSONAL_ROLES), node__isnull=True, unit__isnull=True)
                ),
                name="accounts_roleassignment_binding_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "node"],
                condition=models.Q(node__isnull=False),
                name="accounts_unique_node_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="accounts_unique_unit_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(node__isnull=True, unit__isnull=True),
                name="accounts_unique_personal_role",
            ),
        ]

    def __str__(self):
        where = self.node or self.unit
        return f"{self.get_role_display()} · {where}" if where else self.get_role_display()

    def clean(self):
        """Refuses a binding that does not fit the role: a node of the wrong kind, a missing unit, a
        personal role on an account with no person."""
        if self.role in NODE_ROLES:
            if self.node is None or self.node.kind not in ROLE_NODE_KINDS[self.role]:
                kinds = "、".join(str(Node.Kind(k).label) for k in sorted(ROLE_NODE_KINDS[self.role]))
                raise ValidationError(
                    {
                        "node": _("A %(role)s is bound to a node of kind: %(kinds)s.")
                        % {"role": Role(self.role).label, "kinds": kinds}
                    }
                )
            if self.unit_id:
                raise ValidationError({"unit": _("This role is bound to a node, not to a unit.")})
        elif self.role in UNIT_ROLES:
            if self.unit_id is None:
                raise ValidationError({"unit": _("A member unit admin is bound to a member unit.")})
            if self.node_id:
                raise ValidationError({"node": _("This role is bound to a unit, not to a node.")})
        elif self.role in PERSONAL_ROLES:
            if self.user_id and self.user.person_id is None:
                raise ValidationError({"role": _("Link the account to a person before giving it a personal role.")})
            if self.node_id or self.unit_id:
                raise ValidationError({"role": _("A personal role is bound to neither a node nor a unit.")})


class PasswordChangeKind(models.TextChoices):
    CHANGED = "changed", _("Changed by the user")
    RESET_BY_EMAIL = "reset_by_email", _("Reset through an e-mailed link")
    RESET_BY_STAFF = "reset_by_staff", _("One-time password given by staff")
    SET_BY_ADMIN = "set_by_admin", _("Set by an administrator")


class PasswordChange(models.Model):
    """Audit row: one per password change or reset, saying how and by whom (never the password)."""

    Kind = PasswordChangeKind

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_changes", verbose_name=_("user"))
    kind = models.CharField(_("how"), max_length=16, choices=PasswordChangeKind.choices)
    changed_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="password_changes_made",
        verbose_name=_("changed by"),
    )
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("password change")
        verbose_name_plural = _("password changes")
        constraints = [choices_constraint("kind", PasswordChangeKind, "accounts_passwordchange_kind_valid")]
        indexes = [
            # an account's password history, latest first (admin, audit)
            models.Index(fields=["user", "-created_at"], name="accounts_pwchange_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()}"
