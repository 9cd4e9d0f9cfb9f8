"""The health check that load balancers and monitoring poll."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

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


def _broker() -> str:
    from ayase_portal.celery import app

    if app.conf.broker_url.startswith("memory://"):  # no REDIS_URL: tasks run eagerly
        return "eager"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.exception("health check: broker unreachable")
        return "error"
    return "ok"


@never_cache
def healthz(request):
    """Report database, cache and broker; 503 only when the database is down.

    Without the database nothing works, so the instance must leave the load balancer; a
    broken cache or broker degrades the site but still lets it serve pages.
    """
    status = {"database": _database(), "cache": _cache(), "broker": _broker()}
    healthy = status["database"] == "ok"
    status["status"] = (
        "ok" if healthy and "error" not in status.values() else ("degraded" if healthy else "error")
    )
    return JsonResponse(status, status=200 if healthy else 503)
