"""Fixtures of the site-wide fault tests: the database cut off, a Redis of the test's own."""

import shutil

import pytest
from django.db import connection

from tests.outages import RedisServer, TcpProxy, free_port


@pytest.fixture
def database_switch(db, tmp_path):
    """(DATABASE_URL, cut(), restore(), extra environment) for this test run's database.

    On PostgreSQL a TCP proxy in front of the real server drops every connection and refuses
    new ones while cut; on SQLite the database's folder disappears and comes back.
    """
    db_settings = connection.settings_dict
    if connection.vendor == "postgresql":
        proxy = TcpProxy(
            (db_settings["HOST"] or "127.0.0.1", int(db_settings["PORT"] or 5432)), free_port()
        )
        proxy.start()
        user = db_settings["USER"] or "postgres"
        password = f":{db_settings['PASSWORD']}" if db_settings["PASSWORD"] else ""
        url = f"postgres://{user}{password}@127.0.0.1:{proxy.port}/{db_settings['NAME']}"
        yield url, proxy.stop, proxy.start, {}
        proxy.stop()
    else:
        folder = tmp_path / "data"
        folder.mkdir()
        url = f"sqlite:///{folder / 'portal.sqlite3'}"
        # A new connection per request: an open SQLite file would outlive its folder.
        yield url, lambda: shutil.rmtree(folder), lambda: folder.mkdir(), {"CONN_MAX_AGE": "0"}


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test alone, on a free port; the test may stop and start it."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()
