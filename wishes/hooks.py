"""Where a wish meets the apps built beside it.

``wish_accepted`` is called by ``wishes.services.wishes.wish_accept`` inside its transaction: an accepted wish
enters the community's needs list (需求清单) of the four-list ledgers as a need from a resident's wish
(``ledgers.services.needs.need_create``), so that the need is created with the acceptance, or neither is. The
need carries what is needed and no personal data (phones typed into the wish are masked); special-care
households' wishes are urgent-high.
"""

from django.utils.translation import gettext as _

from ledgers.models import Category, Need, Urgency
from ledgers.services.needs import need_create


def wish_accepted(wish, *, user) -> Need:
    """Enters an accepted wish in the needs list of its community; links and returns the need."""
    from wishes.selectors import mask_phones_in

    kind = _("Service order") if wish.item_id else _("Micro-wish")
    need = need_create(
        user=user,
        node=wish.community,
        title=f"{kind}: {mask_phones_in(wish.title)}"[:200],
        category=Category.PEOPLE,
        source=Need.Source.RESIDENT_WISH,
        description=mask_phones_in(f"{wish.description}\n{wish.building.name} · {wish.tracking_code}".strip()),
        urgency=Urgency.HIGH if wish.care_group else Urgency.NORMAL,
    )
    type(wish).objects.filter(pk=wish.pk).update(need=need)
    wish.need = need
    return need
