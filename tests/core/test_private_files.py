"""Private files: streamed by the portal, or handed to nginx with X-Accel-Redirect once the
view's check has passed (PRIVATE_MEDIA_ACCEL_REDIRECT). The rehearsal (deploy/rehearsal)
proves the nginx side."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.urls import reverse

from core.private_files import private_file_response
from meetings import services as meeting_services
from meetings.models import Visibility
from tests.meetings.factories import MeetingFactory

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def stored():
    storage = storages["private"]
    name = storage.save("minutes/2026/資料 1.pdf", ContentFile(PDF))
    yield storage, name
    storage.delete(name)


def test_without_the_setting_the_portal_streams_the_bytes(settings, stored):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = ""
    storage, name = stored
    response = private_file_response(
        storage, name, content_type="application/pdf", as_attachment=True, filename="資料.pdf"
    )
    assert b"".join(response.streaming_content) == PDF
    assert "X-Accel-Redirect" not in response
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_behind_nginx_the_response_is_empty_and_names_the_file(settings, stored):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    storage, name = stored
    response = private_file_response(
        storage, name, content_type="application/pdf", as_attachment=True, filename="資料.pdf"
    )
    assert response.content == b""
    # Quoted, so that nginx finds the file whose name has spaces and Japanese in it.
    assert name == "minutes/2026/資料 1.pdf"
    assert response["X-Accel-Redirect"] == "/_private/minutes/2026/%E8%B3%87%E6%96%99%201.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%B3%87%E6%96%99.pdf"
    )


def test_a_missing_file_is_an_error_in_both_modes(settings):
    for prefix in ("", "/_private/"):
        settings.PRIVATE_MEDIA_ACCEL_REDIRECT = prefix
        with pytest.raises(FileNotFoundError):
            private_file_response(storages["private"], "nothing.pdf", content_type="x/y")


def test_files_outside_the_private_folder_are_streamed_even_behind_nginx(settings, tmp_path):
    """nginx's internal location aliases PRIVATE_MEDIA_ROOT only: another storage (another
    folder, an S3-compatible store) is sent by the portal."""
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = "/_private/"
    other = FileSystemStorage(location=tmp_path / "elsewhere")
    name = other.save("a.pdf", ContentFile(PDF))
    response = private_file_response(other, name, content_type="application/pdf")
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/_private/"])
def test_the_members_check_comes_first_in_both_modes(settings, client, member, prefix):
    settings.PRIVATE_MEDIA_ACCEL_REDIRECT = prefix
    meeting = MeetingFactory(visibility=Visibility.MEMBERS)
    attachment = meeting_services.attachment_add(
        meeting=meeting, title="当日資料", file=ContentFile(PDF, name="shiryou.pdf")
    )
    url = reverse("meetings:attachment_download", args=[attachment.pk])

    refused = client.get(url)
    assert refused.status_code == 404
    assert "X-Accel-Redirect" not in refused

    client.force_login(member)
    allowed = client.get(url)
    assert allowed.status_code == 200
    assert allowed["Content-Type"] == "application/pdf"
    stored_name = attachment.file.name.rsplit("/", 1)[-1]  # shiryou.pdf, or shiryou_<x>.pdf
    assert stored_name.startswith("shiryou")
    assert allowed["Content-Disposition"] == f'attachment; filename="{stored_name}"'
    assert "no-store" in allowed["Cache-Control"]
    if prefix:
        assert allowed["X-Accel-Redirect"] == "/_private/" + attachment.file.name
        assert allowed.content == b""
    else:
        assert b"".join(allowed.streaming_content) == PDF
