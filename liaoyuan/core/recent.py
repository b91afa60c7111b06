"""Figures kept for a stated time: a city-wide count that many people open and that may be a few minutes old
is computed once and served from the shared cache (Redis in production, so every web process and machine
serves the same figures) until it is ``seconds`` old. The page says when it was counted."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")


def kept(key: str, seconds: int, compute: Callable[[], T]) -> tuple[T, datetime.datetime]:
    """Returns ``compute()`` and when it was computed: from the cache when it was computed less than
    ``seconds`` ago under ``key``, else computed now and kept. ``seconds`` of 0 computes on every call."""
    if seconds:
        found = cache.get(key)
        if found is not None:
            return found
    found = (compute(), timezone.now())
    if seconds:
        cache.set(key, found, seconds)
    return found
