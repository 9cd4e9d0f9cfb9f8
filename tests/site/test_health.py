"""/healthz: JSON status of database, cache and broker; 503 while the database is unreachable.

The outage test runs the real gunicorn with the production settings and cuts the database
off for real: on PostgreSQL through a TCP proxy that is stopped and started again, on SQLite
by a database folder that disappears and comes back.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert data["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class TcpProxy:
    """Forwards a local port to the database server until stopped; stop() drops every link."""

    def __init__(self, target: tuple[str, int], port: int):
        self.target, self.port = target, port
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen()
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        # shutdown() wakes the thread blocked in accept(); close() alone leaves it listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            except OSError:
                pass
        self.sockets.clear()


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 (local URL)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def database_switch(db, tmp_path):
    """(DATABASE_URL, cut(), restore(), extra environment) for this test run's database."""
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


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_while_the_database_is_down_and_200_after(database_switch, tmp_path):
    url, cut, restore, extra_env = database_switch
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
        "SECRET_KEY": "health-check-test-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "STATIC_ROOT": str(tmp_path / "static"),
        **extra_env,
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    health = f"http://127.0.0.1:{port}/healthz"
    try:
        deadline = time.monotonic() + 30
        status = None
        while time.monotonic() < deadline:
            try:
                status = get_status(health)
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200

        cut()
        assert get_status(health) == 503
        assert get_status(health) == 503

        restore()
        assert get_status(health) == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
