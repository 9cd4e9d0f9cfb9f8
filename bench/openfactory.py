"""Benchmark of the open factory on PostgreSQL.

    python bench/openfactory.py reservations [--requests 2000] [--clients 8 16 32]
    python bench/openfactory.py pages [--requests 500] [--clients 8] [--workers 2]

``reservations``: threads call ``reservation_create`` as the view does, each thread with its
own database connection (as gunicorn threads have), first all on one slot (every request
takes the slot's row lock in turn), then spread over 200 slots. Mails are enqueued to Redis
when REDIS_URL is set (the queue is purged afterwards), as in production; without it the
enqueue is skipped, so that the figure is the reservation itself, not mail rendering.

``pages``: gunicorn with the production settings serves the edition, programme search,
area-day and programme pages with 20 editions in the database.

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/
ayase_openfactory_bench), created if missing and emptied of open factory data first.
Record the figures in docs/benchmarks.md.
"""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ayase_openfactory_bench"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def environment(url: str, tmp: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "b" * 40),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": url,
        "STATIC_ROOT": str(tmp / "static"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "warning",
        "GUNICORN_ACCESSLOG": "",
        "OPENFACTORY_RATE_LIMIT": "1000000",
        "OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY": "1000",
    }


def setup_django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def make_world(
    *,
    editions: int,
    days: int = 4,
    exhibitors: int = 6,
    programmes: int = 3,
    slots: int = 4,
    seats: int = 20,
):
    """Editions with area days, exhibitors, programmes and slots (the newest one upcoming)."""
    from django.utils import timezone

    from companies.models import Company
    from openfactory.models import Area, AreaDay, Edition, Exhibitor, Programme, Reservation, Slot

    Reservation.objects.all().delete()
    Edition.objects.all().delete()
    Company.objects.filter(slug__startswith="bench-").delete()
    areas = [
        Area.objects.get_or_create(
            slug=f"bench-area-{i}", defaults={"name": f"ベンチエリア{i}", "order": i}
        )[0]
        for i in range(days)
    ]
    companies = Company.objects.bulk_create(
        Company(name=f"ベンチ製作所{i}", name_kana=f"べんちせいさくしょ{i}", slug=f"bench-{i}")
        for i in range(days * exhibitors)
    )
    this_year = timezone.localdate().year
    start = timezone.localdate() + dt.timedelta(days=30)
    for e in range(editions):
        year = this_year - editions + 1 + e
        edition = Edition.objects.create(
            number=e + 1, year=year, title=f"ベンチ{year}", is_published=True
        )
        for d, area in enumerate(areas):
            date = start - dt.timedelta(days=365 * (editions - 1 - e)) + dt.timedelta(days=7 * d)
            area_day = AreaDay.objects.create(edition=edition, area=area, date=date)
            made = Exhibitor.objects.bulk_create(
                Exhibitor(area_day=area_day, company=companies[d * exhibitors + x], order=x)
                for x in range(exhibitors)
            )
            progs = Programme.objects.bulk_create(
                Programme(
                    exhibitor=ex,
                    title=f"体験{p}",
                    kind="workshop",
                    age_min=6,
                    age_max=12,
                    max_party_size=4,
                )
                for ex in made
                for p in range(programmes)
            )
            base = timezone.make_aware(dt.datetime.combine(date, dt.time(10)))
            Slot.objects.bulk_create(
                Slot(
                    programme=prog,
                    starts_at=base + dt.timedelta(hours=h),
                    ends_at=base + dt.timedelta(hours=h, minutes=45),
                    seats=seats,
                )
                for prog in progs
                for h in range(slots)
            )
    return Edition.objects.order_by("-year").first()


def run_reservations(args) -> None:
    from django.conf import settings
    from django.db import connections

    from openfactory import services
    from openfactory.models import Reservation, Slot
    from openfactory.services import reservations

    if not settings.REDIS_URL:
        reservations.reservation_mail_enqueue = lambda *a, **k: None
    edition = make_world(editions=1, days=4, exhibitors=10, programmes=5, slots=4, seats=20)
    slots = list(
        Slot.objects.filter(programme__exhibitor__area_day__edition=edition).values_list(
            "pk", flat=True
        )
    )
    one = Slot.objects.get(pk=slots[0])

    def scenario(name, slot_for, clients, requests):
        Reservation.objects.all().delete()
        Slot.objects.update(seats_taken=0)
        Slot.objects.filter(pk=one.pk).update(seats=32767)
        counter = iter(range(requests))
        lock = threading.Lock()
        timings = []
        outcomes = {"confirmed": 0, "waitlisted": 0, "full": 0, "error": 0}

        def client():
            local = []
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    break
                begin = time.perf_counter()
                try:
                    r = services.reservation_create(
                        slot_id=slot_for(i),
                        name=f"ベンチ 太郎{i}",
                        name_kana="ベンチ タロウ",
                        email=f"bench{i}@example.jp",
                        phone="09012345678",
                        adults=1,
                        children=1,
                        join_waitlist=True,
                        idempotency_key=f"{i:032x}",
                    )
                    key = r.status
                except services.SlotFullError:
                    key = "full"
                except Exception:
                    key = "error"
                local.append(time.perf_counter() - begin)
                with lock:
                    outcomes[key] = outcomes.get(key, 0) + 1
            with lock:
                timings.extend(local)
            connections.close_all()

        begin = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - begin
        timings.sort()
        p50 = statistics.median(timings) * 1000
        p95 = timings[int(len(timings) * 0.95) - 1] * 1000
        overbooked = Slot.objects.filter(seats_taken__gt=models_f("seats")).count()
        print(
            f"{name:<22}{clients:>8}{requests / elapsed:>12.0f}{p50:>9.1f}{p95:>9.1f}  {outcomes}  overbooked slots: {overbooked}"
        )

    print(
        f"reservations, {args.requests} requests per run, PostgreSQL, mail {'to Redis' if settings.REDIS_URL else 'not enqueued'}"
    )
    print(f"{'scenario':<22}{'clients':>8}{'reserv./s':>12}{'p50 ms':>9}{'p95 ms':>9}")
    for clients in args.clients:
        scenario("one slot (32767 seats)", lambda i: one.pk, clients, args.requests)
        scenario(
            f"{len(slots)} slots (20 seats)",
            lambda i: slots[i % len(slots)],
            clients,
            args.requests,
        )
    scenario("one slot, 20 seats", lambda i: slots[1], max(args.clients), args.requests)
    if settings.REDIS_URL:
        from ayase_portal.celery import app

        print(f"purged {app.control.purge()} queued mail tasks")


def models_f(name):
    from django.db.models import F

    return F(name)


def run_pages(args, env: dict) -> None:
    from run import fetch, free_port, rss_kib

    edition = make_world(editions=20)
    from openfactory.models import AreaDay, Programme

    area_day = AreaDay.objects.filter(edition=edition).select_related("area").first()
    programme = Programme.objects.filter(exhibitor__area_day=area_day).first()
    pages = [
        f"/openfactory/{edition.year}/",
        f"/openfactory/{edition.year}/programmes/",
        f"/openfactory/{edition.year}/programmes/?kind=workshop&age=8&seats=on",
        f"/openfactory/{edition.year}/{area_day.area.slug}/",
        f"/openfactory/programmes/{programme.pk}/",
        f"/openfactory/{edition.year}/statistics/",
    ]
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(args.workers)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        print(
            f"gunicorn, {args.workers} workers, {args.clients} clients, {args.requests} requests per page, 20 editions"
        )
        print(f"{'page':<58}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'RSS MiB':>10}")
        for page in pages:
            for _ in range(20):
                fetch(base + page)
            start = time.perf_counter()
            with ThreadPoolExecutor(args.clients) as pool:
                timings = sorted(pool.map(fetch, [base + page] * args.requests))
            elapsed = time.perf_counter() - start
            p50 = statistics.median(timings) * 1000
            p95 = timings[int(len(timings) * 0.95) - 1] * 1000
            print(
                f"{page:<58}{args.requests / elapsed:>8.0f}{p50:>9.1f}{p95:>9.1f}{rss_kib(server.pid) / 1024:>10.1f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "what", choices=["reservations", "pages"], nargs="?", default="reservations"
    )
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--clients", type=int, nargs="+", default=None)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The open factory benchmark runs on PostgreSQL: set BENCH_DATABASE_URL.")
    ensure_database(url)
    env = environment(url, Path(tempfile.mkdtemp()))
    setup_django(env)
    if args.what == "reservations":
        args.requests = args.requests or 2000
        args.clients = args.clients or [8, 16, 32]
        run_reservations(args)
    else:
        args.requests = args.requests or 500
        args.clients = (args.clients or [8])[0]
        run_pages(args, env)


if __name__ == "__main__":
    main()
