"""The Redis cache that degrades: a hung or stopped Redis costs one timeout, not one per call.

Against real servers: the test's own redis-server, and a socket that accepts connections and
never answers (a Redis that hangs, or a firewall that swallows packets).
"""

import logging
import socket
import threading
import warnings

import pytest
import redis as redis_py
from django.core.cache import caches
from django.core.cache.backends.base import CacheKeyWarning

from core import cache as resilient
from core.cache import ResilientRedisCache, redis_cache
from tests.outages import free_port

pytestmark = pytest.mark.faults


class SilentServer:
    """Accepts TCP connections and never answers; counts the connections made to it."""

    def __init__(self):
        self.port = free_port()
        self.accepted = 0
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)

    def close(self):
        self.listener.close()
        for conn in self.held:
            conn.close()


def make_cache(url: str) -> ResilientRedisCache:
    config = redis_cache(url, socket_timeout=0.2)
    return ResilientRedisCache(config["LOCATION"], config)


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def test_a_hung_redis_is_asked_once_then_left_alone(silent_server, caplog, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 60.0)
    cache = make_cache(f"redis://127.0.0.1:{silent_server.port}/0")
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.add("limit", 1) is True
        for _ in range(100):
            cache.incr("limit")
        assert cache.get("limit") == 101
    # One connection timed out; the 101 calls after it went to the process's memory.
    assert silent_server.accepted == 1
    assert caplog.text.count("cache unreachable") == 1


def test_after_the_retry_interval_redis_is_tried_again(silent_server, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.0)
    cache = make_cache(f"redis://127.0.0.1:{silent_server.port}/0")
    cache.set("a", 1)
    cache.set("b", 2)
    assert silent_server.accepted == 2


def test_a_restarted_redis_is_used_again_once_ping_succeeds(private_redis, caplog, monkeypatch):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 60.0)
    cache = make_cache(private_redis.url)
    cache.set("before", "redis")
    private_redis.stop()
    cache.set("during", "memory")
    assert cache.get("during") == "memory" and cache.get("before") is None
    assert cache.ping() is False

    private_redis.start()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.ping() is True
    assert "cache reachable again" in caplog.text
    cache.set("after", "redis")
    raw = redis_py.Redis.from_url(private_redis.url)
    assert raw.get(cache.make_key("after")) is not None
    assert raw.get(cache.make_key("during")) is None  # what the outage wrote stayed in memory
    raw.close()


def test_every_cache_call_survives_a_stopped_redis(private_redis):
    cache = make_cache(private_redis.url)
    private_redis.stop()
    cache.set_many({"x": 1, "y": 2})
    assert cache.get_many(["x", "y"]) == {"x": 1, "y": 2}
    assert cache.has_key("x") and cache.touch("x", 10)
    assert cache.get_or_set("z", 3) == 3
    assert cache.decr("x") == 0
    assert cache.delete("x") is True
    cache.delete_many(["y", "z"])
    assert cache.get_many(["x", "y", "z"]) == {}
    cache.clear()


def test_the_portal_uses_the_resilient_cache_whenever_redis_is_configured(settings):
    if settings.REDIS_URL:
        assert isinstance(caches["default"], ResilientRedisCache)
    assert redis_cache("redis://r:6379/0")["BACKEND"] == "core.cache.ResilientRedisCache"


def test_one_redis_client_serves_every_call_and_survives_a_restart(private_redis):
    """Not a new ``redis.Redis`` for each call (core.cache._ReusedClients), and the kept one
    reconnects when Redis comes back."""
    cache = make_cache(private_redis.url)
    cache.set("first", 1)
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=False) is client
    cache.set("second", 2)
    assert cache.get_many(["first", "second"]) == {"first": 1, "second": 2}
    assert cache._cache.get_client(write=True) is client
    private_redis.stop()
    private_redis.start()  # empty: it keeps nothing on disk
    assert cache.ping() is True
    cache.set("third", 3)
    raw = redis_py.Redis.from_url(private_redis.url)
    assert raw.get(cache.make_key("third")) is not None
    raw.close()


def test_any_key_goes_to_redis_without_memcacheds_warnings(private_redis):
    cache = make_cache(private_redis.url)
    key = "ページ /openfactory/?q=a b " + "x" * 300  # a space, and longer than memcached's 250
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)
        cache.set(key, "kept")
        assert cache.get(key) == "kept"
    raw = redis_py.Redis.from_url(private_redis.url)
    assert raw.get(cache.make_key(key)) is not None
    raw.close()
