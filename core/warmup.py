"""A new web worker answers a request of its own before it takes a visitor's.

Django does much of its setting up on a process's first request: it imports every view (the
URLconf), loads the translation catalogues and the template engine, connects to PostgreSQL and
Redis. That first request took about 300 ms (docs/benchmarks.md), and gunicorn starts new
workers all the time (``max_requests`` recycles them, ``systemctl reload`` replaces them): the
visitor whose request a new worker took first paid for it, and behind it every request queued
for that worker. gunicorn.conf.py's ``post_worker_init`` calls :func:`warm_up` after the worker
has loaded the portal and before it accepts a connection.
"""

import logging
import time
from wsgiref.util import setup_testing_defaults

logger = logging.getLogger(__name__)

# The home page in each language: the URLconf, the middleware, the translations, the base
# template, the database and the cache, as any page needs them.
WARM_UP_REQUESTS = (("/", "ja"), ("/", "en"))


def _host(allowed_hosts: list[str]) -> str:
    """A host name the portal answers for (a request for any other is refused)."""
    for host in allowed_hosts:
        if host != "*":
            return host.lstrip(".") or "localhost"
    return "localhost"


def warm_up(application) -> list[tuple[str, str]]:
    """Send the warm-up requests through ``application`` (the WSGI callable); returns each
    request's path and status line. Never raises: a worker that cannot warm up (the database
    is down) still starts, and answers its first visitor as it would have anyway."""
    from django.conf import settings

    answers = []
    for path, language in WARM_UP_REQUESTS:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "HTTP_HOST": _host(settings.ALLOWED_HOSTS),
            "HTTP_ACCEPT_LANGUAGE": language,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "https",  # as behind the TLS proxy: not redirected to https
        }
        setup_testing_defaults(environ)
        statuses = []

        def start_response(status, headers, exc_info=None, statuses=statuses):
            statuses.append(status)

        try:
            response = application(environ, start_response)
            try:
                for _ in response:
                    pass
            finally:
                getattr(response, "close", lambda: None)()
        except Exception:
            logger.exception("warm-up request %s failed", path)
            statuses.append("failed")
        answers.append((path, statuses[-1] if statuses else "no answer"))
    return answers


def warm_up_worker(worker) -> None:
    """gunicorn's post_worker_init hook: warm the worker, and say so in gunicorn's log."""
    started = time.perf_counter()
    answers = warm_up(worker.wsgi)
    worker.log.info(
        "Worker %s warmed up in %.0f ms: %s",
        worker.pid,
        (time.perf_counter() - started) * 1000,
        ", ".join(f"{path} {status}" for path, status in answers),
    )
