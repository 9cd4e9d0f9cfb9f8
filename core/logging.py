"""Log lines without the keys that some links carry.

Whoever holds a reservation's link, an invitation's, a password reset's or a committee
member's calendar URL holds what it opens. Such paths reach the logs in gunicorn's access log
and in Django's warnings ("Not Found: …", "Forbidden (CSRF token missing.): …"); both keep the
path up to the key and replace the key. Plain Python (no Django): gunicorn.conf.py uses it too.
"""

import logging
import re

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
