"""What a request says about its client, read the same way by every part of the portal."""

import ipaddress

from django.conf import settings


def _address(value: str) -> str | None:
    """The IP address in ``value`` (as balancers write it, with or without a port), or None."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.5:41234
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client that sent ``request``, for rate limits and logs.

    Each of the ``TRUSTED_PROXY_COUNT`` proxies in front of the portal (the load balancer,
    a CDN before it) appends to ``X-Forwarded-For`` the address it was reached from, so the
    client's address is that many entries from the right; anything further left was written
    by the client and is ignored. With no trusted proxy the header is ignored altogether: a
    client could write any address there. Where the header has fewer entries than there are
    proxies, or an entry that is no address, the socket's address is used.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(forwarded) < count:
        return remote
    return _address(forwarded[-count]) or remote


SCRIPT_NAVIGATES = "X-Script-Navigates"


def redirect_for_script(view):
    """A form that a script posts (XMLHttpRequest, for its upload progress bar) must not have
    its redirect followed by the script: the page it leads to would be fetched once, consuming
    its one-time message (「記事を公開しました」), then loaded again without it. When the
    request says ``X-Script-Navigates: 1``, a redirect is answered as ``{"redirect": url}``
    and the script navigates there itself, so that the message is read by the page a person
    sees."""
    from functools import wraps

    from django.http import JsonResponse
    from django.http.response import HttpResponseRedirectBase

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.headers.get(SCRIPT_NAVIGATES) == "1" and isinstance(
            response, HttpResponseRedirectBase
        ):
            return JsonResponse({"redirect": response["Location"]})
        return response

    return wrapped
