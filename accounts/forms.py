from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts import selectors


class SignInForm(AuthenticationForm):
    """Django's sign-in form that also refuses a one-time password past its time."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "one_time_password_expired": _("This one-time password has expired. Ask your community for a new one."),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if selectors.one_time_password_expired(user=user):
            raise forms.ValidationError(
                self.error_messages["one_time_password_expired"], code="one_time_password_expired"
            )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TwoFactorSetupForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
