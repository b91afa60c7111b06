"""Pages of resource sharing timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the sharing pages to time on the demo city."""
    from django.utils import timezone

    from sharing.models import JobPosting, Training, Venue

    venue = Venue.objects.order_by("pk").first()
    rows = [
        ("city", "sharing: venues list", "/sharing/"),
        ("city", "sharing: bookings list", "/sharing/bookings/"),
        ("resident", "sharing: venues list (resident)", "/sharing/"),
        ("community", "sharing: bookings list (owner)", "/sharing/bookings/"),
        ("city", "sharing: job postings", "/sharing/jobs/"),
        ("resident", "sharing: job postings (resident)", "/sharing/jobs/"),
        ("city", "sharing: job referrals", "/sharing/referrals/"),
        ("city", "sharing: training sessions", "/sharing/trainings/"),
        ("city", "sharing: 8:30 class rates", "/sharing/class/"),
        ("worker", "sharing: 8:30 class (a worker)", "/sharing/class/"),
        ("city", "sharing: figures", "/sharing/figures/"),
    ]
    if venue is not None:
        rows.append(("resident", "sharing: venue week view", f"/sharing/venues/{venue.pk}/"))
    today = timezone.localdate()
    posting = JobPosting.objects.filter(published_on__lte=today, closes_on__gte=today).order_by("pk").first()
    if posting is not None:
        rows.append(("community", "sharing: an open job posting with its referrals", f"/sharing/jobs/{posting.pk}/"))
    training = Training.objects.filter(node__kind="community").order_by("pk").first()
    if training is not None:
        rows.append(("city", "sharing: a training session with its attendance", f"/sharing/trainings/{training.pk}/"))
    return rows
