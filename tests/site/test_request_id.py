"""The request id and the log format: what an operator reads in the logs.

The lines are read from the portal's own log handler (settings.LOGGING's "stdout", with its
filters and formatter), its stream swapped for a buffer: what a server would write.
"""

import io
import json
import logging
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from ayase_portal.celery import app
from core import request_id
from core.logging import RedactedJsonFormatter
from tests.openfactory.factories import SlotFactory
from tests.openfactory.test_views import reserve_through_the_pages

RID = "0123456789abcdef0123456789abcdef"  # as nginx's $request_id


@pytest.fixture
def written():
    """The lines the portal's stdout handler writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(previous)


@pytest.fixture
def json_lines(written):
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    previous = handler.formatter
    handler.setFormatter(RedactedJsonFormatter())
    try:
        yield lambda: [json.loads(line) for line in written.getvalue().splitlines()]
    finally:
        handler.setFormatter(previous)


@pytest.mark.django_db
def test_the_proxys_request_id_is_answered_and_on_the_requests_log_lines(client, written):
    response = client.get("/no-such-page/", headers={"X-Request-ID": RID})
    assert response.status_code == 404
    assert response["X-Request-ID"] == RID
    lines = [line for line in written.getvalue().splitlines() if "Not Found" in line]
    assert len(lines) == 1 and f"[{RID}]" in lines[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent", ["", "short", "a" * 65, "abc def ghij", "abcdefgh\nforged line", "日本語のリクエストID"]
)
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client, written, sent):
    response = client.get("/no-such-page/", headers={"X-Request-ID": sent} if sent else {})
    new = response["X-Request-ID"]
    assert new != sent and re.fullmatch(r"[0-9a-f]{32}", new)
    assert f"[{new}]" in written.getvalue()
    assert "forged line" not in written.getvalue()


@pytest.mark.django_db
def test_two_requests_have_two_ids(client):
    assert client.get("/healthz")["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


@pytest.mark.django_db
def test_json_lines_carry_the_request_id_and_no_secret_link_key(client, json_lines):
    key = "Zr8x2-secret-reservation-key"
    client.get(f"/openfactory/reservations/{key}/", headers={"X-Request-ID": RID})
    records = [r for r in json_lines() if r["logger"] == "django.request"]
    assert len(records) == 1
    record = records[0]
    assert record["request_id"] == RID
    assert record["level"] == "WARNING"
    assert record["message"] == "Not Found: /openfactory/reservations/[redacted]/"
    assert record["status_code"] == 404
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", record["time"])
    assert isinstance(record["process"], int) and "request" not in record
    assert key not in json.dumps(json_lines())


def test_a_secret_key_is_redacted_in_every_field_of_a_json_line():
    """Extra fields and tracebacks too, not only the message the filter sees."""
    key = "Q2w3e4r5t6y7-invitation"
    try:
        raise ValueError(f"/accounts/invitation/{key}/ failed")
    except ValueError:
        record = logging.getLogger("tests").makeRecord(
            "tests",
            logging.ERROR,
            __file__,
            1,
            "while serving %s",
            (f"/accounts/invitation/{key}/",),
            exc_info=__import__("sys").exc_info(),
            extra={"referer": f"https://x.example/accounts/invitation/{key}/"},
        )
    line = RedactedJsonFormatter().format(record)
    assert key not in line
    parsed = json.loads(line)
    assert parsed["message"] == "while serving /accounts/invitation/[redacted]/"
    assert parsed["referer"] == "https://x.example/accounts/invitation/[redacted]/"
    assert "[redacted]" in parsed["exc_info"]


def test_the_publish_and_prerun_signals_carry_the_id_into_a_task(settings):
    """A task queued while the id is bound carries it in its message headers; the worker
    side binds it for the task's run and unbinds it afterwards."""
    headers: dict = {}
    token = request_id.bind(RID)
    try:
        request_id.add_to_task_headers(headers=headers)
    finally:
        request_id.unbind(token)
    assert headers == {"request_id": RID}

    class Task:
        class request:
            request_id = RID

    assert request_id.current() is None
    request_id.bind_for_task(task_id="t1", task=Task)
    assert request_id.current() == RID
    request_id.unbind_after_task(task_id="t1")
    assert request_id.current() is None


@pytest.fixture
def worker():
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        app.conf.task_always_eager = True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_logs_with_its_request_id_in_the_worker(client, worker, written):
    slot = SlotFactory(seats=4)
    client.defaults["HTTP_X_REQUEST_ID"] = RID
    _confirm, done = reserve_through_the_pages(client, slot)
    assert done.status_code == 302 and done["X-Request-ID"] == RID

    deadline = time.monotonic() + 30
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(mail.outbox) == 1
    time.sleep(0.2)  # the worker logs the task's success just after the mail went out
    task_lines = [
        line
        for line in written.getvalue().splitlines()
        if "openfactory.tasks.send_reservation_mail" in line and "succeeded" in line
    ]
    assert len(task_lines) == 1
    assert f"[{RID}]" in task_lines[0]
    # The worker runs in a thread of its own: the id came with the message, not by sharing
    # the request's context.
    assert request_id.current() is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_writes_json_lines_with_the_id_and_serves_its_task_counts(
    tmp_path, private_redis
):
    """``celery worker`` as production starts it (prefork pool, production settings, JSON
    lines, multiprocess metrics on CELERY_METRICS_PORT): the line of a task queued under a
    request id carries the id, and the pool's count of the task is served by the worker.

    The worker and the task go through a Redis of the test's own (on a machine without
    REDIS_URL too), so that no other worker takes the task."""
    from openfactory.services.mails import send_reservation_mail
    from tests.outages import free_port
    from tests.site.test_metrics import database_url, value

    port = free_port()
    (tmp_path / "prometheus").mkdir()
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [
            *(str(Path(sys.executable).parent / "celery"), "-A", "ayase_portal", "worker"),
            *("--concurrency=1", "--loglevel=INFO", "--without-mingle", "--without-gossip"),
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.production",
            "SECRET_KEY": "worker-test-" + "k" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url(),
            "REDIS_URL": private_redis.url,
            "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
            "CELERY_METRICS_PORT": str(port),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    app.conf.task_always_eager = False
    token = request_id.bind(RID)
    try:
        with app.connection_for_write(private_redis.url) as connection:
            # No such reservation: nothing to send. As from a request (the signal adds the id).
            send_reservation_mail.apply_async((0, "confirmed"), connection=connection)
        request_id.unbind(token)
        token = None
        deadline = time.monotonic() + 60
        lines: list[dict] = []
        while time.monotonic() < deadline and not any("succeeded" in x["message"] for x in lines):
            time.sleep(0.3)
            log.seek(0)
            lines = [json.loads(x) for x in log.read().splitlines() if x.startswith("{")]
        done = [
            x
            for x in lines
            if "send_reservation_mail" in x["message"] and "succeeded" in x["message"]
        ]
        assert len(done) == 1 and done[0]["request_id"] == RID
        assert done[0]["logger"] == "celery.app.trace"
        assert all(
            x["request_id"] == "-"
            for x in lines
            if x not in done and "received" not in x["message"]
        )
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
            text = response.read().decode()
        ran = {"task": "openfactory.tasks.send_reservation_mail", "state": "success"}
        assert value(text, "ayase_celery_tasks_total", **ran) == 1
    finally:
        if token is not None:
            request_id.unbind(token)
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)
