"""API rate limits (DRF throttling): per signed-in user, per address when signed out, and per address for
everyone. Counters live in the shared cache, so the limits hold across web processes and machines."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from liaoyuan.core.net import client_address


class _RateFromSettings(SimpleRateThrottle):
    """Reads its rate when asked, so that a changed setting (a test, a reload) takes effect."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        return client_address(request)


class UserThrottle(_RateFromSettings):
    """``user`` rate per signed-in user; ``anon`` rate per address for calls without a user."""

    scope = "user"

    def allow_request(self, request, view):
        self.scope = "user" if request.user and request.user.is_authenticated else "anon"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        signed_in = request.user and request.user.is_authenticated
        ident = request.user.pk if signed_in else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AddressThrottle(_RateFromSettings):
    """``address`` rate per client address, whoever is signed in: one address cannot flood the API with
    many accounts' tokens."""

    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
