from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

from companies.sitemaps import CompanySitemap, PostSitemap
from meetings.sitemaps import MeetingSitemap, RequestHostSitemap


class StaticPageSitemap(RequestHostSitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "home",
            "about",
            "meetings:index",
            "openfactory:index",
            "companies:company_list",
            "talent:index",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


def _on_host(sitemap, host: str):
    """An app's sitemap with the locations on this request's host (see RequestHostSitemap)."""
    sitemap.get_domain = lambda site=None: host
    return sitemap


def sitemap(request):
    """/sitemap.xml: Django's view, with sitemaps made for this request's host."""
    host = request.get_host()
    sitemaps = {
        "pages": StaticPageSitemap(host=host),
        "meetings": MeetingSitemap(host=host),
        "companies": _on_host(CompanySitemap(), host),
        "posts": _on_host(PostSitemap(), host),
    }
    return sitemap_views.sitemap(request, sitemaps=sitemaps)
