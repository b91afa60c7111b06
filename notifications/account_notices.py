"""Tells a user, in the inbox and by e-mail, of every change to how they sign in (password, API token,
second factor), so that a change they did not make does not go unnoticed (OWASP ASVS 2.2.3, 2.5.5).

The accounts app sends ``accounts.signals.credentials_changed``; this module, loaded by the app's
``ready``, turns it into a notice through the one notification layer."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from accounts.signals import CREDENTIAL_CHANGES, credentials_changed
from notifications.models import Stage
from notifications.registry import DutyKind, register
from notifications.services import duty_notify

# a short key per change, so that two changes in the same second are two notices (period: 16 characters)
CHANGE_KEYS = {
    "password": "pw",
    "api_token": "tok",
    "two_factor_on": "2fa+",
    "two_factor_off": "2fa-",
    "backup_codes": "bak",
}

CREDENTIALS_CHANGED = register(
    DutyKind(
        "notifications.credentials_changed",
        gettext_lazy("Change to your sign-in"),
        gettext_lazy(
            "Your password, an API token or your two-factor sign-in changed. If it was not you, "
            "change your password at once and tell your community."
        ),
        email=True,
    )
)


@receiver(credentials_changed, dispatch_uid="notifications.credentials_changed")
def tell_credentials_changed(sender, *, user, change, address=None, **kwargs):
    now = timezone.localtime()
    with override(settings.LANGUAGE_CODE):  # stored once, read in the site's language
        what = str(CREDENTIAL_CHANGES[change])
        detail = what if not address else _("%(what)s From address %(address)s.") % {"what": what, "address": address}
    duty_notify(
        kind=CREDENTIALS_CHANGED.key,
        target=user,
        stage=Stage.NOTICE,
        recipients=[user.pk],
        url=reverse("accounts:profile"),
        target_name=user.get_username(),
        # one notice per change and second: the period key keeps two changes apart
        period=f"{CHANGE_KEYS[change]}{now:%y%m%d%H%M%S}",
        detail=detail,
    )
