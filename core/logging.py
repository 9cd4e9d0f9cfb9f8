"""Log lines without the keys that some links carry.

Whoever holds a reservation's link, an invitation's, a password reset's or a committee
member's calendar URL holds what it opens. Such paths reach the logs in gunicorn's access log
and in Django's warnings ("Not Found: …", "Forbidden (CSRF token missing.): …"); both keep the
path up to the key and replace the key. Plain Python (no Django): gunicorn.conf.py uses it too.

Also the two formats of a log line (``LOG_FORMAT``): readable text on a developer's terminal,
one JSON object per line on servers, where a log collector reads fields instead of guessing.
"""

import datetime as dt
import logging
import re

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

SECRET_IN_PATH = re.compile(
    r"(/(?:openfactory/reservations|accounts/invitation|accounts/password/reset/key"
    r"|accounts/confirm-email|meetings/calendar)/)[^/?#\s\"']+"
)


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[redacted]", text)


class RedactSecretLinks(logging.Filter):
    """A handler filter: the message and its arguments without the keys of secret links."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(process)d [%(request_id)s] %(message)s"
JSON_FIELDS = ["asctime", "levelname", "name", "process", "request_id", "message"]
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}
# Extras that some libraries pass and that would be written out as fields: Django's
# ``request`` (its repr holds the path, secret link keys included, and nothing the message
# does not say), Celery's ``data`` (the message's own arguments again, a task's return value
# among them) and asyncio's ``taskName``.
NOT_WRITTEN = [*RESERVED_ATTRS, "request", "data", "taskName"]


class RedactedJsonFormatter(JsonFormatter):
    """One JSON object per record; the keys of secret links are replaced in the whole line
    (message, traceback and every extra field alike), not only where the filter looks."""

    def __init__(self, **kwargs):
        kwargs.setdefault("fmt", JSON_FIELDS)
        kwargs.setdefault("rename_fields", JSON_NAMES)
        kwargs.setdefault("reserved_attrs", NOT_WRITTEN)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(**kwargs)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        # ISO 8601 with the offset, as log collectors read it: 2026-12-01T05:37:32.073+09:00
        moment = dt.datetime.fromtimestamp(record.created).astimezone()
        return moment.isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
