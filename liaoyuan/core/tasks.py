from celery import shared_task


@shared_task(name="liaoyuan.core.tasks.ping")
def ping() -> str:
    """Returns "pong": lets monitoring (and the integration test) see that a worker takes tasks."""
    return "pong"
