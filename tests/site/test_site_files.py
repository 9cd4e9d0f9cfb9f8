"""robots.txt, the web manifest and the icons."""

import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db


def test_robots_disallows_staff_admin_reception_and_secret_link_pages(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    for path in (
        f"/{settings.ADMIN_URL}",
        "/openfactory/reception/",
        "/openfactory/reservations/",
        "/openfactory/slots/",
        "/openfactory/manage/",
        "/openfactory/my/",
        "/openfactory/surveys/",
        "/accounts/",
        "/meetings/calendar/",
    ):
        assert path in disallowed, path
    # The public pages stay open.
    for public in ("/openfactory/", "/companies/", "/meetings/", "/openfactory/programmes/"):
        assert not any(public == path for path in disallowed)
    assert "Allow: /" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_robots_follows_the_admin_url(client, settings):
    from django.urls import clear_url_caches

    from ayase_portal.site_files import robots_lines

    settings.ADMIN_URL = "office-7f3a/"
    clear_url_caches()
    assert "Disallow: /office-7f3a/" in robots_lines()


def test_the_manifest_starts_at_the_reception_with_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/openfactory/reception/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "ja" and "受付" in manifest["name"]
    sizes = {icon["sizes"]: icon["src"] for icon in manifest["icons"]}
    for size in ("192x192", "512x512"):
        name = sizes[size].removeprefix("/static/")
        path = finders.find(name)
        assert path, name
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == size


def test_the_touch_icon_is_180_pixels_and_linked_from_every_page(client):
    with Image.open(finders.find("img/apple-touch-icon.png")) as image:
        assert image.size == (180, 180)
    html = client.get("/openfactory/").content.decode()
    assert 'rel="apple-touch-icon" href="/static/img/apple-touch-icon.png"' in html
    assert 'rel="icon" href="/static/img/favicon.svg"' in html


def test_the_reception_page_names_the_manifest(client, staff):
    client.force_login(staff)
    html = client.get("/openfactory/reception/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
