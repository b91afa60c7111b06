"""How counts per node are kept: ``NodeSummary`` rows, one per node.

Writers call the ``*_added``/``*_moved`` functions below inside their transaction (the services of grids and
people do; so do the test factories): each is one UPDATE of the few summary rows of the node and its
ancestors. ``recount`` rebuilds every row from the records in a handful of set-based statements (a pass per
tree level, deepest first); the nightly task ``grids.tasks.recount_summaries`` runs it, repairing whatever a
write outside the services (admin, shell, bulk load) left out. It is idempotent. Readers
(``grids.selectors``) read the rows and never count the subtree themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from grids.models import SUMMARY_KINDS, Household, Node, NodeSummary

COUNTS = (*SUMMARY_KINDS, "households", "people", "party_members")


def _bump(paths: Iterable[str], **deltas: int) -> None:
    deltas = {field: delta for field, delta in deltas.items() if delta}
    paths = list(paths)
    if deltas and paths:
        NodeSummary.objects.filter(node__path__in=paths).update(
            **{field: F(field) + delta for field, delta in deltas.items()}
        )


def _with_ancestors(node: Node) -> list[str]:
    return [*node.ancestor_paths(), node.path]


def node_added(node: Node) -> None:
    """Gives a new node its (empty) summary and counts it in its ancestors'."""
    NodeSummary.objects.get_or_create(node=node)
    if node.kind in SUMMARY_KINDS:
        _bump(node.ancestor_paths(), **{node.kind: 1})


def households_added(node: Node, n: int = 1) -> None:
    """Counts ``n`` more households (negative: fewer) in ``node`` (a stairwell unit) and above."""
    _bump(_with_ancestors(node), households=n)


def people_added(node: Node | None, *, people: int = 1, party_members: int = 0) -> None:
    """Counts more (or, negative, fewer) people and party members living in ``node`` and above."""
    if node is not None:
        _bump(_with_ancestors(node), people=people, party_members=party_members)


def person_moved(*, old_node: Node | None, old_member: bool, new_node: Node | None, new_member: bool) -> None:
    """Moves one person's count from where they were to where they are (node or party status changed)."""
    if old_node == new_node and old_member == new_member:
        return
    people_added(old_node, people=-1, party_members=-int(old_member))
    people_added(new_node, people=1, party_members=int(new_member))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@transaction.atomic
def recount() -> int:
    """Rebuilds every summary from the records; returns the number of nodes. Safe to run at any time."""
    from people.models import Person  # people stands above grids; only this job reads it

    node, summary = _table(Node), _table(NodeSummary)
    household, person = _table(Household), _table(Person)
    now = timezone.now()
    zeros = ", ".join("0" for _kind in SUMMARY_KINDS)
    kinds = ", ".join(SUMMARY_KINDS)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {summary}")  # noqa: S608 - table names from the models
        cursor.execute(
            f"""
            INSERT INTO {summary} (node_id, {kinds}, households, people, party_members, counted_at)
            SELECT n.id, {zeros}, COALESCE(h.n, 0), COALESCE(p.n, 0), COALESCE(p.members, 0), %s
            FROM {node} n
            LEFT JOIN (SELECT node_id, COUNT(*) AS n FROM {household} GROUP BY node_id) h ON h.node_id = n.id
            LEFT JOIN (
                SELECT node_id, COUNT(*) AS n, SUM(CASE WHEN party_status <> %s THEN 1 ELSE 0 END) AS members
                FROM {person} WHERE node_id IS NOT NULL GROUP BY node_id
            ) p ON p.node_id = n.id
            """,  # noqa: S608
            [now, Person.PartyStatus.NONE],
        )
        cursor.execute(f"SELECT COALESCE(MAX(depth), 0), COUNT(*) FROM {node}")  # noqa: S608
        deepest, total = cursor.fetchone()
        sets = ", ".join(f"{field} = s.{field} + c.{field}" for field in COUNTS)
        sums = ", ".join(
            [f"SUM(cs.{k} + CASE WHEN n.kind = '{k}' THEN 1 ELSE 0 END) AS {k}" for k in SUMMARY_KINDS]
            + [f"SUM(cs.{f}) AS {f}" for f in ("households", "people", "party_members")]
        )
        for depth in range(deepest, 1, -1):  # each level adds its complete totals to its parents
            cursor.execute(
                f"""
                UPDATE {summary} AS s SET {sets}
                FROM (
                    SELECT parent.id AS parent_id, {sums}
                    FROM {node} n
                    JOIN {summary} cs ON cs.node_id = n.id
                    JOIN {node} parent ON parent.path = SUBSTR(n.path, 1, %s)
                    WHERE n.depth = %s
                    GROUP BY parent.id
                ) c
                WHERE s.node_id = c.parent_id
                """,  # noqa: S608
                [(depth - 1) * Node.steplen, depth],
            )
    return total
