"""Sends reads to PostgreSQL replicas when DATABASE_REPLICA_URLS names some; writes go to the primary."""

import random

from django.conf import settings


class ReplicaRouter:
    """Reads from a random replica, writes to ``default``; objects from any of them may be related."""

    def db_for_read(self, model, **hints):
        """Returns the alias of a replica to read from, or None (the primary) when there is none."""
        replicas = settings.DATABASE_REPLICAS
        return random.choice(replicas) if replicas else None  # noqa: S311 - load spreading, not security

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        """Returns True only for the primary: replicas follow it by streaming replication."""
        return db == "default"
