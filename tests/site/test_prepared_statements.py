"""Prepared statements on PostgreSQL (settings/base.py): a lookup a connection has made twice
is planned once for it, not on every request."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from openfactory import selectors
from tests.openfactory.factories import SlotFactory

pytestmark = pytest.mark.django_db


def test_the_reservation_forms_slot_lookup_is_prepared_for_the_connection():
    slot = SlotFactory()
    for _ in range(3):
        assert selectors.slot_for_reservation(AnonymousUser(), slot.pk) == slot
    if connection.vendor != "postgresql":  # SQLite plans in the process: nothing to prepare
        assert "prepare_threshold" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    lookups = [s for s in prepared if 'FROM "openfactory_slot" INNER JOIN' in s]
    assert len(lookups) == 1, prepared
    assert "$1" in lookups[0]  # the slot's key bound by the server, not written in
