"""Public uploads (company logos, programme photos) are served with DEBUG off, as in production.

They are streamed from ``storages["default"]`` through the storage API, so that the same view
serves an S3-compatible store; private files (minutes attachments, Smart Navi masters) live
in another storage and are never reachable under /media/.
"""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils.http import http_date

from tests.companies import images
from tests.companies.factories import CompanyFactory
from tests.openfactory.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_storage(settings, tmp_path):
    # The conftest moves MEDIA_ROOT into tmp_path; the storage follows the setting.
    storage = storages["default"]
    assert settings.DEBUG is False
    return storage


def test_a_company_logo_and_a_programme_photo_are_served_with_debug_off(client, public_storage):
    jpeg = images.jpeg_bytes()
    company = CompanyFactory()
    company.logo.save("logo.jpg", ContentFile(jpeg))
    programme = ProgrammeFactory()
    programme.photo.save("tour.jpg", ContentFile(jpeg))

    for url in (company.logo.url, programme.photo.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "public, max-age=3600"
        assert b"".join(response.streaming_content) == jpeg
        assert client.head(url).status_code == 200


def test_an_unchanged_file_is_not_sent_again(client, public_storage):
    name = public_storage.save("openfactory/programmes/a.png", ContentFile(images.image_bytes()))
    first = client.get(f"/media/{name}")
    since = first["Last-Modified"]
    again = client.get(f"/media/{name}", headers={"if-modified-since": since})
    assert again.status_code == 304
    stale = client.get(f"/media/{name}", headers={"if-modified-since": http_date(0)})
    assert stale.status_code == 200


def test_a_file_that_is_not_an_image_is_a_download_never_a_page(client, public_storage):
    name = public_storage.save("notes/page.html", ContentFile(b"<script>alert(1)</script>"))
    response = client.get(f"/media/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "/media/nothing-here.jpg",
        "/media/companies/",
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/companies/..%2f..%2fmanage.py",
        "/media//etc/passwd",
        "/media/%00.jpg",
        "/media/a%5c..%5cmanage.py",
        "/media/.hidden.jpg",
    ],
)
def test_paths_outside_the_public_uploads_are_404(client, public_storage, path):
    public_storage.save(".hidden.jpg", ContentFile(images.jpeg_bytes()))
    assert client.get(path).status_code == 404


def test_private_files_are_not_under_media(client, public_storage):
    private = storages["private"]
    name = private.save("meetings/secret.jpg", ContentFile(images.jpeg_bytes()))
    assert client.get(f"/media/{name}").status_code == 404
    assert not str(private.path(name)).startswith(str(settings.MEDIA_ROOT))
