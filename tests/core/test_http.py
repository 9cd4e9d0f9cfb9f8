"""The client's address, taken the same way by every rate limit of the portal."""

import pytest
from django.test import RequestFactory

from core.http import client_ip

BALANCER = "10.0.0.10"


def request_from(remote_addr=BALANCER, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.5", "198.51.100.1")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # The balancer appends the address it was reached from; whatever the client wrote
        # before it is ignored.
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),
        (1, "forged-by-the-client,203.0.113.5", "203.0.113.5"),
        # A CDN in front of the balancer: two entries are written by proxies we run.
        (2, "1.2.3.4, 203.0.113.5, 198.51.100.7", "203.0.113.5"),
        # Ports and IPv6 as some balancers write them.
        (1, "203.0.113.5:41234", "203.0.113.5"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_behind_proxies_the_address_they_saw_is_used(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request_from(forwarded=forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", " , ", "not an address", "203.0.113.5\x00"])
def test_a_missing_or_broken_header_falls_back_to_the_socket(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from(forwarded=forwarded)) == BALANCER


def test_a_header_with_fewer_entries_than_proxies_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from(forwarded="203.0.113.5")) == BALANCER
