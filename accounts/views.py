from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from accounts import scopes, selectors, services, sessions
from accounts.forms import TwoFactorCodeForm, TwoFactorSetupForm
from accounts.models import PasswordChange
from liaoyuan.core import security_log
from liaoyuan.core.forms import add_service_errors
from liaoyuan.core.net import client_address
from people.models import Person


def _next_or(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@login_required
def profile(request):
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": selectors.role_assignments(user=user),
            "tokens": selectors.api_tokens(user=user),
            "calendar_links": user.calendar_feeds.select_related("alliance").order_by("-created_at", "-pk"),
            "two_factor": selectors.has_two_factor(user=user),
            "two_factor_required": selectors.two_factor_required(user=user),
            "password_changes": selectors.password_changes(user=user)[:5],
            "token_days": settings.API_TOKEN_DAYS,
        },
    )


# --- passwords -------------------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changes the password through the service: other sessions end, API tokens and calendar links are
    revoked, the change is recorded. This session stays signed in."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        user = form.user
        services.password_set(
            user=user,
            password=form.cleaned_data["new_password1"],
            kind=PasswordChange.Kind.CHANGED,
            by=user,
            address=client_address(self.request),
        )
        update_session_auth_hash(self.request, user)
        security_log.security_event(security_log.PASSWORD_CHANGED, self.request)
        messages.success(
            self.request,
            _("Your password was changed. Other sessions were signed out; API tokens and calendar links were revoked."),
        )
        return redirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's e-mailed-link reset, through the same service as a change."""

    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        services.password_set(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            kind=PasswordChange.Kind.RESET_BY_EMAIL,
            by=form.user,
            address=client_address(self.request),
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


@login_required
def person_password_reset(request, person_pk: int):
    """A secretary or worker gives a resident or party member in scope a one-time password (for people
    without e-mail); the person chooses their own at next sign-in. Shown once; the reset is recorded."""
    person = get_object_or_404(Person.objects.select_related("account"), pk=person_pk)
    if not services.can_reset_password_of(request.user, person):
        # out of sight is 404, as everywhere; in sight but not allowed is 403
        scopes.visible_or_404(request.user, Person.objects.all(), pk=person.pk)
        raise PermissionDenied
    if request.method == "POST":
        account, password = services.password_reset_by_staff(
            by=request.user, person=person, address=client_address(request)
        )
        security_log.security_event(security_log.PASSWORD_RESET_BY_STAFF, request, target=account.get_username())
        return render(
            request, "accounts/person_password_done.html", {"person": person, "account": account, "password": password}
        )
    return render(request, "accounts/person_password_confirm.html", {"person": person, "account": person.account})


# --- API tokens -----------------------------------------------------------------------------------------


@login_required
@require_POST
def api_token_create(request):
    """Issues an API token and shows it once (only its digest is kept)."""
    try:
        token, secret = services.api_token_create(user=request.user)
    except PermissionDenied as refused:
        messages.error(request, str(refused))
        return redirect("accounts:profile")
    return render(request, "accounts/api_token_created.html", {"token": token, "secret": secret})


@login_required
@require_POST
def api_token_revoke(request, token_key: str):
    try:
        services.api_token_revoke(user=request.user, token_key=token_key)
    except ValidationError:
        raise Http404(_("No such token.")) from None  # another account's token is out of sight, as in the API
    messages.success(request, _("The API token was revoked."))
    return redirect(reverse("accounts:profile") + "#api-tokens")


# --- two-factor login -----------------------------------------------------------------------------------


@login_required
def two_factor_setup(request):
    """Sets up an authenticator app: a QR code (and the key, to type), then a code from the app to confirm.
    On success the backup codes are shown, once."""
    device = services.totp_device_start(user=request.user)
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(user=request.user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            otp_login(request, device)
            sessions.two_factor_changed(request)
            messages.success(request, _("Two-factor sign-in is on."))
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": _next_or(request, reverse("accounts:profile"))},
            )
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "next": _next_or(request, ""),
            "required": selectors.two_factor_required(user=request.user),
        },
    )


@login_required
def two_factor_qr(request):
    """The set-up QR code (SVG) of the user's unconfirmed authenticator device; 404 when there is none."""
    device = get_object_or_404(TOTPDevice, user=request.user, confirmed=False)
    response = HttpResponse(content_type="image/svg+xml")
    write_qrcode_image(device.config_url, response)
    return response


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the app or a backup code. Wrong codes count towards the
    lockout like wrong passwords."""
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            return redirect(_next_or(request, reverse("home")))
        security_log.security_event(security_log.TWO_FACTOR_FAILED, request)
        user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)
        form.add_error("code", _("The code is not right, or was already used."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_or(request, "")})


@login_required
@require_POST
def backup_codes_renew(request):
    if not request.user.is_verified():
        raise PermissionDenied
    codes = services.backup_codes_renew(user=request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:profile")})


@login_required
@require_POST
def two_factor_disable(request):
    try:
        services.two_factor_disable(user=request.user, required=selectors.two_factor_required(user=request.user))
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        sessions.two_factor_changed(request)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect(reverse("accounts:profile") + "#two-factor")
