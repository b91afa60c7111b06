from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompoundsConfig(AppConfig):
    name = "compounds"
    verbose_name = _("Old compounds")

    def ready(self):
        from compounds import exports  # noqa: F401 - registers the export
        from compounds.selectors import renovation_projects
        from liaoyuan.core import pickers

        pickers.register(
            "compound_project", lambda user: renovation_projects(user=user), search=("title", "node__name")
        )
