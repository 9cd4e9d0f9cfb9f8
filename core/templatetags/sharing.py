"""What a shared page shows elsewhere: OGP and Twitter-card tags, and plain share links.

``{% social_meta %}`` in a page's ``head`` block and ``{% share_links %}`` in its body take
the page's path, title, description and (optionally) image. Links and tags use SITE_URL, the
public address, never the request's host. No third-party script: LINE, X and Facebook get
plain links, and ``static/js/share.js`` adds the phone's own share sheet where the browser
has one (``navigator.share``).
"""

from urllib.parse import quote

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.translation import get_language

register = template.Library()

DEFAULT_IMAGE = "img/og-image.png"


def absolute(path: str) -> str:
    """SITE_URL + path, or the URL itself when it already is absolute (an object store's)."""
    if not path or "://" in path:
        return path
    return settings.SITE_URL + path


def _encoded(value: str) -> str:
    return quote(value, safe="")


@register.inclusion_tag("includes/social_meta.html")
def social_meta(
    *, path, title, description="", image="", image_alt="", kind="website", site_name=""
):
    """OGP and Twitter-card tags. ``image``: a URL or path of the page's own picture; without
    one, the portal's share image."""
    language = get_language() or settings.LANGUAGE_CODE
    return {
        "url": absolute(path),
        "title": title,
        "description": description,
        "image": absolute(image) if image else absolute(static(DEFAULT_IMAGE)),
        "image_alt": image_alt or title,
        "large": bool(image),
        "kind": kind,
        "site_name": site_name,
        "locale": "en_US" if language.startswith("en") else "ja_JP",
    }


def share_urls(url: str, title: str) -> dict[str, str]:
    text = _encoded(title)
    return {
        "line": f"https://line.me/R/share?text={_encoded(f'{title} {url}')}",
        "x": f"https://x.com/intent/post?text={text}&url={_encoded(url)}",
        "facebook": f"https://www.facebook.com/sharer/sharer.php?u={_encoded(url)}",
    }


@register.inclusion_tag("includes/share_links.html")
def share_links(*, path, title):
    url = absolute(path)
    return {"url": url, "title": title, "links": share_urls(url, title)}
