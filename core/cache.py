"""The cache on Redis, made to degrade rather than fail while Redis cannot be reached.

The portal's cache holds only what may be lost: rate-limit counters (allauth's logins and
password resets, the open factory's reservations), allauth's used one-time codes and the health
probe. So when Redis is down the cache falls back to this process's own memory, with a warning
in the log, instead of turning every sign-in into a 500:

- the rate limits keep counting, per process rather than for the whole site: an attacker
  gets at most (number of web processes) times the limit while Redis is down, never an
  unlimited run, and nobody is locked out;
- nothing needs the database (no cache table, no writes on each sign-in);
- after a failure Redis is left alone for ``RETRY_SECONDS``, so a dead or unreachable Redis
  costs one short connect timeout per process every few seconds, not one per request.

``/healthz`` asks Redis itself through :meth:`ResilientRedisCache.ping`, reports the cache as
"error" (the site "degraded") while the fallback is in use, and ends the fallback as soon as
Redis answers again.
"""

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Seconds a web process waits for Redis to connect or answer before falling back.
DEFAULT_SOCKET_TIMEOUT = 0.5
# Seconds the fallback is used before Redis is tried again.
RETRY_SECONDS = 5.0
# Seconds between two warnings of one process while Redis stays down.
WARN_EVERY_SECONDS = 60.0


def redis_cache(
    url: str, *, socket_timeout: float = DEFAULT_SOCKET_TIMEOUT, key_prefix: str = "ayase"
) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry of the portal on the Redis at ``url``."""
    return {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": 300,
        "OPTIONS": {
            "socket_connect_timeout": socket_timeout,
            "socket_timeout": socket_timeout,
        },
    }


class _Outage:
    """Whether one Redis location is down, shared by the threads of a process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0  # time.monotonic() until which Redis is not tried
        self.since: float | None = None  # when the outage began (None: Redis is up)
        self.warned_at = 0.0


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_of(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class _ReusedClients(RedisCacheClient):
    """Django's Redis client, with one ``redis.Redis`` kept per connection pool.

    Django makes a new one for every cache call, and redis-py's constructor copies its table
    of about 170 reply callbacks each time: a tenth of the time of a page served from the page
    cache. A ``redis.Redis`` is safe to share between threads (each command takes a connection
    from the pool), and the pool itself reconnects in a forked process."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that uses this process's memory while Redis is unreachable."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS", {}))}
        # No retries inside redis-py: the fallback is the retry.
        params["OPTIONS"].setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, params)
        self._class = _ReusedClients
        self._location = server if isinstance(server, str) else ",".join(server)
        self._outage = _outage_of(self._location)
        # LocMemCache instances of the same name share their memory in a process.
        self._fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
        )

    # --- the switch between Redis and the fallback ---------------------------------------

    def _redis_is_down(self) -> bool:
        return time.monotonic() < self._outage.down_until

    def _went_down(self, error: Exception) -> None:
        outage, now = self._outage, time.monotonic()
        with outage.lock:
            outage.down_until = now + RETRY_SECONDS
            first = outage.since is None
            if first:
                outage.since = now
            warn = first or now - outage.warned_at >= WARN_EVERY_SECONDS
            if warn:
                outage.warned_at = now
        if warn:
            logger.warning(
                "cache unreachable (%s: %s); rate limits count in this process's memory "
                "until Redis answers again",
                type(error).__name__,
                error,
            )

    def _came_back(self) -> None:
        outage = self._outage
        with outage.lock:
            since, outage.since, outage.down_until = outage.since, None, 0.0
        if since is not None:
            logger.warning("cache reachable again after %.0f s", time.monotonic() - since)

    def _call(self, method: str, *args, **kwargs):
        if self._redis_is_down():
            return getattr(self._fallback, method)(*args, **kwargs)
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._went_down(error)
            return getattr(self._fallback, method)(*args, **kwargs)
        if self._outage.since is not None:
            self._came_back()
        return result

    def validate_key(self, key):
        """Nothing to check: Redis keys are binary-safe. Django's check warns of keys that
        memcached would refuse, a character at a time (on a page served from the page cache,
        half as long as reading the page from Redis)."""

    def is_shared(self) -> bool:
        """Whether calls go to Redis now, which every process shares (False: to this
        process's fallback memory)."""
        return not self._redis_is_down()

    def ping(self) -> bool:
        """Ask Redis itself, whatever the fallback: True ends an outage at once."""
        try:
            self._cache.get_client(write=True).ping()
        except RedisError as error:
            self._went_down(error)
            return False
        self._came_back()
        return True

    # --- Django's cache API ----------------------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")
