"""Requests per client address in a fixed window, counted in the cache (Redis in production).

While Redis is down the portal's cache counts in each process's memory (core/cache.py); should
the cache still fail, the request goes through: a reservation is never refused because the
rate-limit store failed.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render

from core.http import client_ip

logger = logging.getLogger(__name__)


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


def refused(request, template: str) -> HttpResponse:
    """The page of an address that went over the limit: 429, with when to try again."""
    response = render(request, template, status=429)
    response["Retry-After"] = str(settings.OPENFACTORY_RATE_WINDOW)
    return response
