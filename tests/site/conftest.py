"""Fixtures of the site-wide tests: the database cut off, a Redis of the test's own, and
the portal of tests/site/world.py that the access matrix and the hostile-input suite use."""

import os
import shutil
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.outages import RedisServer, TcpProxy, free_port
from tests.site.world import world_in_transaction


@pytest.fixture
def database_switch(db, tmp_path):
    """(DATABASE_URL, cut(), restore(), extra environment) for this test run's database.

    On PostgreSQL a TCP proxy in front of the real server drops every connection and refuses
    new ones while cut; on SQLite the database's folder disappears and comes back. Use it with
    ``django_db(transaction=True)``: the server process sees only committed data.
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
        # A copy of the test database in a folder that goes away (a disk unmounted) and back.
        folder, away = tmp_path / "data", tmp_path / "away"
        folder.mkdir()
        shutil.copy(db_settings["NAME"], folder / "portal.sqlite3")
        url = f"sqlite:///{folder / 'portal.sqlite3'}"
        # A new connection per request: an open SQLite file would outlive its folder.
        yield url, lambda: folder.rename(away), lambda: away.rename(folder), {"CONN_MAX_AGE": "0"}


@pytest.fixture
def private_redis(tmp_path):
    """A redis-server of this test alone, on a free port; the test may stop and start it."""
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """STATIC_ROOT after collectstatic with the production settings (the manifest pages need)."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
            "SECRET_KEY": "collectstatic-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": str(root),
        },
        check=True,
    )
    return root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The portal of tests/site/world.py, built once for the module that asks for it."""
    with world_in_transaction(django_db_blocker) as world:
        yield world
