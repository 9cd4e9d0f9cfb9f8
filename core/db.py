"""What the apps' locking workflows share about the database."""

from django.db import connection


def set_lock_timeout(milliseconds: int) -> None:
    """On PostgreSQL, how long this transaction waits for a row lock before giving up (the
    workflow then says "busy, try again" instead of hanging); SQLite has no row locks."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{milliseconds}ms"])
