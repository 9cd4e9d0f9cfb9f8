"""What the apps share about the database: single-row lookups, and lock timeouts for the
locking workflows."""

from typing import TypeVar

from django.core.exceptions import MultipleObjectsReturned
from django.db import connection
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def unique_or_none(queryset: QuerySet[M]) -> M | None:
    """The one row a filter on a unique key finds (a pk, a token, a year), or None.

    Fetched without LIMIT, where ``.first()`` and ``.get()`` add one: with a LIMIT,
    PostgreSQL's planner also weighs the join orders that return a first row soonest, and
    for a lookup that joins many tables (``select_related``) planning then takes three times
    as long (1.6 ms against 4.6 ms for the reservation form's slot, docs/benchmarks.md). A
    unique key finds one row at most; more is a bug in the caller's filter.
    """
    rows = list(queryset.order_by())
    if len(rows) > 1:
        raise MultipleObjectsReturned(f"{len(rows)} rows where a unique key finds one")
    return rows[0] if rows else None


def set_lock_timeout(milliseconds: int) -> None:
    """On PostgreSQL, how long this transaction waits for a row lock before giving up (the
    workflow then says "busy, try again" instead of hanging); SQLite has no row locks."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{milliseconds}ms"])
