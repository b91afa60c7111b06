"""The home pages timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL[, floor (SQL, params)]) of each role's home page."""
    from grids.models import Node

    city = Node.objects.get(depth=1)
    # the floor of the city's home: its own counts, one summary row (the four ones' floor is alliances/bench.py's)
    floor = ("SELECT * FROM grids_nodesummary WHERE node_id = %s", [city.pk])
    return [
        ("city", "home", "/", floor),
        ("unit", "home (inbox)", "/"),
        ("community", "home", "/"),
        ("resident", "home", "/"),
    ]
