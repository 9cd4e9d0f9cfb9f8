"""A page of a queryset read together with the number of its rows (``COUNT(*) OVER ()``).

Django's paginator counts the rows in a query of its own before it reads the page; for a list
on a page that must stay within a fixed number of queries (the talent dashboard), the count
comes with the page's rows instead.
"""

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.utils.functional import cached_property


class KnownCountPaginator(Paginator):
    """A paginator told its count, which it then never asks the database for."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def page_with_count(queryset: QuerySet, per_page: int, number: str | None) -> Page:
    """``Paginator(queryset, per_page).get_page(number)`` in one query when the page has rows.

    A page past the last, no row at all, or a number that is not plainly a page's (``get_page``
    then shows the first or the last page) are read as Django's paginator reads them."""
    if number is None or number == "":
        number = "1"
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        return Paginator(queryset, per_page).get_page(number)
    wanted = int(number)
    bottom = (wanted - 1) * per_page
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[bottom : bottom + per_page])
    if not rows:
        return Paginator(queryset, per_page).get_page(number)
    return Page(rows, wanted, KnownCountPaginator(queryset, per_page, count=rows[0].rows_in_all))
