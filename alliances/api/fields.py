"""Serializer fields shared by the alliance API: related objects limited to what the requesting user may see,
and times that answer 400 (never 500) when they cannot be converted."""

from django.db.models import QuerySet
from rest_framework import serializers

from accounts import scopes
from alliances.services.common import units_in_sight
from units.models import MemberUnit


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related object the requesting user may see; others answer "does not exist" (and are not offered
    in the browsable API's forms)."""

    def get_queryset(self) -> QuerySet:
        request = self.context.get("request")
        if request is None:
            return self.queryset.none()
        return scopes.visible(request.user, self.queryset)


class UnitField(serializers.PrimaryKeyRelatedField):
    """A member unit the requesting user may see or name (``alliances.services.common.units_in_sight``);
    another answers "does not exist", without its name, and is not offered in the browsable API's forms."""

    def __init__(self, **kwargs):
        super().__init__(queryset=MemberUnit.objects.all(), **kwargs)

    def get_queryset(self) -> QuerySet[MemberUnit]:
        request = self.context.get("request")
        if request is None:
            return MemberUnit.objects.none()
        return units_in_sight(user=request.user).order_by("name")


class DateTimeField(serializers.DateTimeField):
    """DRF's ``DateTimeField``, with a time too far out to be converted to the time zone (year 1, year 9999)
    answering 400 like other bad input instead of an ``OverflowError``."""

    def enforce_timezone(self, value):
        try:
            return super().enforce_timezone(value)
        except OverflowError:
            self.fail("overflow")
