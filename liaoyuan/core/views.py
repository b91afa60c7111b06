"""Views every app shares: the health check and the error pages (pages in the site's layout; the API's
error shape under ``/api/``)."""

from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponsePermanentRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import gettext as _


def healthz(request):
    """Answers 200 when the database answers: for load balancers and the smoke test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """``/favicon.ico``, asked for by clients that do not read a page's icon link: the site's icon, from the
    static files (hashed and cached like every other)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)


def bad_request(request, exception):
    """400: a request refused at the door says why (``RequestRefused``); others get a general message. Form
    fields beyond ``DATA_UPLOAD_MAX_MEMORY_SIZE`` answer 413."""
    if isinstance(exception, RequestDataTooBig):
        return payload_too_large(request)
    message = getattr(exception, "user_message", None) or _(
        "The request could not be understood. Go back and try again."
    )
    if _is_api(request):
        return _api_error(400, "bad_request", str(message))
    return render(request, "400.html", {"message": message}, status=400)


def payload_too_large(request):
    """413: the body is larger than ``REQUEST_MAX_BYTES``; answered before it is read."""
    message = _("The request is too large. Send fewer or smaller files at a time.")
    if _is_api(request):
        return _api_error(413, "payload_too_large", message)
    return render(request, "400.html", {"message": message, "title": _("Too large")}, status=413)


def permission_denied(request, exception):
    """403: visible but not to be changed by this user."""
    if _is_api(request):
        return _api_error(403, "permission_denied", _("You do not have permission to perform this action."))
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    """404: nothing here, or outside the user's scope (the two look the same)."""
    if _is_api(request):
        return _api_error(404, "not_found", _("Not found."))
    return render(request, "404.html", status=404)


def server_error(request):
    """500: rendered without a request context (the database, the session or the user may be what broke)."""
    if _is_api(request):
        return _api_error(500, "server_error", _("Something went wrong on the server; it was logged."))
    return HttpResponseServerError(loader.get_template("500.html").render())
