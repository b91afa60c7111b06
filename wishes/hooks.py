"""Where a wish meets the apps built beside it.

``wish_accepted`` is called by ``wishes.services.wishes.wish_accept`` inside its transaction. An accepted wish
belongs on the community's needs list (需求清单) of the four-list ledgers: when the ledgers app offers
``ledgers.services.need_from_wish(wish=…)``, it is called here, so that the need is created with the wish, or
neither is. Until then the wish itself is the record of the need.
"""

from importlib import import_module


def _ledger_services():
    try:
        return import_module("ledgers.services")
    except ImportError:
        return None


def wish_accepted(wish) -> None:
    """Enters an accepted wish in the community's needs list, where the ledgers app keeps one."""
    services = _ledger_services()
    need_from_wish = getattr(services, "need_from_wish", None)
    if need_from_wish is not None:
        need_from_wish(wish=wish)
