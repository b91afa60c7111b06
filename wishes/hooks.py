"""Where a wish meets the apps built beside it.

``wish_accepted`` is called by ``wishes.services.wishes.wish_accept`` inside its transaction: an accepted wish
enters the community's needs list (需求清单) of the four-list ledgers through the ledgers' own door,
``ledgers.services.needs.need_from_wish`` (one need per wish, found again by its tracking code; only what is
needed is copied, never the resident's contact), so that the need is created with the acceptance, or neither
is. The wish keeps a link to its need.
"""

from ledgers.models import Need
from ledgers.services.needs import need_from_wish


def wish_accepted(wish, *, user) -> Need:
    """Enters an accepted wish in the needs list of its community; links and returns the need."""
    need = need_from_wish(wish=wish)
    type(wish).objects.filter(pk=wish.pk).update(need=need)
    wish.need = need
    return need
