from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from accounts import selectors, services


@login_required
def profile(request):
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": selectors.role_assignments(user=request.user),
            "token": Token.objects.filter(user=request.user).first(),
        },
    )


@login_required
@require_POST
def api_token_rotate(request):
    services.api_token_rotate(user=request.user)
    messages.success(request, _("A new API token was issued; the old one no longer works."))
    return redirect("accounts:profile")
