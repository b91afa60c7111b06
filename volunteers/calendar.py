"""The user's claimed shifts in their calendar feed (the one feed of ``alliances.services.calendar``)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from volunteers.selectors import upcoming_claims_of

LOOKBACK_DAYS = 14
MAX_EVENTS = 200


def shift_events(*, user, now, host: str, base_url: str, make_event):
    """Events of the shifts the user's own person holds a place on, from two weeks ago on."""
    if not getattr(user, "person_id", None):
        return
    for claim in upcoming_claims_of(user.person_id, since=now - timedelta(days=LOOKBACK_DAYS))[:MAX_EVENTS]:
        shift, post = claim.shift, claim.shift.post
        event = make_event(
            uid=f"shift-claim-{claim.pk}@{host}",
            start=shift.starts_at,
            end=shift.ends_at,
            stamp=now,
            modified=claim.updated_at,
        )
        event.add("summary", _("Vanguard post: %(title)s") % {"title": post.title})
        event.add("location", post.place)
        event.add(
            "description", _("%(community)s. Check in with the organiser's code.") % {"community": post.node.name}
        )
        event.add("status", "CONFIRMED")
        event.add("categories", [_("Vanguard post")])
        event.add("url", base_url + reverse("volunteers:post", args=[post.pk]))
        yield event
