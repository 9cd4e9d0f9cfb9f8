"""Row locks for the talent app's limited places (ceremony seats, dormitory places).

Like the open factory's reservations (openfactory/services/locking.py): one transaction locks
the row it counts with ``SELECT … FOR UPDATE`` and a lock timeout on PostgreSQL; SQLite has no
row locks, so a process-wide lock serialises these transactions there (enough for make run).
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.utils.translation import gettext as _

from core import db as core_db

from ..errors import TalentError

LOCK_TIMEOUT_MS = 5000
_SQLITE_LOCK = threading.RLock()

# Test-only switch: tests/talent/test_people_concurrency.py turns the row lock off for one
# control run, to prove that its race test sees an overbooking when nothing prevents it.
ROW_LOCKS = True


@contextmanager
def serialised() -> Iterator[None]:
    if connection.vendor == "sqlite" and ROW_LOCKS:
        with _SQLITE_LOCK:
            yield
    else:
        yield


def set_lock_timeout() -> None:
    core_db.set_lock_timeout(LOCK_TIMEOUT_MS)


def busy_error() -> TalentError:
    return TalentError(_("Many people are registering right now. Please try again."), code="busy")
