"""Atom feeds of published posts: every company's, and one company's.

Built per request (see :func:`post_feed`), so that their links use the request's host, as the
minutes feed does: the Sites framework's domain (example.com) never reaches a feed.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Company
from .selectors import timeline

FEED_SIZE = 30


class AllPostsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Ayase Factory Smart Navi")
    subtitle = _("Posts of Ayase's manufacturing companies")

    def __init__(self, request):
        super().__init__()
        self.request = request

    def _absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def link(self):
        return self._absolute(reverse("companies:post_list"))

    def feed_url(self):
        return self._absolute(self.request.path)

    def items(self):
        # Only the public rule, whoever asks: feed readers cache and share what they fetch.
        return timeline()[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.company.name}: {item.display_title}"

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.company.name

    def item_link(self, item):
        return self._absolute(item.get_absolute_url())


class CompanyPostsFeed(AllPostsFeed):
    def get_object(self, request, slug):
        company = get_object_or_404(Company, slug=slug)
        if not company.is_listed:
            raise Http404
        return company

    def title(self, obj):
        return _("%(company)s — Ayase Factory Smart Navi") % {"company": obj.name}

    def link(self, obj):
        return self._absolute(reverse("companies:company_posts", kwargs={"slug": obj.slug}))

    def items(self, obj):
        return timeline(company=obj)[:FEED_SIZE]

    def item_title(self, item):
        return item.display_title


def post_feed(request):
    return AllPostsFeed(request)(request)


def company_post_feed(request, slug):
    return CompanyPostsFeed(request)(request, slug=slug)
