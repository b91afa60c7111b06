from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "ledgers"
    verbose_name = _("Ledgers")

    def ready(self):
        from accounts import scopes
        from ledgers import (
            duties,  # noqa: F401 - declares the kinds of duty
            imports,  # noqa: F401 - registers the imports with the engine
        )
        from ledgers.models import Project
        from ledgers.selectors.lists import ledger_nodes
        from ledgers.services import exports  # noqa: F401 - registers the exports with the engine
        from liaoyuan.core import pickers

        pickers.register("ledger_node", lambda user: ledger_nodes(user=user), search=("name", "code"))
        pickers.register(
            "ledger_project",
            lambda user: scopes.visible(user, Project.objects.order_by("title", "pk")),
            search=("title", "owner_name"),
        )
