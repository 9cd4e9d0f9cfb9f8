"""Pages of a queryset without Django's separate count query.

- :func:`page_with_count`: a numbered page read together with the number of its rows
  (``COUNT(*) OVER ()``), for a list on a page that must stay within a fixed number of
  queries (the talent dashboard).
- :func:`newest_first_page`: a page of a long list newest first (the Smart Navi timeline),
  read after a cursor instead of an offset, and never counted.
"""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window
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


# --- Keyset pages: newest first, read after a cursor instead of an offset --------------------

_CURSOR = re.compile(r"(\d{1,17})-(\d{1,12})")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND = dt.timedelta(microseconds=1)


@dataclass
class KeysetPage:
    """One page of a list newest first. ``older`` is the cursor of the page after it (None on
    the last page); ``later`` tells a page reached through a cursor from the first one."""

    object_list: list
    older: str | None
    later: bool

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def cursor_of(moment: dt.datetime, pk: int) -> str:
    """A row's place in the list: its time in microseconds since 1970 (UTC), and its key."""
    return f"{(moment - _EPOCH) // _MICROSECOND}-{pk}"


def parse_cursor(value: str | None) -> tuple[dt.datetime, int] | None:
    """The time and key of a cursor; None for anything else (the list then starts at the top)."""
    found = _CURSOR.fullmatch(value or "") if (value or "").isascii() else None
    if found is None:
        return None
    # 17 digits reach the year 5138, within what a datetime holds.
    return _EPOCH + int(found[1]) * _MICROSECOND, int(found[2])


def newest_first_page(queryset: QuerySet, *, field: str, before: str | None, size: int):
    """The ``size`` rows of ``queryset`` newest first by ``field`` (then by key) that come
    after the cursor ``before``, and the cursor of the next page, in one query at any depth.

    An offset reads and drops every row before the page (a hundred milliseconds 2,000 pages
    into 60,000 posts, docs/benchmarks.md); the cursor starts the index scan at its place.
    """
    cursor = parse_cursor(before)
    if cursor is not None:
        moment, pk = cursor
        queryset = queryset.filter(
            Q(**{f"{field}__lte": moment}) & (Q(**{f"{field}__lt": moment}) | Q(pk__lt=pk))
        )
    rows = list(queryset.order_by(f"-{field}", "-pk")[: size + 1])
    older = None
    if len(rows) > size:
        last = rows[size - 1]
        older = cursor_of(getattr(last, field), last.pk)
    return KeysetPage(rows[:size], older=older, later=cursor is not None)
