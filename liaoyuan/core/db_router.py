"""Sends reads to PostgreSQL replicas when DATABASE_REPLICA_URLS names some; writes go to the primary.

Reads stay on the primary inside a transaction, and for the rest of a request (or Celery task) once it has
written or when it is not a GET: a replica may lag, and a page must show what the user just did.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

_pinned_to_primary: ContextVar[bool] = ContextVar("liaoyuan_pinned_to_primary", default=False)


def pin_to_primary(pinned: bool = True):
    """Sends this request's (or task's) reads to the primary from now on; returns a token for ``unpin``."""
    return _pinned_to_primary.set(pinned)


def unpin(token) -> None:
    _pinned_to_primary.reset(token)


class ReplicaRouter:
    """Reads from a random replica, writes to ``default``; objects from any of them may be related."""

    def db_for_read(self, model, **hints):
        """Returns the alias to read from: the primary when pinned or inside a transaction, else a replica."""
        replicas = settings.DATABASE_REPLICAS
        if not replicas or _pinned_to_primary.get() or connections["default"].in_atomic_block:
            return "default"
        return random.choice(replicas)  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        pin_to_primary()
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Returns True only for the primary: replicas follow it by streaming replication."""
        return db == "default"


class PrimaryAfterWriteMiddleware:
    """Starts each request unpinned, except requests that change something (not GET/HEAD/OPTIONS)."""

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = pin_to_primary(request.method not in self.SAFE_METHODS)
        try:
            return self.get_response(request)
        finally:
            unpin(token)
