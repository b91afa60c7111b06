"""Background jobs of people and posts: thin, idempotent wrappers of services."""

from celery import shared_task

from liaoyuan.core.tasks import ReliableTask
from people import summaries


@shared_task(name="people.tasks.recount_duty_summaries", base=ReliableTask)
def recount_duty_summaries() -> int:
    """Nightly: rebuilds the counts of serving posts under every node from the records (repairing drift).
    Returns the number of summary rows."""
    return summaries.recount()
