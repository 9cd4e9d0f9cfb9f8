"""The deployment check that gunicorn's trusted proxies and the rate limits' agree."""

import pytest

from core.checks import check_trusted_proxies


@pytest.mark.parametrize(
    ("forwarded_allow_ips", "count", "warned"),
    [
        ("", 0, False),  # gunicorn's default: nothing in front but maybe a local proxy
        ("127.0.0.1,::1", 0, False),
        ("10.0.0.10", 1, False),
        ("10.0.0.0/24", 1, False),
        ("*", 2, False),
        ("10.0.0.10", 0, True),  # the finding: the balancer is trusted, but counted as client
        ("*", 0, True),
    ],
)
def test_a_trusted_balancer_needs_a_proxy_count(
    monkeypatch, settings, forwarded_allow_ips, count, warned
):
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", forwarded_allow_ips)
    settings.TRUSTED_PROXY_COUNT = count
    assert [w.id for w in check_trusted_proxies()] == (["core.W001"] if warned else [])
