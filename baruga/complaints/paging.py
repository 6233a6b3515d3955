"""A Paginator whose count stops at a cap: a search matching a hundred thousand reports would
otherwise visit each of them to be counted exactly ("more than 1,000 reports" instead)."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """`count_queryset`: count these rows instead of `object_list` (the same rows, in a form that counts
    faster). `cap`: count at most this many (`capped` then says there are more)."""

    def __init__(self, object_list, per_page, *, count_queryset=None, cap=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_queryset = count_queryset
        self.cap = cap
        self.capped = False

    @cached_property
    def count(self):
        source = self.object_list if self.count_queryset is None else self.count_queryset
        if self.cap is None:
            return source.count()
        # Unordered and without joins: PostgreSQL can stop at cap + 1 rows instead of sorting every match.
        found = source.order_by().values("pk")[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    def page(self, number):
        """As Paginator.page, but a capped count never cuts the last page short (there are more rows)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)
