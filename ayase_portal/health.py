"""What an operator watches: the health check that load balancers and monitoring poll, and
``manage.py ops_status``, which prints the same figures for a terminal.

Both must stay cheap (they are polled every few seconds): a handful of queries, one broker
round trip, and no personal data, only states, counts and ages.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from openfactory import selectors as openfactory_selectors
from openfactory.surveys import selectors as survey_selectors
from talent.selectors import applications as talent_selectors

logger = logging.getLogger(__name__)


def _database() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not reachable" to a load balancer
        logger.exception("health check: database unreachable")
        connection.close_if_unusable_or_obsolete()
        return "error"
    return "ok"


def _cache() -> str:
    # The portal's Redis cache answers from memory while Redis is down: ask Redis itself.
    ping = getattr(cache, "ping", None)
    if ping is not None and not ping():
        return "error"
    try:
        cache.set("healthz", "ok", timeout=10)
        return "ok" if cache.get("healthz") == "ok" else "error"
    except Exception:
        logger.exception("health check: cache unreachable")
        return "error"


def _queue_length(channel, queue: str) -> int:
    from kombu.exceptions import ChannelError

    try:
        return channel.queue_declare(queue=queue, passive=True).message_count
    except ChannelError:  # Redis keeps no key for an empty queue
        return 0


def _broker() -> tuple[str, int | None]:
    """The broker's state and how many tasks wait in the workers' queues (None: unknown)."""
    from ayase_portal.celery import app

    if app.conf.broker_url.startswith("memory://"):  # no REDIS_URL: tasks run eagerly
        return "eager", None
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            channel = conn.default_channel
            return "ok", sum(_queue_length(channel, queue) for queue in sorted(app.amqp.queues))
    except Exception:
        logger.exception("health check: broker unreachable")
        return "error", None


def unsent_mail_since(now: dt.datetime) -> dt.datetime | None:
    """When the oldest mail that a sweep still has to send should have gone out: a
    reservation's or an announcement's, a survey link, a talent application's status change.
    Four queries."""
    times = [
        openfactory_selectors.mail_unsent_since(now=now),
        survey_selectors.invitation_unsent_since(now=now),
        talent_selectors.transition_mail_unsent_since(now=now),
    ]
    return min((t for t in times if t is not None), default=None)


def _oldest_unsent_mail_seconds(now: dt.datetime) -> int | None:
    try:
        since = unsent_mail_since(now)
    except Exception:
        logger.exception("health check: unsent mail unknown")
        return None
    return None if since is None else max(0, int((now - since).total_seconds()))


def status() -> dict:
    """The figures of /healthz and ops_status.

    ``status`` is "error" when the database is down (nothing works), "degraded" when the
    cache or broker is down or the queue or the oldest unsent mail is past its limit
    (HEALTH_QUEUE_LIMIT, HEALTH_UNSENT_MAIL_LIMIT), else "ok".
    """
    now = timezone.now()
    database = _database()
    broker, queue_length = _broker()
    result: dict = {
        "database": database,
        "cache": _cache(),
        "broker": broker,
        "queue_length": queue_length,
        "oldest_unsent_mail_seconds": (
            _oldest_unsent_mail_seconds(now) if database == "ok" else None
        ),
    }
    late = (queue_length or 0) > settings.HEALTH_QUEUE_LIMIT or (
        result["oldest_unsent_mail_seconds"] or 0
    ) > settings.HEALTH_UNSENT_MAIL_LIMIT
    if database != "ok":
        result["status"] = "error"
    elif late or "error" in (result["cache"], broker):
        result["status"] = "degraded"
    else:
        result["status"] = "ok"
    return result


@never_cache
def healthz(request):
    """Report database, cache, broker, queue and unsent mail; 503 only when the database is
    down.

    Without the database nothing works, so the instance must leave the load balancer; a
    broken cache or broker, a long queue or late mail degrade the site but still let it
    serve pages, and taking every instance out for them would make things worse.
    """
    result = status()
    return JsonResponse(result, status=503 if result["database"] != "ok" else 200)
