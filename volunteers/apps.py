from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "volunteers"
    verbose_name = _("Volunteers")

    def ready(self):
        from alliances.services.calendar import register_event_source
        from liaoyuan.core import pickers
        from volunteers import exports, selectors  # noqa: F401 - exports registers the datasets
        from volunteers.calendar import shift_events
        from volunteers.duties import HOURS_TO_CONFIRM, SHIFT_TOMORROW  # noqa: F401 - registers the reminders

        register_event_source(shift_events)
        pickers.register("volunteer_community", lambda user: selectors.communities(), search=("name", "code"))
        pickers.register(
            "volunteer_person",
            lambda user: selectors.acting_for(user=user),
            search=("name", "node__name"),
            label=lambda person: f"{person.name}（{person.node.name}）",
        )
        pickers.register(
            "unit_party_member",
            lambda user: selectors.unit_party_members(user=user),
            search=("name", "node__name"),
            label=lambda person: f"{person.name}（{person.node.name}）",
        )
        pickers.register("volunteer_post_node", lambda user: selectors.post_nodes(user=user), search=("name", "code"))
        pickers.register("volunteer_team", lambda user: selectors.team_choices(user=user), search=("name",))
