"""The API schema says what every endpoint can answer besides success: the one error shape
(``liaoyuan.core.api.exception_handler``) for 400, 401, 403, 404, 405, 413 and 429, added to each operation
by a drf-spectacular post-processing hook, so that clients and the schema fuzzer read the truth."""

from drf_spectacular.openapi import AutoSchema

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error: its HTTP status, a code, a translated message and, for 400, the field errors.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "description": "Field name (or non_field_errors) → its messages (nested for lists of items).",
                    "additionalProperties": {},
                },
            },
            "required": ["status", "code", "message"],
        }
    },
    "required": ["error"],
}

ERRORS = {
    "400": "The data sent is not valid (see the field errors).",
    "401": "Not signed in, or the token has expired or was revoked.",
    "403": "Signed in, but this account may not do this (or must first change its password or set up two-factor).",
    "404": "No such object, or it is outside this account's scope.",
    "405": "This method is not allowed here.",
    "413": "The request body is too large.",
    "429": "Too many requests; the Retry-After header says when to try again.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: documents the error answers of every operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status, description in ERRORS.items():
                if status == "413" and method in ("get", "head", "delete"):
                    continue
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result


class SingleAnswerSchema(AutoSchema):
    """For a viewset's ``list`` that answers one object (a report with its rows), not a list of objects."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
