"""What the in-process view benchmarks (bench/surveys.py, bench/talent.py, bench/passes.py)
share: their database and Django set up, and what they print per view."""

import os
import tempfile
import time
import tracemalloc


def measure(label, call, width=18):
    """Queries and peak memory from one call under tracemalloc (which slows Python down),
    then the best wall time of three calls without it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert response.status_code == 200, (label, response.status_code)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    print(
        f"{label:<{width}} queries {len(queries):>3}  best {min(times) * 1000:8.0f} ms  "
        f"peak memory {peak / 2**20:6.1f} MiB  size {len(response.content) / 1024:8.0f} KiB"
    )


def setup(url: str) -> None:
    """Create the benchmark's database if missing, set Django up on it with the production
    settings, migrate and collect the static files."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "b" * 40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": url,
            "LOG_LEVEL": "warning",
            "STATIC_ROOT": tempfile.mkdtemp(),
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
