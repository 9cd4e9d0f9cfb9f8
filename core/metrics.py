"""Prometheus metrics of requests and Celery tasks, counted in the process that serves them.

Each gunicorn worker and each Celery pool process counts on its own. With
``PROMETHEUS_MULTIPROC_DIR`` set (production: a folder of its own per service on each
machine, emptied at start), prometheus_client keeps the counts in files there, and whatever
serves the metrics adds up every process of the machine; without it (``make run``, tests)
the counts are this process's. Prometheus scrapes each machine and adds the machines up.

The portal's own figures (reservations, the queue, unsent mail) are read from the database
and Redis when scraped, in ``ayase_portal/metrics.py``.
"""

import glob
import os
import time

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}

HTTP_REQUESTS = Counter(
    "ayase_http_requests",
    "Requests answered, by method, URL name and status code.",
    ["method", "view", "status"],
)
HTTP_DURATION = Histogram(
    "ayase_http_request_duration_seconds",
    "Time from the request's arrival in Django to its response, by URL name.",
    ["method", "view"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
TASKS_PUBLISHED = Counter(
    "ayase_celery_tasks_published",
    "Tasks handed to the broker, by task name.",
    ["task"],
)
TASKS_RUN = Counter(
    "ayase_celery_tasks",
    "Tasks a worker ran, by task name and outcome (success, failure, retry).",
    ["task", "state"],
)
TASK_DURATION = Histogram(
    "ayase_celery_task_duration_seconds",
    "Time a worker spent on a task, by task name.",
    ["task"],
    buckets=(0.1, 0.5, 1, 5, 15, 60, 240),
)


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def exposition(*extra) -> bytes:
    """The text format of this machine's counts (every process's in multiprocess mode),
    followed by the collectors ``extra``, collected now."""
    if multiprocess_mode():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        text = generate_latest(registry)
    else:
        text = generate_latest(REGISTRY)
    if extra:
        registry = CollectorRegistry(auto_describe=False)
        for collector in extra:
            registry.register(collector)
        text += generate_latest(registry)
    return text


class RequestMetricsMiddleware:
    """Count and time every request, labelled by URL name (never by path: a path holds ids
    and secret keys, and every distinct label value is a series Prometheus keeps)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else "unmatched"
        method = request.method if request.method in METHODS else "other"
        HTTP_REQUESTS.labels(method, view, str(response.status_code)).inc()
        HTTP_DURATION.labels(method, view).observe(time.perf_counter() - start)
        return response


# --- Celery ----------------------------------------------------------------------------


def _published(sender=None, **_kwargs) -> None:
    TASKS_PUBLISHED.labels(str(sender)).inc()


_started: dict[str, float] = {}


def _prerun(task_id=None, **_kwargs) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def _postrun(task_id=None, task=None, state=None, **_kwargs) -> None:
    name = getattr(task, "name", "unknown")
    TASKS_RUN.labels(name, str(state or "unknown").lower()).inc()
    start = _started.pop(task_id, None) if task_id else None
    if start is not None:
        TASK_DURATION.labels(name).observe(time.perf_counter() - start)


def _process_exits(pid=None, **_kwargs) -> None:
    if multiprocess_mode():
        multiprocess.mark_process_dead(pid or os.getpid())


def serve_worker_metrics(sender=None, **_kwargs):
    """``worker_init``: where CELERY_METRICS_PORT is set, the worker's main process answers
    the metrics of its pool on that port (and CELERY_METRICS_ADDR, 127.0.0.1 by default).
    Each worker needs a PROMETHEUS_MULTIPROC_DIR of its own: it is emptied here."""
    from prometheus_client import start_http_server

    port = int(os.environ.get("CELERY_METRICS_PORT") or 0)
    if not port:
        return None
    registry = REGISTRY
    if multiprocess_mode():
        # Before the pool starts: counts of an earlier run would be added to this one's.
        for path in glob.glob(os.path.join(os.environ["PROMETHEUS_MULTIPROC_DIR"], "*.db")):
            os.remove(path)
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    addr = os.environ.get("CELERY_METRICS_ADDR", "127.0.0.1")
    return start_http_server(port, addr=addr, registry=registry)


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(_published, weak=False, dispatch_uid="metrics_pub")
    signals.task_prerun.connect(_prerun, weak=False, dispatch_uid="metrics_prerun")
    signals.task_postrun.connect(_postrun, weak=False, dispatch_uid="metrics_postrun")
    signals.worker_process_shutdown.connect(_process_exits, weak=False, dispatch_uid="metrics_exit")
    signals.worker_init.connect(serve_worker_metrics, weak=False, dispatch_uid="metrics_serve")
