"""Benchmark: pages served by gunicorn with the production settings.

Prints requests per second, p50/p95 latency and the memory (RSS) of the gunicorn workers for
each page. Uses DATABASE_URL (and REDIS_URL) when set, else a fresh SQLite file; loads the
demo data first. Run with `make bench`; record the figures in docs/benchmarks.md.

    python bench/run.py [--requests 500] [--clients 8] [--workers 2]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/about/", "/companies/", "/healthz"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children (the gunicorn workers), in KiB."""
    total = 0
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    for p in [str(pid), *children]:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def fetch(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local URL)
        response.read()
        assert response.status == 200, url
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp())
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "b" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}"),
        "STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(args.workers),
        "LOG_LEVEL": "warning",
        "GUNICORN_ACCESSLOG": "",
    }
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [python, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    gunicorn = str(Path(python).parent / "gunicorn")
    server = subprocess.Popen([gunicorn, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        database = env["DATABASE_URL"].split(":", 1)[0]
        print(
            f"gunicorn, {args.workers} workers, {args.clients} clients, {args.requests} requests per page, {database}"
        )
        print(f"{'page':<14}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'RSS MiB':>10}")
        for page in PAGES:
            for _ in range(20):
                fetch(base + page)  # warm up
            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                timings = sorted(pool.map(fetch, [base + page] * args.requests))
            elapsed = time.perf_counter() - start
            p50 = statistics.median(timings) * 1000
            p95 = timings[int(len(timings) * 0.95) - 1] * 1000
            print(
                f"{page:<14}{args.requests / elapsed:>8.0f}{p50:>9.1f}{p95:>9.1f}{rss_kib(server.pid) / 1024:>10.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
