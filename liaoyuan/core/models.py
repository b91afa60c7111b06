from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
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


def date_window_constraint(fields, earliest, latest, name: str) -> models.CheckConstraint:
    """A check constraint that keeps each of ``fields`` (dates or times; NULL allowed) between ``earliest`` and
    ``latest``: the database's half of ``liaoyuan.core.validators.DateWindowValidator``."""
    condition = models.Q()
    for field in fields:
        condition &= models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__range": (earliest, latest)})
    return models.CheckConstraint(condition=condition, name=name)


class LimitedTextField(models.TextField):
    """Free text with a limit that fits its use. ``max_length`` is checked by model validation, and forms and
    serializers take it from the field (Django's own ``TextField`` only hands it to the widget); the model
    adds ``text_length_constraint`` so that the database holds it too."""

    def __init__(self, *args, max_length: int, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


def text_length_constraint(model_fields, name: str) -> models.CheckConstraint:
    """A check constraint that keeps each ``LimitedTextField`` named in ``model_fields`` (name → limit) within
    its limit, in characters (``LENGTH`` on PostgreSQL and SQLite alike)."""
    condition = models.Q()
    for field, limit in model_fields.items():
        condition &= models.Q(LessThanOrEqual(Length(field), limit))
    return models.CheckConstraint(condition=condition, name=name)
