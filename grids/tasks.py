"""Background jobs of the tree: thin, idempotent wrappers of services."""

from celery import shared_task

from grids import summaries
from liaoyuan.core.tasks import ReliableTask


@shared_task(name="grids.tasks.recount_summaries", base=ReliableTask)
def recount_summaries() -> int:
    """Nightly: rebuilds every node's summary from the records (repairing drift). Returns the number of nodes."""
    return summaries.recount()
