"""Pages of the notifications timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL) of the inbox of notifications."""
    return [("unit", "notifications", "/notifications/")]
