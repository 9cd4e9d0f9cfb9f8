"""The files browsers and crawlers ask the site's root for: robots.txt and the web manifest.

robots.txt keeps crawlers off the pages that are staff's, someone's own or reached by a
secret link (it is advice, not protection: each of those pages checks who asks). The web
manifest lets the reception staff add the reception page to a phone's home screen.
"""

import json

from django.conf import settings
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# Pages no crawler should list: URL names whose path (and everything under it) is disallowed.
PRIVATE_PREFIXES = (
    "openfactory:reception_list",  # reception, staff of the exhibiting companies
    "openfactory:manage_list",  # programmes, run by the companies
    "openfactory:my_reservations",
    "openfactory:announcement_list",
    "openfactory:statistics_dashboard",
    "meetings:calendar_link",  # and the members' secret calendar URLs under it
    "meetings:attendance",
    "meetings:action_items",
    "companies:my_companies",
    "companies:dashboard",
    "metrics",  # Prometheus's, answered to its scrapers only
)
# Secret links and their forms: the reservation's page (its token), the reserving form of
# each slot, the surveys (signed links), invitations and the accounts' pages.
PRIVATE_PATHS = (
    "/openfactory/reservations/",
    "/openfactory/slots/",
    "/openfactory/surveys/",
    "/accounts/",
    "/i18n/",
)


def robots_lines() -> list[str]:
    paths = [f"/{settings.ADMIN_URL}", *PRIVATE_PATHS, *(reverse(n) for n in PRIVATE_PREFIXES)]
    lines = ["User-agent: *", "Allow: /", *(f"Disallow: {path}" for path in paths)]
    lines += ["", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}"]
    return lines


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request):
    return HttpResponse("\n".join(robots_lines()) + "\n", content_type="text/plain; charset=utf-8")


def manifest() -> dict:
    reception = reverse("openfactory:reception_list")
    return {
        "name": "あやせ工場オープンファクトリー 受付",
        "short_name": "OF受付",
        "description": "出展企業の受付: 予約者のチェックインと当日来場者の記録",
        "lang": "ja",
        "start_url": reception,
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b3d6b",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }


@require_GET
@cache_control(public=True, max_age=3600)
def web_manifest(request):
    return HttpResponse(
        json.dumps(manifest(), ensure_ascii=False, indent=1),
        content_type="application/manifest+json",
    )
