"""Deployment checks of settings that only agree with each other by convention."""

import ipaddress
import os

from django.conf import settings
from django.core.checks import Tags, Warning, register

_LOCAL = {"127.0.0.1", "::1", "localhost"}


def _only_local(value: str) -> bool:
    for entry in filter(None, (e.strip() for e in value.split(","))):
        if entry in _LOCAL:
            continue
        try:
            if not ipaddress.ip_network(entry, strict=False).is_loopback:
                return False
        except ValueError:  # "*" or a name: a proxy somewhere else
            return False
    return True


@register(Tags.security, deploy=True)
def check_trusted_proxies(app_configs=None, **kwargs):
    """gunicorn trusts a balancer's headers, but the rate limits would count the balancer."""
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
    if (
        forwarded_allow_ips
        and not _only_local(forwarded_allow_ips)
        and not (settings.TRUSTED_PROXY_COUNT)
    ):
        return [
            Warning(
                f"FORWARDED_ALLOW_IPS={forwarded_allow_ips} says requests come through a proxy, "
                "but TRUSTED_PROXY_COUNT is 0: every rate limit would count the proxy's "
                "address, and one client could lock everyone out of logging in.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that append to "
                "X-Forwarded-For (1 behind one load balancer).",
                id="core.W001",
            )
        ]
    return []
