from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Member units")

    def ready(self):
        from accounts import scopes
        from liaoyuan.core import pickers
        from units.models import MemberUnit

        pickers.register(
            "unit",
            lambda user: scopes.visible(user, MemberUnit.objects.select_related("location")).order_by("name", "pk"),
            search=("name", "location__name"),
            label=lambda unit: unit.label,
        )
