"""/sitemap.xml lists listed companies and published posts, never drafts or scheduled posts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from companies.models import Post
from tests.companies.factories import CompanyFactory, PostFactory
from tests.meetings.test_feeds import sitemap_locations

pytestmark = pytest.mark.django_db


def test_the_site_map_holds_public_companies_and_posts_only(client):
    listed = CompanyFactory(slug="listed-co")
    hidden = CompanyFactory(slug="hidden-co", is_listed=False)
    published = PostFactory(company=listed)
    draft = PostFactory(company=listed, status=Post.Status.DRAFT)
    later = PostFactory(
        company=listed, status=Post.Status.SCHEDULED, publish_at=timezone.now() + timedelta(days=1)
    )
    locations = sitemap_locations(client.get("/sitemap.xml"))
    assert f"http://testserver{listed.get_absolute_url()}" in locations
    assert f"http://testserver{published.get_absolute_url()}" in locations
    for absent in (hidden, draft, later):
        assert f"http://testserver{absent.get_absolute_url()}" not in locations
    assert not any("example.com" in location for location in locations)
