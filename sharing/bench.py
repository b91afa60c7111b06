"""Pages of resource sharing timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the sharing pages to time on the demo city."""
    from sharing.models import Venue

    venue = Venue.objects.order_by("pk").first()
    rows = [
        ("city", "sharing: venues list", "/sharing/"),
        ("city", "sharing: bookings list", "/sharing/bookings/"),
        ("resident", "sharing: venues list (resident)", "/sharing/"),
        ("community", "sharing: bookings list (owner)", "/sharing/bookings/"),
    ]
    if venue is not None:
        rows.append(("resident", "sharing: venue week view", f"/sharing/venues/{venue.pk}/"))
    return rows
