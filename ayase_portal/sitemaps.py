from django.contrib.sitemaps import views as sitemap_views
from django.urls import reverse

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


def sitemap(request):
    """/sitemap.xml: Django's view, with sitemaps made for this request's host."""
    host = request.get_host()
    sitemaps = {
        "pages": StaticPageSitemap(host=host),
        "meetings": MeetingSitemap(host=host),
    }
    return sitemap_views.sitemap(request, sitemaps=sitemaps)
