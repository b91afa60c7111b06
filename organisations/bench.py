"""Pages of the party organisations timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's
``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the party organisations' pages to time on the demo city."""
    from organisations.models import PartyOrganisation

    organisation = (
        PartyOrganisation.objects.filter(kind=PartyOrganisation.Kind.COMMUNITY_COMMITTEE).order_by("pk").first()
    )
    rows = [
        ("city", "party organisations list", "/organisations/"),
        ("community", "party organisations list", "/organisations/"),
        ("city", "API party organisations (page 1)", "/api/v1/party-organisations/"),
        ("city", "API chief counts", "/api/v1/duties/counts/"),
    ]
    if organisation is not None:
        rows += [
            ("city", "party organisation page (community committee)", f"/organisations/{organisation.pk}/"),
            ("city", "API organisation members", f"/api/v1/party-organisations/{organisation.pk}/members/"),
        ]
    return rows
