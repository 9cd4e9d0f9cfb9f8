"""core.paging: page_with_count gives the page Django's paginator gives, its rows and count
read in one query; newest_first_page reads a page after a cursor, in one query at any depth."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from core.paging import cursor_of, newest_first_page, page_with_count, parse_cursor
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users():
    for n in range(7):
        UserFactory(email=f"user{n}@example.jp")
    return User.objects.order_by("email")


@pytest.mark.parametrize("number", ["1", "2", "3", "4", "99", "0", "-1", "abc", "２", "", None])
def test_the_same_page_as_djangos_paginator(users, number):
    expected = Paginator(users, 3).get_page(number)
    page = page_with_count(users, 3, number)
    assert page.number == expected.number
    assert [u.email for u in page] == [u.email for u in expected]
    assert page.paginator.count == 7 and page.paginator.num_pages == 3
    assert page.has_next() == expected.has_next()


def test_a_page_with_rows_is_one_query(users, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = page_with_count(users, 3, "2")
        assert [u.email for u in page] == [
            "user3@example.jp",
            "user4@example.jp",
            "user5@example.jp",
        ]
        assert page.paginator.count == 7


def test_no_rows_at_all(db):
    page = page_with_count(User.objects.order_by("email"), 3, "1")
    assert list(page) == [] and page.paginator.count == 0 and page.number == 1


# --- Keyset pages ----------------------------------------------------------------------------


@pytest.fixture
def joined():
    """Eight users, three of them joined at the very same moment (the key breaks the tie)."""
    start = dt.datetime(2026, 4, 1, 9, 0, 0, 123456, tzinfo=ZoneInfo("Asia/Tokyo"))
    moments = [start + dt.timedelta(minutes=n) for n in range(5)] + [start] * 3
    for n, moment in enumerate(moments):
        UserFactory(email=f"joined{n}@example.jp", date_joined=moment)
    return User.objects.filter(email__startswith="joined")


def walk(queryset, size):
    """Every page from the first, following each page's cursor; the pages' emails."""
    pages, before = [], None
    while True:
        page = newest_first_page(queryset, field="date_joined", before=before, size=size)
        pages.append([user.email for user in page])
        assert page.later == (before is not None)
        if page.older is None:
            return pages
        before = page.older


@pytest.mark.parametrize("size", [1, 2, 3, 8, 20])
def test_the_pages_hold_every_row_once_newest_first(joined, size):
    expected = [u.email for u in joined.order_by("-date_joined", "-pk")]
    pages = walk(joined, size)
    assert [email for page in pages for email in page] == expected
    assert all(len(page) == size for page in pages[:-1]) and 1 <= len(pages[-1]) <= size


def test_a_page_is_one_query_at_any_depth(joined, django_assert_num_queries):
    first = newest_first_page(joined, field="date_joined", before=None, size=2)
    with django_assert_num_queries(1):
        later = newest_first_page(joined, field="date_joined", before=first.older, size=2)
        assert len(later) == 2


@pytest.mark.parametrize(
    "cursor",
    ["", None, "abc", "1-", "-1", "１２３-4", "1.5-2", "1-2-3", "9" * 18 + "-1", "1-" + "9" * 13],
)
def test_a_cursor_that_is_not_one_starts_at_the_top(joined, cursor):
    page = newest_first_page(joined, field="date_joined", before=cursor, size=3)
    top = newest_first_page(joined, field="date_joined", before=None, size=3)
    assert [u.pk for u in page] == [u.pk for u in top] and not page.later


def test_a_cursor_past_the_last_row_is_an_empty_later_page(joined):
    page = newest_first_page(joined, field="date_joined", before="1-1", size=3)
    assert list(page) == [] and page.later and page.older is None


def test_a_cursor_is_the_exact_moment_and_key():
    moment = dt.datetime(2026, 12, 1, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert parse_cursor(cursor_of(moment, 42)) == (moment, 42)
    # 2026-12-01T14:59:59.999999Z: `date -u -d 2026-12-01T14:59:59Z +%s` gives 1796137199.
    assert cursor_of(moment, 42) == "1796137199999999-42"
    assert parse_cursor("9" * 17 + "-1")[0].year == 5138  # the latest a cursor can name
    assert parse_cursor("1" * 18 + "-1") is None
