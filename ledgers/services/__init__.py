"""Writes of the ledgers, by subject. ``need_from_wish`` is what ``wishes.hooks`` calls when a wish is accepted."""

from ledgers.services.needs import need_from_wish

__all__ = ["need_from_wish"]
