from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = _("Territory and grids")

    def ready(self):
        from grids.selectors import area_nodes
        from liaoyuan.core import pickers

        # districts, streets and communities the user sees ("in this area" filters)
        pickers.register("area", lambda user: area_nodes(user=user), search=("name", "code"))
