from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from liaoyuan.core import security_log
from liaoyuan.core.errors import RequestRefused
from liaoyuan.core.scoping import OutOfScope
from liaoyuan.core.views import payload_too_large


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Speaks simplified Chinese unless the user chose another language (the language cookie).

    Django's own middleware would follow the browser's Accept-Language; a portal for Liaoyuan's
    offices should not switch to English because a browser was installed in English.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


NUL = "\x00"
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _contains_nul(values: Iterable[str]) -> bool:
    return any(NUL in value for value in values)


def _form_values(request) -> Iterable[str]:
    for key, values in request.POST.lists():
        yield key
        yield from values
    for upload in request.FILES.values():
        yield upload.name or ""


def _query_values(request) -> Iterable[str]:
    for key, values in request.GET.lists():
        yield key
        yield from values


class RequestGuardMiddleware:
    """Refuses, before any view, form or query sees them, requests that nothing could store:

    - a body larger than ``REQUEST_MAX_BYTES`` (413), told by its Content-Length before it is read;
    - a NUL character in the path, the query string, a cookie or a form field (400). No text column holds
      one and PostgreSQL refuses it in any query, so every request value is checked here, once. JSON bodies
      are checked by the API's parser (``liaoyuan.core.parsers``), which alone reads them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _values(request) -> Iterable[str]:
        """Yields every string of the request a view may read: path, query, cookies and form fields."""
        yield request.path
        yield from _query_values(request)
        yield from request.COOKIES
        yield from request.COOKIES.values()
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            yield from _form_values(request)

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise RequestRefused(_("The request's Content-Length is not a number.")) from None
        if length > settings.REQUEST_MAX_BYTES:
            return payload_too_large(request)
        if _contains_nul(self._values(request)):
            raise RequestRefused(_("The request contains a NUL character, which no field accepts."))
        return self.get_response(request)


class NoStoreForSignedInMiddleware:
    """``Cache-Control: no-store`` on every answer to a signed-in user (pages and API alike): what a
    signed-in user sees may carry personal data, and must not stay in a browser's or a proxy's cache.

    Runs after authentication; DRF puts a token's user on the request too, so token calls are covered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class SecurityEventsMiddleware:
    """Records refusals of pages in the security log: 403, and 404 for a record that exists outside the
    user's scope (the API's exception handler does the same for API calls)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OutOfScope):
            security_log.security_event(security_log.OUT_OF_SCOPE, request)
        elif isinstance(exception, PermissionDenied):
            security_log.security_event(security_log.FORBIDDEN, request)
        return None
