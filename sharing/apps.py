from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Resource sharing")

    def ready(self):
        from accounts import scopes
        from alliances.services.calendar import register_event_source
        from liaoyuan.core import pickers
        from people.selectors import nameable
        from sharing import duties, exports  # noqa: F401 - register the notices and the exports
        from sharing.calendar import booking_events
        from sharing.selectors.classes import class_workers
        from sharing.selectors.jobs import training_nodes
        from units.models import MemberUnit

        register_event_source(booking_events)

        def person_label(person) -> str:
            return f"{person.name}（{person.node.name if person.node_id else ''}）"

        pickers.register(
            "job_unit",
            lambda user: scopes.editable(user, MemberUnit.objects.select_related("location")).order_by("name", "pk"),
            search=("name", "location__name"),
            label=lambda unit: unit.label,
        )
        pickers.register(
            "sharing_person", lambda user: nameable(user=user), search=("name", "node__name"), label=person_label
        )
        pickers.register("training_node", lambda user: training_nodes(user=user), search=("name", "code"))
        pickers.register(
            "class_worker", lambda user: class_workers(user=user), search=("name", "node__name"), label=person_label
        )
