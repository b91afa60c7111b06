from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def choices_constraint(field: str, choices, name: str, *, allow_blank: bool = False) -> models.CheckConstraint:
    """A check constraint that keeps ``field`` inside the values of a ``TextChoices`` class."""
    values = ["", *choices.values] if allow_blank else choices.values
    return models.CheckConstraint(condition=models.Q(**{f"{field}__in": values}), name=name)
