"""FilterSets that never offer, nor accept, an object outside the requesting user's scope, and the one text
search (``?q=``) of lists and API."""

from collections.abc import Callable, Sequence
from functools import partial

import django_filters
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts import scopes

SEARCH_MAX_LENGTH = 100


def _scoped_choices(base, request):
    """Returns the filter's queryset (``base`` may be a callable of the request) limited to what the user sees."""
    queryset = base(request) if callable(base) else base
    user = getattr(request, "user", None)
    if user is None:
        return queryset.none()
    if hasattr(queryset.model, "scope_rule"):
        return scopes.visible(user, queryset)
    return queryset


class AnyYesNoWidget(django_filters.widgets.BooleanWidget):
    """A yes/no filter whose empty choice reads "any" (Django's says "unknown", which is not what it means)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = (("", _("Any")), ("true", _("Yes")), ("false", _("No")))


_lazy_label = lazy(django_filters.utils.label_for_filter, str)


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose labels follow the language of each request.

    django-filter names a filter after its model field the first time the label is read and keeps that string;
    whoever reads it first (the API schema, an English request) would fix the language for every later request.
    """

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        if model is not None:
            for filter_ in filters.values():
                if filter_._label is None:
                    filter_._label = _lazy_label(model, filter_.field_name, filter_.lookup_expr, filter_.exclude)
        return filters


class ScopedFilterSet(FilterSet):
    """A FilterSet whose model choices (a unit, an alliance, a node…) are limited to the user's scope.

    Without it a filter's ``<select>`` would list every unit of the city and name them to anyone.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                filter_.queryset = partial(_scoped_choices, filter_.queryset)
            elif isinstance(filter_, django_filters.BooleanFilter) and "widget" not in filter_.extra:
                filter_.extra["widget"] = AnyYesNoWidget


class TextSearchFilter(django_filters.CharFilter):
    """``?q=``: the one text search of pages and API, on a FilterSet whose queryset is already scoped.

    Keeps the rows where one of ``fields`` contains the text (case-insensitive); ``search(user=, queryset=,
    term=)`` replaces that where matching depends on the user (residents' personal data is searched only
    among the records the user sees whole: ``people.selectors.person_search``).
    """

    def __init__(
        self,
        *,
        fields: Sequence[str] = (),
        search: Callable[..., QuerySet] | None = None,
        distinct: bool = False,
        **kwargs,
    ):
        self.fields, self.search, self.distinct_rows = tuple(fields), search, distinct
        kwargs.setdefault("label", _("search"))
        kwargs.setdefault("max_length", SEARCH_MAX_LENGTH)
        super().__init__(**kwargs)

    def filter(self, qs, value):
        term = (value or "").strip()
        if not term:
            return qs
        if self.search is not None:
            return self.search(user=getattr(self.parent.request, "user", None), queryset=qs, term=term)
        condition = Q()
        for field in self.fields:
            condition |= Q(**{f"{field}__icontains": term})
        if self.distinct_rows:  # a field across a many-valued relation would repeat rows
            return qs.filter(pk__in=qs.model._default_manager.filter(condition).values("pk"))
        return qs.filter(condition)
