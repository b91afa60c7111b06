from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def healthz(request):
    """Answers 200 when the database answers: for load balancers and the smoke test."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception):
    """API paths get the API's error shape; pages get the 404 template."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": 404, "code": "not_found", "message": _("Not found.")}}, status=404)
    return defaults.page_not_found(request, exception)
