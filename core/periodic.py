"""Periodic jobs (the beat schedule) run once per scheduled run, however many beats send them.

Exactly one ``celery beat`` should run, but a second one started by mistake (a server
restored from an image, two machines given the beat unit) sends every job twice, and two
workers then run both copies side by side. Each job is safe to repeat (mails are recorded as
sent), but a repeat costs a second sweep of the database and, for a job that sends a batch
of tasks, a second batch to deduplicate.

So a run first takes a lease in Redis (``SET NX`` with an expiry, through the cache): the
key names the job, and the lease lasts half the time until the job's next scheduled run. The
copy that gets it runs; a copy that finds it taken (the duplicate, sent by the other beat at
the same moment or a few seconds apart) logs that it skipped and returns. The lease is not
released when the run ends, since the duplicate may arrive after the first copy has finished.
A retry of the run that holds the lease goes on; a call from a shell or a test (``task()``,
an eager ``delay()``) always runs.
"""

import datetime as dt
import logging

from celery import Task
from celery.schedules import crontab, schedstate
from celery.schedules import schedule as celery_schedule
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

# Lease of a job that the beat schedule does not name (run by hand through a worker).
DEFAULT_LEASE_SECONDS = 60


class every_aligned(celery_schedule):
    """Every N seconds at the multiples of N since the epoch, the same instants for every beat
    (as a crontab's minutes are), where Celery's own interval counts from each beat's start.

    For the rehearsal (``settings.rehearsal``), whose jobs cannot wait for a crontab's minute.
    """

    def _seconds(self) -> float:
        return self.run_every.total_seconds()

    def next_after(self, moment: dt.datetime) -> dt.datetime:
        seconds = self._seconds()
        stamp = moment.timestamp()
        return dt.datetime.fromtimestamp(stamp - stamp % seconds + seconds, tz=dt.UTC)

    def is_due(self, last_run_at):
        now = self.now()
        due = now >= self.next_after(self.maybe_make_aware(last_run_at))
        return schedstate(due, (self.next_after(now) - now).total_seconds())

    def remaining_estimate(self, last_run_at):
        return self.next_after(self.maybe_make_aware(last_run_at)) - self.now()


def _next_run(schedule, now: dt.datetime) -> dt.datetime | None:
    """When ``schedule`` (a beat entry's crontab, or a number of seconds) fires after ``now``."""
    if isinstance(schedule, every_aligned):
        return schedule.next_after(now)
    if isinstance(schedule, int | float):
        return now + dt.timedelta(seconds=schedule)
    if isinstance(schedule, celery_schedule):  # every N seconds
        return now + schedule.run_every
    if isinstance(schedule, crontab):
        start, delta, _now = schedule.remaining_delta(now)
        return start + delta
    return None


def lease_seconds(task: Task, now: dt.datetime | None = None) -> int:
    """Half the time from ``now`` until the next run of ``task`` in the beat schedule."""
    now = now or timezone.now()
    runs = [
        _next_run(entry.get("schedule"), now)
        for entry in (task.app.conf.beat_schedule or {}).values()
        if entry.get("task") == task.name
    ]
    runs = [run for run in runs if run is not None]
    if not runs:
        return DEFAULT_LEASE_SECONDS
    return max(1, int((min(runs) - now).total_seconds() / 2))


class PeriodicJob(Task):
    """Base of the tasks of the beat schedule: ``@shared_task(base=PeriodicJob, …)``."""

    def __call__(self, *args, **kwargs):
        request = self.request
        if request.called_directly or request.is_eager:
            return super().__call__(*args, **kwargs)
        lease = lease_seconds(self)
        key = f"periodic-job:{self.name}"
        # A retry of the run that holds the lease carries its id: it goes on.
        if not cache.add(key, request.id, timeout=lease) and cache.get(key) != request.id:
            logger.info("periodic job %s skipped: another copy holds its lease", self.name)
            return None
        logger.info("periodic job %s runs (lease %ss)", self.name, lease)
        return super().__call__(*args, **kwargs)
