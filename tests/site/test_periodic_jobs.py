"""Periodic jobs run once per scheduled run even when a second beat sends each twice
(core/periodic.py): two copies of a job, taken at the same moment by a real worker's two
threads, make one run. With REDIS_URL set the lease and the queue are the real Redis's; without,
the worker in this process uses Kombu's in-memory transport and the local-memory cache."""

import datetime as dt
import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.schedules import crontab
from celery.signals import task_postrun
from django.conf import settings

from ayase_portal.celery import app
from core.periodic import PeriodicJob, lease_seconds
from openfactory.tasks import send_missing_mails


def test_every_job_of_the_beat_schedule_takes_the_lease():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names and all(isinstance(app.tasks[name], PeriodicJob) for name in names)


def test_the_lease_lasts_half_the_time_until_the_next_run(monkeypatch):
    monkeypatch.setitem(
        app.conf,
        "beat_schedule",
        {"sweep": {"task": send_missing_mails.name, "schedule": crontab(minute="*/10")}},
    )
    now = dt.datetime(2026, 6, 1, 12, 3, tzinfo=dt.UTC)
    assert lease_seconds(send_missing_mails, now) == 7 * 60 / 2
    # A daily job (09:00 in Asia/Tokyo) that starts at 09:00:05: about twelve hours.
    monkeypatch.setitem(
        app.conf,
        "beat_schedule",
        {"daily": {"task": send_missing_mails.name, "schedule": crontab(hour=9, minute=0)}},
    )
    now = dt.datetime(2026, 6, 1, 0, 0, 5, tzinfo=dt.UTC)
    assert lease_seconds(send_missing_mails, now) == (24 * 60 * 60 - 5) // 2


@pytest.fixture
def finished_runs():
    """(task name, return value) of each task the worker finished."""
    runs: list[tuple[str, object]] = []
    lock = threading.Lock()

    def record(sender=None, retval=None, **kwargs):
        with lock:
            runs.append((sender.name, retval))

    task_postrun.connect(record, weak=False)
    yield runs
    task_postrun.disconnect(record)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_two_copies_of_a_job_sent_by_two_beats_run_once(finished_runs):
    from django.core.cache import cache

    cache.delete(f"periodic-job:{send_missing_mails.name}")
    app.conf.task_always_eager = False
    try:
        app.control.purge()
        # Both copies wait in the queue, as two beats leave them at the same minute; the
        # worker's two threads then take them at once.
        send_missing_mails.apply_async()
        send_missing_mails.apply_async()
        with start_worker(
            app, pool="threads", concurrency=2, perform_ping_check=False, shutdown_timeout=20
        ):
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and len(finished_runs) < 2:
                time.sleep(0.05)
    finally:
        app.conf.task_always_eager = True
        cache.delete(f"periodic-job:{send_missing_mails.name}")

    results = sorted((r for n, r in finished_runs if n == send_missing_mails.name), key=str)
    # One copy ran (the sweep returns how many mails it queued: none here); the other
    # found the lease taken and returned None without sweeping.
    assert results == [0, None]


@pytest.mark.django_db
def test_a_call_from_a_shell_always_runs():
    from django.core.cache import cache

    cache.add(f"periodic-job:{send_missing_mails.name}", "held by a worker", timeout=60)
    try:
        assert send_missing_mails() == 0
        assert send_missing_mails.delay().get() == 0  # eager, as in the test settings
    finally:
        cache.delete(f"periodic-job:{send_missing_mails.name}")
