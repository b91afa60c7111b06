from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def healthz(request):
    """Answers 200 when the database answers: for load balancers and the smoke test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _api_error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"status": status, "code": code, "message": message}}, status=status)


def page_not_found(request, exception):
    """API paths get the API's error shape; pages get the 404 template."""
    if request.path.startswith("/api/"):
        return _api_error(404, "not_found", _("Not found."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    """API paths get the API's error shape; pages get the 500 template (which needs no context)."""
    if request.path.startswith("/api/"):
        return _api_error(500, "server_error", _("Something went wrong on the server; it was logged."))
    return defaults.server_error(request)
