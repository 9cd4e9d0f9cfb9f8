"""Requests per client address in a fixed window, counted in the cache (Redis in production).

While Redis is down the portal's cache counts in each process's memory (core/cache.py); should
the cache still fail, the request goes through: a reservation is never refused because the
rate-limit store failed.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    proxies = settings.OPENFACTORY_TRUSTED_PROXIES
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def too_many(request, scope: str) -> bool:
    """Count this request; True when the address went over the limit in this window."""
    window = settings.OPENFACTORY_RATE_WINDOW
    limit = settings.OPENFACTORY_RATE_LIMIT
    key = f"openfactory:rate:{scope}:{client_ip(request)}:{int(time.time() // window)}"
    try:
        if cache.add(key, 1, timeout=window + 5):
            return False
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add and incr
        return False
    except Exception:
        logger.warning("rate limit store unavailable; request let through", exc_info=True)
        return False
