"""Volunteer pages timed by ``make bench`` (``benchmarks/__main__.py`` gathers every app's ``bench.py``)."""


def pages() -> list[tuple[str, str, str]]:
    """Returns (account, label, URL) of the volunteer pages to time on the demo city."""
    from volunteers.models import Post

    post = Post.objects.order_by("pk").first()
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
    if post is not None:
        rows.append(("member", "volunteers: post with its shifts", f"/volunteers/posts/{post.pk}/"))
    return rows
