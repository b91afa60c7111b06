"""Pages of the people timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL) of the people lists."""
    return [
        ("city", "people list (page 1 of all)", "/people/"),
        ("community", "people list", "/people/"),
        ("city", "API people (page 1)", "/api/v1/people/"),
    ]
