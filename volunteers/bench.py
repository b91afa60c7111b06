"""Volunteer pages timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the volunteer pages to time on the demo city."""
    import datetime

    from django.utils import timezone

    from volunteers.models import Post

    post = Post.objects.order_by("pk").first()
    # the member's page of a post: the first post with shifts to show (from a week ago on), at every scale
    since = timezone.now() - datetime.timedelta(days=7)
    shown = Post.objects.filter(is_open=True, shifts__ends_at__gte=since).order_by("pk").first() or post
    rows = [
        ("city", "volunteers: posts list", "/volunteers/"),
        ("member", "volunteers: posts list (party member)", "/volunteers/"),
        ("city", "volunteers: claims list", "/volunteers/claims/"),
        ("city", "volunteers: dual reports waiting", "/volunteers/reports/"),
        ("community", "volunteers: dual reports waiting (community)", "/volunteers/reports/"),
        ("city", "volunteers: reported members (roster)", "/volunteers/members/"),
        ("unit", "volunteers: reported members (unit)", "/volunteers/members/"),
        ("city", "volunteers: declared hours waiting", "/volunteers/hours/"),
        ("city", "volunteers: emergency mobilisation", "/volunteers/emergency/"),
        ("member", "volunteers: my service", "/volunteers/me/"),
    ]
    if shown is not None:
        rows.append(("member", "volunteers: post with its shifts", f"/volunteers/posts/{shown.pk}/"))
    # the API's lists are timed by make bench itself (as the city office) unless named here, as these two are
    rows += [
        ("city", "API claims (page 1)", "/api/v1/claims/"),
        ("city", "API service-records (page 1)", "/api/v1/service-records/"),
        ("city", "API volunteers: service totals by community", "/api/v1/service-records/totals/?group=community"),
        ("unit", "API volunteers: service totals by person (unit)", "/api/v1/service-records/totals/?group=person"),
        (
            "community",
            "API volunteers: declared hours waiting",
            "/api/v1/service-records/?kind=declared&status=pending",
        ),
        ("member", "API volunteers: my claims to come", "/api/v1/claims/?upcoming=true"),
    ]
    if post is not None:
        rows.append(("community", "API volunteers: a post's shifts", f"/api/v1/posts/{post.pk}/shifts/"))
    return rows
