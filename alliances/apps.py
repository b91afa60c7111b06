from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliances")

    def ready(self):
        from accounts import scopes
        from alliances import duties  # noqa: F401 - declares the kinds of duty
        from alliances.models import Alliance
        from alliances.selectors import activities
        from alliances.services import exports  # noqa: F401 - registers the exports with the engine
        from liaoyuan.core import pickers

        pickers.register(
            "alliance",
            lambda user: scopes.visible(user, Alliance.objects.all()).order_by("name", "pk"),
            search=("name", "brand", "node__name"),
        )
        pickers.register(
            "activity_organisation",
            lambda user: activities.organisations_for_activities(user=user),
            search=("name", "node__name"),
            label=lambda org: f"{org.name}（{org.node.name}）",
        )
        pickers.register(
            "activity_person",
            lambda user: activities.nameable_people(user=user),
            search=("name", "node__name"),
            label=lambda person: f"{person.name}（{person.node.name if person.node_id else ''}）",
        )
        pickers.register(
            "activity_household",
            lambda user: activities.visitable_households(user=user),
            search=("address", "node__address", "door_number"),
            label=lambda h: h.address or f"{h.node.address or h.node.name}{h.door_number}",
        )
