"""FilterSets that never offer, nor accept, an object outside the requesting user's scope."""

from functools import partial

import django_filters

from accounts import scopes


def _scoped_choices(base, request):
    """Returns the filter's queryset (``base`` may be a callable of the request) limited to what the user sees."""
    queryset = base(request) if callable(base) else base
    user = getattr(request, "user", None)
    if user is None:
        return queryset.none()
    if hasattr(queryset.model, "scope_rule"):
        return scopes.visible(user, queryset)
    return queryset


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose model choices (a unit, an alliance, a node…) are limited to the user's scope.

    Without it a filter's ``<select>`` would list every unit of the city and name them to anyone.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        for filter_ in self.filters.values():
            if isinstance(filter_, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
                filter_.queryset = partial(_scoped_choices, filter_.queryset)
