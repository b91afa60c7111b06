"""What every API endpoint shares: one error shape, pagination, scoped viewsets."""

import math

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from liaoyuan.core import security_log
from liaoyuan.core.paging import CappedPaginator
from liaoyuan.core.parsers import PayloadTooLarge
from liaoyuan.core.scoping import OutOfScope


class Pagination(pagination.PageNumberPagination):
    """Pages of at most 500 rows, counted up to LIST_COUNT_CAP (``liaoyuan.core.paging``): beyond it ``count``
    is the cap and ``count_is_capped`` is true, and pages reach the first LIST_COUNT_CAP rows."""

    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_capped": self.page.paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": "True when the list has more rows than LIST_COUNT_CAP: count is then the cap.",
        }
        return answer


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
    original = exc
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_error_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)  # a service's reason, when it gave one
    elif isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait or 1)
        exc = exceptions.Throttled(detail=_("Too many requests; try again in %(seconds)d seconds.") % {"seconds": wait})
        exc.wait = wait  # DRF sends it as Retry-After
    elif isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    if request is not None:
        if isinstance(original, OutOfScope):
            security_log.security_event(security_log.OUT_OF_SCOPE, request)
        elif isinstance(exc, exceptions.AuthenticationFailed):
            security_log.security_event(security_log.TOKEN_REFUSED, request)
        elif response.status_code in {403, 429}:
            event = security_log.THROTTLED if response.status_code == 429 else security_log.FORBIDDEN
            security_log.security_event(event, request)
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


class ApiDocsPermission(permissions.BasePermission):
    """The API's schema and documentation: for signed-in users, or everyone when ``API_DOCS_PUBLIC``."""

    def has_permission(self, request, view):
        return settings.API_DOCS_PUBLIC or bool(request.user and request.user.is_authenticated)


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)


class ErrorSerializer(serializers.Serializer):
    """The one shape of every API error (for the schema)."""

    error = ErrorBodySerializer()


def _verbose_name(model, name: str):
    """Returns the verbose name of the model field that a serializer field ``name`` shows: the field itself, or
    the field behind ``<field>_display`` and ``<relation>_name``; None when there is none."""
    for candidate in (
        name,
        name.removesuffix("_display"),
        name.removesuffix("_name"),
        f"{name.removesuffix('_name')}_unit",
    ):
        try:
            field = model._meta.get_field(candidate)
        except FieldDoesNotExist:
            continue
        if not field.auto_created or field.concrete:  # not a reverse relation (it has no verbose name)
            return field.verbose_name
    return None


class ModelLabelsMixin:
    """Serializers: a field without a label takes the translated verbose name of the model field it shows
    (``kind``, ``kind_display``, ``community_name`` …), so that the browsable API and the schema speak the
    user's language. ``label_model`` names the model of a plain ``Serializer``."""

    label_model = None

    def get_fields(self):
        fields = super().get_fields()
        model = self.label_model or getattr(getattr(self, "Meta", None), "model", None)
        if model is not None:
            for name, field in fields.items():
                if field.label is None:
                    verbose = _verbose_name(model, name)
                    if verbose:
                        field.label = capfirst(verbose)
        return fields


class ChoicesField(serializers.PrimaryKeyRelatedField):
    """A related object among ``choices(user)``, what the requesting user may choose; another answers "does not
    exist" (and is not offered in the browsable API's forms)."""

    def __init__(self, choices, **kwargs):
        self.choices_for = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.choices_for(request.user) if request is not None else self.queryset.none()
