"""The portal as production serves it, for the benchmarks: gunicorn with the production
settings, whitenoise serving the collected static files, the demo data; on DATABASE_URL when
set, else a fresh SQLite file in ``tmp``."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(tmp: Path, port: int, workers: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "b" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"),
        "STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "LOG_LEVEL": "warning",
        "GUNICORN_ACCESSLOG": "",
    }


@contextmanager
def portal(
    env: dict[str, str],
    after_load: Callable[[], None] | None = None,
    log: Path | None = None,
) -> Iterator[tuple[subprocess.Popen, str]]:
    """Migrate, load the demo data (then call ``after_load``: bench/run.py --fill fills the
    database there), collect the static files, then run gunicorn until the block ends; yields
    the server process and its base URL once /healthz answers. gunicorn's output (the
    portal's log) goes to ``log`` when given."""
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        None,
        ["collectstatic", "--noinput", "-v0"],
    ):
        if command is None:
            if after_load is not None:
                after_load()
            continue
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    gunicorn = str(Path(python).parent / "gunicorn")
    output = log.open("ab") if log else None
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
    )
    base = "http://" + env["GUNICORN_BIND"]
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5):  # noqa: S310 (local)
                    break
            except OSError:
                time.sleep(0.2)
        yield server, base
    finally:
        server.terminate()
        server.wait(timeout=20)
        if output:
            output.close()
