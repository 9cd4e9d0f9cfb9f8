"""/metrics: Prometheus reads request, task and reservation figures; nobody else reads them.

The last test runs the real gunicorn with two workers in prometheus_client's multiprocess
mode, as production does, and checks that the counts of both workers add up, and that its
access log writes JSON lines with the request's id.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from prometheus_client.parser import text_string_to_metric_families

from ayase_portal.celery import app
from openfactory.models import Reservation
from tests.openfactory.factories import ReservationFactory, SlotFactory
from tests.openfactory.test_views import reserve_through_the_pages
from tests.outages import free_port, get_status

pytestmark = pytest.mark.django_db

SCRAPER = "10.20.30.40"


@pytest.fixture
def scraper(settings, client):
    settings.METRICS_ALLOWED_IPS = ["10.20.30.0/24"]
    return lambda: client.get("/metrics", REMOTE_ADDR=SCRAPER)


def database_url() -> str:
    """DATABASE_URL of this test run's database, for a server process started by a test
    (``django_db(transaction=True)``: it sees committed rows only)."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}/{db['NAME']}"


def samples(text: str) -> dict[tuple, float]:
    """{(name, sorted labels): value} of a Prometheus text page."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_a_stranger_gets_the_sites_404(client, settings):
    settings.METRICS_ALLOWED_IPS = ["10.20.30.0/24"]
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    for headers in (
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "scrape-token-0123456789"},
    ):
        response = client.get("/metrics", headers=headers)
        assert response.status_code == 404
        assert b"ayase_" not in response.content


def test_nobody_reads_them_while_nothing_is_configured(client, settings):
    assert settings.METRICS_ALLOWED_IPS == [] and settings.METRICS_TOKEN == ""
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


def test_an_allowed_address_reads_the_metrics(scraper):
    response = scraper()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    names = {family.name for family in text_string_to_metric_families(response.content.decode())}
    assert {
        "ayase_http_requests",
        "ayase_http_request_duration_seconds",
        "ayase_reservations",
        "ayase_oldest_unsent_mail_age_seconds",
        "ayase_database_up",
        "ayase_broker_up",
    } <= names


def test_a_scraper_with_the_token_reads_the_metrics(client, settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    response = client.get("/metrics", headers={"Authorization": "Bearer scrape-token-0123456789"})
    assert response.status_code == 200 and b"ayase_reservations" in response.content


def test_behind_the_proxy_the_clients_address_counts_not_the_proxys(client, settings):
    """nginx on 127.0.0.1 in front: allowing the proxy's address must not open the metrics
    to every client that comes through it."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", SCRAPER]
    through_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    stranger = client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9", **through_proxy)
    assert stranger.status_code == 404
    allowed = client.get("/metrics", HTTP_X_FORWARDED_FOR=SCRAPER, **through_proxy)
    assert allowed.status_code == 200


def test_a_reservation_moves_the_request_task_and_reservation_figures(
    client, scraper, django_capture_on_commit_callbacks
):
    slot = SlotFactory(seats=4)
    ReservationFactory(slot=slot, status=Reservation.Status.CANCELLED)
    before = scraper().content.decode()
    assert value(before, "ayase_reservations", status="cancelled") == 1

    with django_capture_on_commit_callbacks(execute=True):
        _confirm, done = reserve_through_the_pages(client, slot)
    assert done.status_code == 302
    assert len(mail.outbox) == 1
    after = scraper().content.decode()

    assert value(after, "ayase_reservations", status="confirmed") == (
        value(before, "ayase_reservations", status="confirmed") + 1
    )
    assert value(after, "ayase_reservations", status="cancelled") == 1
    assert value(after, "ayase_reservations", status="waitlisted") == 0
    posted = {"method": "POST", "view": "openfactory:reservation_new", "status": "302"}
    assert value(after, "ayase_http_requests_total", **posted) == (
        value(before, "ayase_http_requests_total", **posted) + 1
    )
    timed = {"method": "POST", "view": "openfactory:reservation_new"}
    assert value(after, "ayase_http_request_duration_seconds_count", **timed) == (
        value(before, "ayase_http_request_duration_seconds_count", **timed) + 2
    )
    # The confirmation mail's task (run eagerly by the test settings) was counted.
    ran = {"task": "openfactory.tasks.send_reservation_mail", "state": "success"}
    assert value(after, "ayase_celery_tasks_total", **ran) == (
        value(before, "ayase_celery_tasks_total", **ran) + 1
    )


def test_paths_are_never_labels(client, scraper):
    """A path holds ids and secret keys; every distinct label is a series kept for ever."""
    client.get("/openfactory/reservations/some-secret-key-1234/")
    client.get("/no-such-page-at-all/")
    text = scraper().content.decode()
    assert "some-secret-key" not in text and "no-such-page" not in text
    assert (
        value(text, "ayase_http_requests_total", method="GET", view="unmatched", status="404") >= 1
    )


@pytest.mark.serial  # puts a message on the broker's queue
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
def test_a_published_task_is_counted(scraper):
    name = "openfactory.tasks.send_reservation_mail"
    before = value(scraper().content.decode(), "ayase_celery_tasks_published_total", task=name)
    app.send_task(name, args=[0, "confirmed"])
    try:
        after = value(scraper().content.decode(), "ayase_celery_tasks_published_total", task=name)
        assert after == before + 1
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)


def test_robots_txt_keeps_crawlers_off_the_metrics(client):
    assert "Disallow: /metrics" in client.get("/robots.txt").content.decode().splitlines()


@pytest.mark.serial  # starts gunicorn
@pytest.mark.django_db(transaction=True)
def test_two_gunicorn_workers_add_up_and_log_json_with_the_request_id(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    folder = tmp_path / "prometheus"
    folder.mkdir()
    (tmp_path / "static").mkdir()
    (folder / "counter_stale.db").write_bytes(b"left by an earlier run")
    log = (tmp_path / "gunicorn.log").open("w+")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
            "SECRET_KEY": "metrics-test-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "1",
            "PROMETHEUS_MULTIPROC_DIR": str(folder),
            "METRICS_ALLOWED_IPS": "127.0.0.1",
            "STATIC_ROOT": str(tmp_path / "static"),
            "DATABASE_URL": database_url(),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
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
        assert not (folder / "counter_stale.db").exists()

        def requests_counted() -> float:
            with urllib.request.urlopen(f"{base}/metrics", timeout=15) as response:  # noqa: S310
                return value(
                    response.read().decode(),
                    "ayase_http_requests_total",
                    method="GET",
                    view="healthz",
                    status="200",
                )

        def probe(_):
            request = urllib.request.Request(  # noqa: S310 (local URL)
                f"{base}/healthz", headers={"X-Request-ID": "req-0123456789abcdef"}
            )
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
                return response.headers["X-Request-ID"]

        # Sequential requests may all reach the same sync worker; bursts of
        # concurrent ones keep one busy so that the other accepts too.
        before = requests_counted()
        sent = 0
        with ThreadPoolExecutor(max_workers=4) as pool:
            while sent < 200:
                assert set(pool.map(probe, range(4))) == {"req-0123456789abcdef"}
                sent += 4
                if sent >= 20 and len(list(folder.glob("counter_*.db"))) == 2:
                    break
        assert len(list(folder.glob("counter_*.db"))) == 2, "both workers served and counted"
        assert requests_counted() == before + sent
    finally:
        server.terminate()
        server.wait(timeout=20)
    log.seek(0)
    lines = [json.loads(line) for line in log.read().splitlines() if line.strip()]
    access = [
        line
        for line in lines
        if line["logger"] == "gunicorn.access" and line["request"].startswith("GET /healthz")
    ]
    assert len(access) == sent + 1  # and the startup probe, which had no id of its own
    assert sum(line["request_id"] == "req-0123456789abcdef" for line in access) == sent
    assert all(line["status"] == 200 for line in access)
    assert any(line["logger"] == "gunicorn.error" for line in lines)
