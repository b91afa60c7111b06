"""API authentication: knox tokens (stored as digests, expiring) sent as ``Authorization: Token …``."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions


class ExpiringTokenAuthentication(TokenAuthentication):
    """Knox's token authentication with a message that tells the client what to do."""

    def authenticate_credentials(self, token):
        try:
            token.decode("ascii")  # knox would raise UnicodeDecodeError (a 500) on other bytes
            user, auth_token = super().authenticate_credentials(token)
        except (exceptions.AuthenticationFailed, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: it has expired or was revoked. Ask for a new one at /api/token/.")
            ) from None
        if user.password_must_change:
            raise exceptions.AuthenticationFailed(_("Choose a new password before using the API."))
        return user, auth_token
