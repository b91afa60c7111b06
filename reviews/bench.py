"""Pages of the review cycles timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple]:
    """Returns (account, label, URL) of the review lists, as the city office and as a street."""
    return [
        ("city", "reviews: calendar", "/reviews/"),
        ("city", "reviews: duties list", "/reviews/duties/"),
        ("city", "reviews: cycles", "/reviews/cycles/"),
        ("city", "reviews: checklist", "/reviews/checklist/"),
        ("city", "reviews: visits list", "/reviews/visits/"),
        ("city", "reviews: inspections list", "/reviews/inspections/"),
        ("city", "reviews: zero reports list", "/reviews/zero-reports/"),
        ("city", "reviews: evaluations list", "/reviews/evaluations/"),
        ("street", "reviews: duties list", "/reviews/duties/"),
    ]
