"""Locking for limited seats, and the seat count kept under the lock.

Seats are limited, so every change that takes or frees seats runs in one transaction that
first locks the slot's row (``SELECT … FOR UPDATE`` with a lock timeout on PostgreSQL), then
counts the seated reservations, then writes; ``Slot.seats_taken`` is written in the same
transaction and the database refuses it above ``Slot.seats``. SQLite has no row locks: there a
process-wide lock serialises these transactions (SQLite itself serialises writers between
processes), which is enough for ``make run``.
"""

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils.translation import gettext as _

from core import db as core_db
from core.page_cache import pages_changed

from ..errors import ReservationError
from ..models import Slot

_SQLITE_LOCK = threading.RLock()

# Test-only switch: tests/openfactory/test_concurrency.py turns the slot's row lock (and on
# SQLite the process lock) off for one control run, to prove that its race test sees an
# overbooking when nothing prevents it. No setting or environment variable reaches it, and a
# test checks that no other module names it.
_ROW_LOCKS = True


@contextmanager
def serialised() -> Iterator[None]:
    """On SQLite, one seat-changing transaction at a time in this process."""
    if connection.vendor == "sqlite" and _ROW_LOCKS:
        with _SQLITE_LOCK:
            yield
    else:
        yield


def set_lock_timeout() -> None:
    core_db.set_lock_timeout(int(settings.OPENFACTORY_LOCK_TIMEOUT_MS))


def lock_email(email: str) -> None:
    """Set this transaction's lock timeout (set_lock_timeout) and serialise one address's
    reservations (the per-day limit) without locking a day: one statement for both."""
    if connection.vendor != "postgresql" or not email:
        set_lock_timeout()
        return
    key = int.from_bytes(hashlib.sha256(email.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        # The subquery in FROM is run first (a volatile one is never folded into the outer
        # query), so the advisory lock already waits under the timeout.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s) FROM (SELECT set_config('lock_timeout', %s, true))"
            " AS timeout",
            [key, f"{int(settings.OPENFACTORY_LOCK_TIMEOUT_MS)}ms"],
        )


def lock_slot(slot_id: int) -> Slot:
    slots = Slot.objects.select_for_update(of=("self",)) if _ROW_LOCKS else Slot.objects
    slot = core_db.unique_or_none(
        slots.select_related("programme__exhibitor__area_day__edition").filter(pk=slot_id)
    )
    if slot is None:
        raise ReservationError(_("This time slot does not exist."), code="no_slot")
    return slot


def busy_error() -> ReservationError:
    return ReservationError(
        _("Many people are reserving right now. Please try again in a moment."), code="busy"
    )


def store_seats_taken(slot: Slot, seats_taken: int) -> None:
    slot.seats_taken = seats_taken
    Slot.objects.filter(pk=slot.pk).update(seats_taken=seats_taken)
    pages_changed()  # the seats left that public pages show


def add_seats(slot: Slot, delta: int) -> None:
    """Change the count relative to what the database holds, so that its check constraint
    (never above the seats) refuses an overbooking even if the lock were ever bypassed."""
    Slot.objects.filter(pk=slot.pk).update(seats_taken=F("seats_taken") + delta)
    slot.seats_taken += delta
    pages_changed()  # the seats left that public pages show
