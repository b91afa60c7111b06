"""How the counts of serving posts are kept: ``DutySummary`` rows, one per node and kind of post, each for the
node's whole subtree (as ``grids.summaries`` keeps households and people).

``duty_started`` and ``duty_ended`` are called by the services that appoint and end posts, inside their
transaction: a few upserts and one UPDATE of the node's ancestors. ``recount`` rebuilds every row from the
records in one statement per tree level; the nightly task ``people.tasks.recount_duty_summaries`` runs it,
repairing what a write outside the services (admin, bulk load) left out, and the demo runs it after its bulk
load. Readers (``people.selectors.chief_counts``) sum the rows of the user's few scope roots and never count
a subtree's posts themselves.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from grids.models import Node
from people.models import Duty, DutySummary


def _shift(duty: Duty, sign: int) -> None:
    node = duty.node
    paths = [*node.ancestor_paths(), node.path]
    ids = list(Node.objects.filter(path__in=paths).values_list("pk", flat=True))
    DutySummary.objects.bulk_create(
        [DutySummary(node_id=pk, kind=duty.kind) for pk in ids],
        ignore_conflicts=True,
        unique_fields=["node", "kind"],
    )
    # the node counts towards "at how many nodes" while it has at least one serving post of the kind
    others = Duty.objects.filter(node_id=duty.node_id, kind=duty.kind, ended_on__isnull=True).exclude(pk=duty.pk)
    first_or_last = not others.exists()
    full = duty.employment == Duty.Employment.FULL_TIME
    DutySummary.objects.filter(node_id__in=ids, kind=duty.kind).update(
        serving=F("serving") + sign,
        full_time=F("full_time") + sign * int(full),
        part_time=F("part_time") + sign * int(not full),
        nodes=F("nodes") + sign * int(first_or_last),
    )


def duty_started(duty: Duty) -> None:
    """Counts a newly serving post at its node and above."""
    _shift(duty, +1)


def duty_ended(duty: Duty) -> None:
    """Takes an ended post out of the counts of its node and above."""
    _shift(duty, -1)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@transaction.atomic
def recount() -> int:
    """Rebuilds every row from the serving posts; returns the number of rows. Safe to run at any time."""
    summary, duty, node = _table(DutySummary), _table(Duty), _table(Node)
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {summary}")  # noqa: S608 - table names from the models
        cursor.execute(f"SELECT COALESCE(MAX(depth), 0) FROM {node}")  # noqa: S608
        (deepest,) = cursor.fetchone()
        for depth in range(1, deepest + 1):  # the ancestor at each level of every serving post's node
            cursor.execute(
                f"""
                INSERT INTO {summary} (node_id, kind, serving, full_time, part_time, nodes, counted_at)
                SELECT a.id, d.kind, COUNT(*),
                       SUM(CASE WHEN d.employment = %s THEN 1 ELSE 0 END),
                       SUM(CASE WHEN d.employment = %s THEN 0 ELSE 1 END),
                       COUNT(DISTINCT d.node_id), %s
                FROM {duty} d
                JOIN {node} n ON n.id = d.node_id
                JOIN {node} a ON a.path = SUBSTR(n.path, 1, %s)
                WHERE d.ended_on IS NULL AND n.depth >= %s
                GROUP BY a.id, d.kind
                """,  # noqa: S608
                [Duty.Employment.FULL_TIME, Duty.Employment.FULL_TIME, now, depth * Node.steplen, depth],
            )
        cursor.execute(f"SELECT COUNT(*) FROM {summary}")  # noqa: S608
        (rows,) = cursor.fetchone()
    return rows
