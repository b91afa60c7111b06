"""Paging of lists that may hold the whole city: a count that stops at LIST_COUNT_CAP rows.

Django's paginator counts every row of the list on every page (``SELECT COUNT(*)`` over the whole scoped
query): for the city office that is every household or person of the city, and the count grows with it.
``CappedPaginator`` counts at most ``LIST_COUNT_CAP`` + 1 rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``,
which stops reading at the cap) and says "10,000+" beyond it; its pages reach the first ``LIST_COUNT_CAP``
rows, and the filters narrow a list to the rest. Lists below the cap count, and page, exactly as before.

Web views page with ``page_of(request, rows)``; the API's pagination (``liaoyuan.core.api.Pagination``) uses
the same paginator and says ``count_is_capped``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property

PAGE_SIZE = 50


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``cap`` rows (``settings.LIST_COUNT_CAP`` by default)."""

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, cap: int | None = None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.cap = settings.LIST_COUNT_CAP if cap is None else cap

    @cached_property
    def counted(self) -> int:
        """Rows of the list, counted up to ``cap`` + 1."""
        rows = self.object_list
        if isinstance(rows, QuerySet):
            rows = rows.order_by()
            if rows._fields is None and rows.query.group_by is None and not rows.query.distinct_fields:
                # only the ids: an annotation a row shows (a next shift, a count) is not computed to count rows
                rows = rows.values("pk")
            return rows[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def capped(self) -> bool:
        """True when the list has more rows than the cap: the count says "cap+" and pages stop at the cap."""
        return self.counted > self.cap

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def count_label(self) -> str:
        """The count as shown: "10,000+" beyond the cap."""
        text = number_format(self.count, force_grouping=True)
        return f"{text}+" if self.capped else text

    @property
    def cap_label(self) -> str:
        """The cap as shown: "10,000"."""
        return number_format(self.cap, force_grouping=True)

    @property
    def num_pages_label(self) -> str:
        """The number of pages as shown: "200+" beyond the cap."""
        return f"{self.num_pages}+" if self.capped else str(self.num_pages)


class Counted:
    """Rows whose number is already known (a report counted them in its own query): the paginator takes that
    number instead of counting the rows again, and a page slices the rows as it would the queryset."""

    def __init__(self, rows: QuerySet, count: int):
        self.rows, self._count = rows, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, key):
        return self.rows[key]


def page_of(request, rows, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``rows`` that ``?page=`` asks for (the last one when it asks too far, the first when it is
    not a number), counted up to the cap."""
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))
