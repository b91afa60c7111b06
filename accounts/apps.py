from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and scopes")

    def ready(self):
        from accounts import receivers, schema  # noqa: F401 - connects the signal receivers; the schema extension
