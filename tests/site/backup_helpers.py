"""Running `manage.py backup` / `restore` as an operator does, against a database and folders
of the test's choosing, and reading what a database holds without Django's connection."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def manage(*args, env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    """`python manage.py …` in a new process, with the local settings and ``env`` on top of
    the environment (so that DATABASE_URL, MEDIA_ROOT… are the ones given)."""
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.local", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def current_database_url() -> str:
    """The URL of the database this test runs on (the test database, not DATABASE_URL's)."""
    info = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{info['NAME']}"
    password = f":{info['PASSWORD']}" if info.get("PASSWORD") else ""
    return (
        f"postgres://{info['USER']}{password}@{info['HOST'] or '127.0.0.1'}:"
        f"{info['PORT'] or 5432}/{info['NAME']}"
    )


def sibling_database_url(suffix: str, tmp_path: Path) -> str:
    """A new, empty database beside the test database: on PostgreSQL created here (dropped
    first if an earlier run left it), on SQLite a file that does not exist yet."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / f'{suffix}.sqlite3'}"
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return current_database_url().rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    if url.startswith("sqlite"):
        return
    with _admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def _admin_connection():
    info = connection.settings_dict
    return psycopg.connect(
        host=info["HOST"] or "127.0.0.1",
        port=info["PORT"] or 5432,
        user=info["USER"],
        password=info.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )


def _query(url: str, sql: str, params=()) -> list[tuple]:
    if url.startswith("sqlite"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return db.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            db.close()
    with psycopg.connect(url) as db:
        return db.execute(sql, params).fetchall()


def table_counts(url: str) -> dict[str, int]:
    """Rows per table of the database at ``url``."""
    if url.startswith("sqlite"):
        tables = [
            row[0]
            for row in _query(
                url,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%%'",
            )
        ]
    else:
        tables = [
            row[0]
            for row in _query(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
    # Table and column names come from the catalogue or the test itself, never from input.
    count = 'SELECT COUNT(*) FROM "{}"'
    return {table: _query(url, count.format(table))[0][0] for table in sorted(tables)}


def row(url: str, table: str, pk: int) -> tuple:
    rows = _query(url, f'SELECT * FROM "{table}" WHERE id = %s', (pk,))  # noqa: S608
    assert len(rows) == 1, f"{table} {pk}: {rows}"
    return rows[0]


def value(url: str, table: str, column: str, pk: int):
    sql = f'SELECT "{column}" FROM "{table}" WHERE id = %s'  # noqa: S608
    return _query(url, sql, (pk,))[0][0]
