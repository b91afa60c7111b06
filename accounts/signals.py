"""Signals of the accounts app, for the apps to its right (which accounts may not import).

``credentials_changed`` is sent after a change to how the user signs in (``change``: one of
``CREDENTIAL_CHANGES``), with the client ``address`` when known. The notification layer tells the user,
so that a change they did not make does not go unnoticed (OWASP ASVS 2.2.3, 2.5.5)."""

from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

CREDENTIAL_CHANGES = {
    "password": _("Your password was changed."),
    "api_token": _("A new API token was issued."),
    "two_factor_on": _("Two-factor sign-in was set up with a new authenticator app."),
    "two_factor_off": _("Two-factor sign-in was switched off."),
    "backup_codes": _("New backup codes were made; the old ones no longer work."),
}

credentials_changed = Signal()  # sender, user, change, address
