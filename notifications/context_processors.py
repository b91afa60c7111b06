import functools

from notifications.selectors import unread_count


def unread(request):
    """Returns ``unread_notifications``: the signed-in user's unread count for the top bar, counted once and
    only when a template shows it (templates call it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": functools.cache(lambda: unread_count(user=user))}
