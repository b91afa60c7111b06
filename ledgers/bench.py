"""Pages of the ledgers timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the ledger pages to time on the demo city."""
    from accounts.models import RoleAssignment
    from ledgers.models import Need, Project

    street = RoleAssignment.objects.filter(user__username="street").select_related("node").first()
    need = (
        Need.objects.filter(status=Need.Status.OPEN, node__path__startswith=street.node.path).order_by("pk").first()
        if street
        else None
    )
    project = Project.objects.order_by("pk").first()
    rows = [
        ("city", "ledgers: overview", "/ledgers/"),
        ("city", "ledgers: needs list", "/ledgers/needs/"),
        ("city", "ledgers: resources list", "/ledgers/resources/"),
        ("city", "ledgers: projects list", "/ledgers/projects/"),
        ("city", "ledgers: responsibilities list", "/ledgers/responsibilities/"),
        ("city", "ledgers: secretary projects list", "/ledgers/secretary-projects/"),
        ("city", "ledgers: contact points list", "/ledgers/contact-points/"),
        ("city", "API ledger needs (page 1)", "/api/v1/ledgers/needs/"),
        ("street", "ledgers: needs list", "/ledgers/needs/"),
        ("city", "ledgers: exports page", "/ledgers/excel/"),
    ]
    if need is not None:
        rows.append(("street", "ledgers: need page with proposals", f"/ledgers/needs/{need.pk}/"))
    if project is not None:
        rows.append(("city", "ledgers: project page", f"/ledgers/projects/{project.pk}/"))
    return rows
