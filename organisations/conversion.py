"""Turning the free-text party organisation names of nodes and member units into records.

Used by the data migration (with historical models) and by the demo (with the real ones), so both give
the same records. Idempotent: a node or unit that already has a standing organisation of the kind is
left alone.
"""

from __future__ import annotations

import datetime

from liaoyuan.core.validators import EARLIEST_DAY

# node kind → organisation kind (a community's name ending in 总支 is a general branch)
NODE_ORGANISATION_KINDS = {
    "street": "street_committee",
    "town": "street_committee",
    "community": "community_committee",
    "grid": "grid_branch",
    "building": "building_group",
}
UNIT_ORGANISATION_KINDS = {
    "committee": "unit_committee",
    "general_branch": "unit_general_branch",
    "branch": "unit_branch",
}
UNIT_SUFFIXES = {"committee": "党委", "general_branch": "党总支", "branch": "党支部"}


def _founded(created_at: datetime.datetime | None) -> datetime.date:
    day = created_at.date() if created_at else EARLIEST_DAY
    return max(day, EARLIEST_DAY)


def organisations_from_names(PartyOrganisation, Node, MemberUnit, *, batch_size: int = 1000) -> dict[str, int]:
    """Creates a standing organisation for every street, town, community, grid and building with a party
    organisation name, and for every member unit with a party organisation; returns kind → rows created.

    The model classes are passed in so that a migration can hand its historical ones.
    """
    created: dict[str, int] = {}
    standing = set(PartyOrganisation.objects.filter(ends_on__isnull=True).values_list("node_id", "kind").iterator())
    with_unit = set(
        PartyOrganisation.objects.filter(ends_on__isnull=True, unit__isnull=False).values_list("unit_id", flat=True)
    )
    batch = []

    def add(org) -> None:
        batch.append(org)
        created[org.kind] = created.get(org.kind, 0) + 1
        if len(batch) >= batch_size:
            PartyOrganisation.objects.bulk_create(batch)
            batch.clear()

    nodes = (
        Node.objects.filter(kind__in=list(NODE_ORGANISATION_KINDS))
        .exclude(party_org_name="")
        .values_list("pk", "kind", "party_org_name", "created_at")
        .order_by("path")
    )
    for pk, node_kind, name, created_at in nodes.iterator(chunk_size=2000):
        kind = NODE_ORGANISATION_KINDS[node_kind]
        if node_kind == "community" and name.endswith("总支"):
            kind = "community_general_branch"
        if (pk, kind) in standing:
            continue
        add(PartyOrganisation(name=name[:150], kind=kind, node_id=pk, founded_on=_founded(created_at)))

    # the unit's node: ``location`` (``community`` in the historical models before units 0003)
    where = "location_id" if any(f.name == "location" for f in MemberUnit._meta.get_fields()) else "community_id"
    units = (
        MemberUnit.objects.filter(party_org_kind__in=list(UNIT_ORGANISATION_KINDS))
        .values_list("pk", "name", "party_org_kind", "party_org_name", where, "created_at")
        .order_by("pk")
    )
    for pk, unit_name, org_kind, name, node_id, created_at in units.iterator(chunk_size=2000):
        if pk in with_unit:
            continue
        add(
            PartyOrganisation(
                name=(name or f"{unit_name}{UNIT_SUFFIXES[org_kind]}")[:150],
                kind=UNIT_ORGANISATION_KINDS[org_kind],
                node_id=node_id,
                unit_id=pk,
                founded_on=_founded(created_at),
            )
        )
    if batch:
        PartyOrganisation.objects.bulk_create(batch)
    return created
