"""Sitemaps of the companies app, for whoever wires django.contrib.sitemaps into the site.

Only what the public may see: listed companies and published posts (the same rule as every
page, ``Post.objects.published()``).
"""

from django.contrib.sitemaps import Sitemap

from .models import Company, Post


class CompanySitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Company.objects.listed().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class PostSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000

    def items(self):
        return Post.objects.published().select_related("company").order_by("-publish_at", "pk")

    def lastmod(self, obj):
        return obj.updated_at
