from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WishesConfig(AppConfig):
    name = "wishes"
    verbose_name = _("Service menu and micro-wishes")

    def ready(self):
        from wishes import duties  # noqa: F401 - declares the kinds of duty
