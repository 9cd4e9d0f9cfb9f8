"""Queueing Celery tasks from a request so that a broker outage never becomes an error page.

The database row is the truth and every task is idempotent, so a request that cannot reach
the broker (Redis) carries on: a mail with a sweep of its own waits for it, one without is
sent by the web process itself.
"""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def delay_or_run(task, *args, argsrepr: str | None = None) -> None:
    """Queue ``task``; if the broker is unreachable, run it in this process instead.

    For mails that no sweep would send later (account mails, invitations): a slower request
    while Redis is down is better than a password-reset mail that never comes. ``argsrepr``
    is what Celery shows of the arguments in its logs and monitors, for arguments that carry
    personal data.
    """
    try:
        task.apply_async(args=args, argsrepr=argsrepr)
    except OperationalError as error:
        logger.warning("broker unreachable (%s); %s runs in the web process", error, task.name)
        task(*args)


def delay_or_run_on_commit(task, *args, argsrepr: str | None = None) -> None:
    """:func:`delay_or_run` once the transaction commits; a failure is logged, not raised."""
    transaction.on_commit(lambda: delay_or_run(task, *args, argsrepr=argsrepr), robust=True)


def delay_on_commit_robust(task, *args, argsrepr: str | None = None) -> None:
    """Queue ``task`` once the transaction commits; if the broker is unreachable, log it and
    carry on.

    For tasks whose work a periodic sweep finds and does later (the open factory's mails):
    the row is committed already, and a broker outage must not turn it into an error page.
    """
    transaction.on_commit(lambda: task.apply_async(args=args, argsrepr=argsrepr), robust=True)
