"""core.paging.page_with_count: the page Django's paginator gives, its rows and count read in
one query."""

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from core.paging import page_with_count
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
