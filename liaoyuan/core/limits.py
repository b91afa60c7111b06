"""Bounds declared once, on the model, and applied by forms and serializers alike."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models


def field_limits(model: type[models.Model], field_name: str) -> dict[str, int]:
    """Returns the bounds of a model field as the keyword arguments that Django form fields and DRF
    serializer fields both take: ``max_length`` for text (its ``max_length`` or ``MaxLengthValidator``),
    ``min_value``/``max_value`` for numbers (its ``MinValueValidator``/``MaxValueValidator``; 0 at least for
    a positive integer field). Only what the model declares, never the database's own range, so that the
    bounds are the same on PostgreSQL and SQLite."""
    field = model._meta.get_field(field_name)
    bounds: dict[str, int] = {}
    if getattr(field, "max_length", None):
        bounds["max_length"] = field.max_length
    if isinstance(
        field, models.PositiveIntegerField | models.PositiveSmallIntegerField | models.PositiveBigIntegerField
    ):
        bounds["min_value"] = 0
    for validator in field._validators:
        if isinstance(validator, MaxLengthValidator):
            bounds["max_length"] = min(bounds.get("max_length", validator.limit_value), validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            bounds["max_value"] = min(bounds.get("max_value", validator.limit_value), validator.limit_value)
        elif isinstance(validator, MinValueValidator):
            bounds["min_value"] = max(bounds.get("min_value", validator.limit_value), validator.limit_value)
    return bounds
