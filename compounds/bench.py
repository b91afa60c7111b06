"""Pages of the old compounds timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the old compounds' pages to time on the demo city."""
    from compounds.models import Compound

    rows = [
        ("city", "compounds: list with figures", "/sharing/compounds/"),
        ("community", "compounds: list (community)", "/sharing/compounds/"),
    ]
    compound = Compound.objects.order_by("pk").first()
    if compound is not None:
        rows.append(("city", "compounds: a compound's five packages", f"/sharing/compounds/{compound.pk}/"))
    return rows
