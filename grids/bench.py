"""Pages of the tree timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL[, floor (SQL, params)]) of the tree pages and the household lists."""
    from grids.models import Node

    city = Node.objects.get(depth=1)
    community = Node.objects.filter(kind=Node.Kind.COMMUNITY).order_by("path").first()
    stairwell = Node.objects.filter(kind=Node.Kind.STAIRWELL).order_by("path").first()
    # the city tree's figures: the city's and its children's counts
    floor = (
        "SELECT n.id, n.name, s.* FROM grids_node n JOIN grids_nodesummary s ON s.node_id = n.id "
        "WHERE n.depth = 2 AND n.path LIKE %s OR n.id = %s",
        [f"{city.path}%", city.pk],
    )
    return [
        ("city", "tree: city", f"/tree/{city.pk}/", floor),
        ("city", "tree: community", f"/tree/{community.pk}/"),
        ("city", "tree: stairwell unit", f"/tree/{stairwell.pk}/"),
        ("city", "households list (page 1 of all)", "/tree/households/"),
        ("community", "households list", "/tree/households/"),
        ("city", "API nodes (grids, page 1)", "/api/v1/nodes/?kind=grid"),
    ]
