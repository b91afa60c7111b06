"""The home pages timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL[, floor (SQL, params)]) of each role's home page."""
    from alliances.bench import FOUR_ONES, four_ones_floor
    from grids.models import Node

    city = Node.objects.get(depth=1)
    # the floor of the city's home: the figures it shows, its own counts (one summary row) and this period's
    # "four ones" (alliances, and those with all four), in one statement
    _sql, params = four_ones_floor()
    sql = " ".join(["SELECT s.*, f.* FROM grids_nodesummary s, (", FOUR_ONES, ") f WHERE s.node_id = %s"])
    floor = (sql, [*params, city.pk])
    return [
        ("city", "home", "/", floor),
        ("unit", "home (inbox)", "/"),
        ("community", "home", "/"),
        ("resident", "home", "/"),
    ]
