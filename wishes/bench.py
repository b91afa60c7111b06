"""Pages of the wishes timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the wishes' pages, API and Open311 feed to time on the demo city."""
    from wishes.models import Wish

    wish = Wish.objects.filter(community__role_assignments__user__username="community").order_by("pk").first()
    community = wish.community_id if wish else None
    rows = [
        ("city", "wishes: staff list (page 1 of all)", "/wishes/staff/"),
        ("community", "wishes: staff list", "/wishes/staff/"),
        ("unit", "wishes: open to claims", "/wishes/staff/claim/"),
        ("city", "wishes: service menu", "/wishes/menu/"),
        ("city", "API wishes (page 1)", "/api/v1/wishes/"),
        ("city", "API service menu (page 1)", "/api/v1/service-menu/"),
        ("city", "Open311 requests, last 90 days (json)", "/open311/v2/requests.json"),
        ("city", "Open311 requests, last 90 days (xml)", "/open311/v2/requests.xml"),
        ("city", "Open311 services (json)", "/open311/v2/services.json"),
        ("city", "wishes: reply templates", "/wishes/replies/"),
        ("resident", "wishes: my wishes", "/wishes/mine/"),
    ]
    if wish is not None:
        rows.append(("community", "wishes: one wish", f"/wishes/staff/{wish.pk}/"))
        rows.append(("resident", "wishes: a community's public menu", f"/wishes/c/{community}/"))
    return rows
