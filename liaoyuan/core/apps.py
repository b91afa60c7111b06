from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(*, using: str = "default", **kwargs) -> None:
    """Creates the database cache's table after ``migrate`` when the cache lives in the database (the
    embedded default), so that ``make setup``, deployments and the test databases all have it."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "liaoyuan.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="liaoyuan.core.create_cache_table")
        from liaoyuan.core.imports import tasks  # noqa: F401 - registers the background import task
