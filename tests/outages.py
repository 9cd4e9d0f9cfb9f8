"""Real services that a test can stop and start: a private redis-server, a cut-able TCP proxy.

The fault tests stop the real thing, not a mock of it: a Redis server of their own on a free
port (so that stopping it harms no other test run), and a proxy in front of PostgreSQL that
drops every connection when cut, as a stopped server or a broken network does.
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own, without persistence; stop() and start() keep the port."""

    def __init__(self, folder: Path):
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError(
                "The fault tests start their own Redis: install redis-server "
                "(Debian: apt-get install redis-server)."
            )
        self.executable, self.folder, self.port = executable, folder, free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.executable,
                *("--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.folder)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not self.answers():
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class TcpProxy:
    """Forwards a local port to a server until stopped; stop() drops every link."""

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


def get_status(url: str, timeout: float = 15) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local URL)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def fetch(url: str, timeout: float = 15, **headers: str) -> tuple[int, dict[str, str], str]:
    """Status, headers and text of a GET through the HTTPS load balancer (as its header says);
    an error status is an answer, not an exception."""
    headers = {"X-Forwarded-Proto": "https", **headers}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (local URL)
    try:
        response = urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (local URL)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, dict(response.headers), response.read().decode()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], cwd: Path, log: Path | None = None):
    """The real gunicorn with the production settings and ``env``; yields its base URL.
    gunicorn's own output (its log and the portal's) goes to ``log`` when given."""
    port = free_port()
    output = log.open("ab") if log else None
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=cwd,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
            "SECRET_KEY": "outage-test-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            # Cache keys of its own: pages another test's server kept in the same Redis
            # database (of another test database) are never served here.
            "CACHE_KEY_PREFIX": f"outage-test-{port}-{os.urandom(4).hex()}",
            **env,
        },
        stdout=output or subprocess.DEVNULL,
        stderr=subprocess.STDOUT if output else subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get_status(f"{base}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        if output:
            output.close()
