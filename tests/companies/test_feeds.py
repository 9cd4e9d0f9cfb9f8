"""The Smart Navi Atom feeds link to the site that serves them, never to example.com."""

import xml.etree.ElementTree as ET

import pytest

from tests.companies.factories import CompanyFactory, PostFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_links(response) -> list[str]:
    root = ET.fromstring(response.content)  # noqa: S314 - our own response, not untrusted
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    ids = [element.text for element in root.iter(f"{ATOM}id")]
    return links + ids


@pytest.mark.parametrize("which", ["all", "company"])
def test_feed_links_use_the_requests_host(client, settings, which):
    settings.ALLOWED_HOSTS = ["portal.example.jp"]
    company = CompanyFactory(slug="ayase-seisakusho")
    post = PostFactory(company=company, title="新しい機械")
    path = "/companies/posts/feed/" if which == "all" else f"/companies/{company.slug}/posts/feed/"
    response = client.get(path, HTTP_HOST="portal.example.jp", secure=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "example.com" not in body
    links = feed_links(response)
    assert f"https://portal.example.jp{post.get_absolute_url()}" in links
    assert f"https://portal.example.jp{path}" in links  # the feed's own address
    list_page = "/companies/posts/" if which == "all" else f"/companies/{company.slug}/posts/"
    assert f"https://portal.example.jp{list_page}" in links
    assert all(link.startswith("https://portal.example.jp/") for link in links if link), links


def test_an_unknown_host_gets_no_feed(client):
    assert client.get("/companies/posts/feed/", HTTP_HOST="evil.example.net").status_code == 400
