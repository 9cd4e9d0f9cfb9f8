from django.contrib.sitemaps import Sitemap

from .models import Meeting


class RequestHostSitemap(Sitemap):
    """Locations on the host the request came to, not the Sites framework's domain.

    The Site row is example.com until someone edits it in the admin, and a stale row would
    send search engines elsewhere; the request's host is checked against ALLOWED_HOSTS.
    """

    def __init__(self, *, host: str):
        self.host = host

    def get_domain(self, site=None):
        return self.host


class MeetingSitemap(RequestHostSitemap):
    """Public minutes only: members-only meetings and drafts never reach a sitemap."""

    changefreq = "yearly"

    def items(self):
        return Meeting.objects.public().only("pk", "date", "updated_at").order_by("-date", "pk")

    def lastmod(self, item: Meeting):
        return item.updated_at
