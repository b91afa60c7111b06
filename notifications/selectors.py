"""Reads of the notification layer: a person's inbox, the people a duty reaches, channel settings."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.models import Role, RoleAssignment
from grids.models import Node
from notifications import registry
from notifications.models import ChannelPolicy, Notification, Preference
from notifications.services import effective_channels


def inbox(*, user, unread: bool | None = None) -> QuerySet[Notification]:
    """Returns the user's own notifications, newest first, with their reminders (nobody reads another's)."""
    qs = Notification.objects.filter(recipient=user).select_related("reminder").order_by("-created_at", "-pk")
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs


def unread_count(*, user) -> int:
    """Returns how many of the user's notifications are unread (one indexed count)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def node_role_holders(*, node: Node, roles: Iterable[str]) -> list[int]:
    """Returns the IDs of the active users who hold one of ``roles`` on ``node`` or on a node above it
    (a street secretary for a community of the street, a district office for a street of the district)."""
    paths = [*node.ancestor_paths(), node.path]
    return list(
        RoleAssignment.objects.filter(role__in=list(roles), node__path__in=paths, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def unit_admins(*, unit_ids: Iterable[int]) -> list[int]:
    """Returns the IDs of the active admins of the given member units."""
    return list(
        RoleAssignment.objects.filter(role=Role.UNIT_ADMIN, unit_id__in=list(unit_ids), user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def person_accounts(*, person_ids: Iterable[int]) -> list[int]:
    """Returns the IDs of the active accounts of the given people."""
    return list(
        get_user_model()
        .objects.filter(person_id__in=list(person_ids), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass
class ChannelRow:
    """One kind of duty on a person's preferences page."""

    kind: registry.DutyKind
    email: bool
    sms: bool
    email_required: bool
    sms_required: bool


def channel_rows(*, user) -> list[ChannelRow]:
    """Returns, for every kind of duty, the channels the user gets and which ones the city office requires
    (two queries)."""
    policies = {p.kind: p for p in ChannelPolicy.objects.all()}
    preferences = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind in registry.all_kinds():
        policy = policies.get(kind.key)
        on = effective_channels(kind, policy, preferences.get(kind.key))
        rows.append(
            ChannelRow(
                kind=kind,
                email=on["email"],
                sms=on["sms"],
                email_required=bool(policy and policy.email_required),
                sms_required=bool(policy and policy.sms_required),
            )
        )
    return rows


def policies() -> list[tuple[registry.DutyKind, ChannelPolicy | None]]:
    """Returns every kind of duty with the city office's policy for it, if any (one query)."""
    by_kind = {p.kind: p for p in ChannelPolicy.objects.all()}
    return [(kind, by_kind.get(kind.key)) for kind in registry.all_kinds()]
