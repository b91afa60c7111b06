"""What every API endpoint shares: one error shape, pagination, scoped viewsets."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler

from liaoyuan.core.parsers import PayloadTooLarge


class Pagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def django_validation_error_detail(exc: DjangoValidationError) -> dict | list:
    """Returns DRF-style detail for a Django ``ValidationError`` raised by a service."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Gives every API error one shape: ``{"error": {"status", "code", "message", "fields"}}``.

    ``fields`` maps a field name (or ``non_field_errors``) to its messages; it is present for 400s.
    A Django ``ValidationError`` raised by a service becomes a 400 with field errors.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # a service's reason, when it gave one
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": getattr(exc, "default_code", "error")}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body["code"] = "invalid"
        body["message"] = _("The data sent is not valid; see the field errors.")
        body["fields"] = detail
    else:
        body["message"] = str(getattr(exc, "detail", exc))
    response.data = {"error": body}
    return response
