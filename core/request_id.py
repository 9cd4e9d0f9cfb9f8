"""The request id: one short token that ties together every log line of one request.

nginx gives each request an id (``proxy_set_header X-Request-ID $request_id``); the portal
takes it, or makes one when there is none or it is not a plain short token (a client could
send anything in that header: newlines, megabytes, someone else's id is harmless but a forged
log line is not). The id is put on every log record of the request (``RequestIdFilter``),
returned in the ``X-Request-ID`` response header, and travels with every Celery task the
request queues (a message header, restored by the worker around the task), so that the
worker's lines of that task carry it too.
"""

import logging
import re
import uuid
from contextvars import ContextVar, Token

HEADER = "X-Request-ID"
# Celery message header; a worker finds it on ``task.request``.
TASK_HEADER = "request_id"
# nginx's $request_id is 32 hex digits; other proxies send UUIDs or their own tokens.
VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current() -> str | None:
    return _current.get()


def valid(value: str | None) -> str | None:
    """``value`` if it may stand in a log line as it is, else None."""
    if value and VALID.fullmatch(value):
        return value
    return None


def new() -> str:
    return uuid.uuid4().hex


def bind(value: str | None) -> Token:
    return _current.set(value)


def unbind(token: Token) -> None:
    _current.reset(token)


class RequestIdMiddleware:
    """Bind the request's id and answer it in the response.

    First in MIDDLEWARE, so that the lines of every other middleware carry it as well. The id
    stays bound until ``request_finished`` (``clear``): Django logs "Not Found: …" and the
    other 4xx/5xx lines after the middleware has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = valid(request.headers.get(HEADER)) or new()
        request.request_id = request_id
        bind(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def clear(**_kwargs) -> None:
    """``request_finished``: the thread serves its next request (or nothing) without it."""
    _current.set(None)


class RequestIdFilter(logging.Filter):
    """A handler filter: ``record.request_id`` is the id of the request or task being served,
    or "-" outside of both (a management command, beat, the worker's own lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True


# --- Celery: the id travels in the task's message headers --------------------------------


def add_to_task_headers(headers: dict | None = None, **_kwargs) -> None:
    """``before_task_publish``: the id of the request (or task) that queues a task."""
    request_id = _current.get()
    if headers is not None and request_id and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, Token] = {}


def bind_for_task(task_id: str | None = None, task=None, **_kwargs) -> None:
    """``task_prerun``: the id the task's message carries, for the time of the task.

    A task run eagerly (no broker, ``make run``) has no message: it keeps the id of the
    request it runs in.
    """
    request_id = valid(getattr(task.request, TASK_HEADER, None)) if task is not None else None
    if request_id and task_id:
        _task_tokens[task_id] = bind(request_id)


def unbind_after_task(task_id: str | None = None, **_kwargs) -> None:
    """``task_postrun``: back to no id (or the eager caller's)."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        unbind(token)


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(add_to_task_headers, weak=False, dispatch_uid="request_id_pub")
    task_prerun.connect(bind_for_task, weak=False, dispatch_uid="request_id_prerun")
    task_postrun.connect(unbind_after_task, weak=False, dispatch_uid="request_id_postrun")
