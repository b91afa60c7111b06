"""Pages of the member units timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL) of the unit lists."""
    return [
        ("city", "units list", "/units/"),
        ("community", "units list", "/units/"),
    ]
