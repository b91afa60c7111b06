from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from liaoyuan.core import security_log
from liaoyuan.core.scoping import OutOfScope


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
