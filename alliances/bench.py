"""Pages of the alliances timed by ``make bench`` (``benchmarks/run.py`` gathers every app's ``bench.py``)."""

from __future__ import annotations

ONE = "EXISTS (SELECT 1 FROM alliances_activity x WHERE x.alliance_id = a.id AND x.kind = %s AND x.starts_at >= %s AND x.starts_at < %s)"  # noqa: E501
MEETING = (
    "EXISTS (SELECT 1 FROM alliances_jointmeeting x WHERE x.alliance_id = a.id AND x.status = 'held' "
    "AND x.starts_at >= %s AND x.starts_at < %s)"
)
FOUR_ONES = " ".join(  # constant text: the values are parameters
    ["SELECT count(*), count(*) FILTER (WHERE", ONE, "AND", ONE, "AND", ONE, "AND", MEETING, ")"]
    + ["FROM alliances_alliance a"]
)


def four_ones_floor() -> tuple[str, list]:
    """Hand-written SQL of the city's "four ones" figures this quarter: alliances, and those with all four."""
    from django.utils import timezone

    from alliances.selectors.four_ones import period_containing

    start, end = period_containing(timezone.localdate(), 3).bounds()
    params = []
    for kind in ("theme_party_day", "volunteer_service", "visit"):
        params += [kind, start, end]
    return FOUR_ONES, [*params, start, end]


def pages() -> list[tuple]:
    """Returns (account, label, URL[, floor (SQL, params)]) of the alliance pages."""
    from alliances.models import Alliance

    alliance = Alliance.objects.order_by("pk").first()
    return [
        ("city", "alliances list", "/alliances/"),
        ("city", "alliance page", f"/alliances/{alliance.pk}/"),
        ("city", "joint meetings list", "/alliances/meetings/"),
        ("city", "tracked problems list", "/alliances/problems/"),
        ("city", "activities list", "/alliances/activities/"),
        ("city", "“four ones”, this quarter", "/alliances/four-ones/", four_ones_floor()),
        ("city", "exports page", "/alliances/exports/"),
        # the request as the office makes it: the file when small, else the page of a background job
        ("city", "export: all meetings .xlsx (the request)", "/alliances/exports/meetings.xlsx"),
        ("unit", "alliance inbox", "/alliances/inbox/"),
        ("community", "joint meetings list", "/alliances/meetings/"),
    ]


def jobs() -> list[tuple]:
    """Returns (account, label, export dataset, format) of the background exports timed by ``make bench``."""
    return [("city", "all meetings .xlsx", "meetings", "xlsx")]
