from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "sharing"
    verbose_name = _("Resource sharing")

    def ready(self):
        from alliances.services.calendar import register_event_source
        from sharing.calendar import booking_events

        register_event_source(booking_events)
