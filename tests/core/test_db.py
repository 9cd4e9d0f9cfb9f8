"""core.db.unique_or_none: the one row of a unique lookup, fetched without a LIMIT."""

import pytest
from django.core.exceptions import MultipleObjectsReturned
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.db import unique_or_none
from openfactory.models import Slot
from tests.openfactory.factories import SlotFactory

pytestmark = pytest.mark.django_db


def test_the_row_of_a_unique_key_or_none():
    slot = SlotFactory()
    found = unique_or_none(Slot.objects.filter(pk=slot.pk).select_related("programme"))
    assert found == slot and found.programme == slot.programme
    assert unique_or_none(Slot.objects.filter(pk=slot.pk + 1000)) is None


def test_asked_without_limit_or_order():
    """With a LIMIT, PostgreSQL plans a many-table lookup three times as long."""
    slot = SlotFactory()
    with CaptureQueriesContext(connection) as captured:
        unique_or_none(Slot.objects.filter(pk=slot.pk).order_by("starts_at"))
    (sql,) = [q["sql"] for q in captured.captured_queries]
    assert "LIMIT" not in sql and "ORDER BY" not in sql


def test_a_filter_that_is_not_unique_is_an_error_not_a_guess():
    first = SlotFactory()
    SlotFactory(programme=first.programme)
    with pytest.raises(MultipleObjectsReturned):
        unique_or_none(Slot.objects.filter(programme=first.programme))
