from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances")

    def ready(self):
        from accounts import scopes
        from alliances import duties  # noqa: F401 - declares the kinds of duty
        from alliances.models import Alliance
        from alliances.services import exports  # noqa: F401 - registers the exports with the engine
        from liaoyuan.core import pickers

        pickers.register(
            "alliance",
            lambda user: scopes.visible(user, Alliance.objects.all()).order_by("name", "pk"),
            search=("name", "brand", "node__name"),
        )
