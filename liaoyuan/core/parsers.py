"""The API's request parsers: DRF's, with bounds. JSON is nested at most ``MAX_JSON_DEPTH`` deep (Python's
own limit would end in a ``RecursionError``), and no string, key or form value may hold a NUL character (no
text column stores one; PostgreSQL refuses it in any query). Each breach is a 400 in the API's error shape.
The size of a body is bounded by ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django refuses a larger one; the API
answers 413, ``liaoyuan.core.api.exception_handler``)."""

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError

MAX_JSON_DEPTH = 32  # arrays and objects inside each other; the API's deepest payload has three levels

NUL = "\x00"


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "payload_too_large"


def _nul_error() -> ParseError:
    return ParseError(_("The data contains a NUL character, which no field accepts."))


def _too_deep() -> ParseError:
    return ParseError(_("The JSON is nested too deep (at most %(depth)d levels).") % {"depth": MAX_JSON_DEPTH})


def check_json(data) -> None:
    """Raises ``ParseError`` when ``data`` nests containers deeper than ``MAX_JSON_DEPTH`` or holds a NUL
    character in a key or a string. Iterative, so that any depth is walked safely."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            if isinstance(value, dict):
                if any(NUL in key for key in value):
                    raise _nul_error()
                children = value.values()
            else:
                children = value
            stack.extend((child, depth + 1) for child in children)
        elif isinstance(value, str) and NUL in value:
            raise _nul_error()


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        check_json(data)
        return data


def _check_form(keys_and_values: Iterable[str]) -> None:
    if any(NUL in value for value in keys_and_values):
        raise _nul_error()


def _form_strings(data) -> Iterable[str]:
    for key, values in data.lists():
        yield key
        yield from (v for v in values if isinstance(v, str))


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _check_form(_form_strings(data))
        return data


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        result = super().parse(stream, media_type, parser_context)
        _check_form(_form_strings(result.data))
        _check_form(upload.name or "" for upload in result.files.values())
        return result


PARSER_CLASSES = (JSONParser, FormParser, MultiPartParser)
