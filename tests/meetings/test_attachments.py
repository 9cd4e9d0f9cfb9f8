"""Attachments of minutes: documents and photos, told by their content, kept in private
storage (what is served, and images' metadata: test_attachment_safety.py)."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from meetings import services, validators
from meetings.models import Attachment
from tests.conftest import ADMIN
from tests.html_forms import form_data
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def image_bytes(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type", "stored_name"),
    [
        ("資料.pdf", PDF, "application/pdf", "資料.pdf"),
        # Images are re-encoded (tests/meetings/test_attachment_safety.py): WebP as JPEG.
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg", "photo.jpg"),
        ("photo.png", image_bytes("PNG"), "image/png", "photo.png"),
        ("picture.webp", image_bytes("WEBP"), "image/jpeg", "picture.jpg"),
        # The content decides, whatever the name says.
        ("scan.pdf", image_bytes("PNG"), "image/png", "scan.png"),
        ("document", PDF, "application/pdf", "document.pdf"),
    ],
)
def test_pdfs_and_photos_are_attached_with_their_real_type(
    name, content, content_type, stored_name
):
    meeting = MeetingFactory()
    attachment = services.attachment_add(
        meeting=meeting, title=" 当日資料 ", file=upload(name, content)
    )
    attachment.refresh_from_db()
    assert attachment.title == "当日資料"
    assert attachment.content_type == content_type
    assert Path(attachment.file.name).name == stored_name
    assert attachment.file.storage is storages["private"]
    assert storages["private"].exists(attachment.file.name)
    with attachment.file.open("rb") as handle:
        data = handle.read()
    assert attachment.size == len(data)
    if content_type == "application/pdf":
        assert data == content
    else:
        assert Image.open(io.BytesIO(data)).size == (40, 30)


def test_attachments_are_not_under_the_public_media_folder(settings):
    attachment = services.attachment_add(
        meeting=MeetingFactory(), title="資料", file=upload("a.pdf", PDF)
    )
    path = Path(storages["private"].path(attachment.file.name)).resolve()
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("minutes.pdf", "議事録のテキスト".encode()),
        ("anim.gif", image_bytes("GIF")),
        ("broken.png", image_bytes("PNG")[:40]),
        ("empty.pdf", b"%PD"),
    ],
    ids=["svg", "html", "text-renamed-pdf", "gif", "truncated-png", "short"],
)
def test_anything_else_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as raised:
        services.attachment_add(meeting=MeetingFactory(), title="x", file=upload(name, content))
    assert raised.value.code == "not_allowed"
    assert not Attachment.objects.exists()


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(validators, "ATTACHMENT_MAX_BYTES", len(PDF) - 1)
    with pytest.raises(ValidationError) as raised:
        validators.attachment_file_check(upload("big.pdf", PDF))
    assert raised.value.code == "too_large"


def test_the_limit_is_twenty_megabytes():
    assert validators.ATTACHMENT_MAX_BYTES == 20 * 1024 * 1024


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100  # the limit of every image of the portal
    with pytest.raises(ValidationError) as raised:
        validators.attachment_file_check(upload("big.png", image_bytes("PNG", (20, 20))))
    assert raised.value.code == "too_many_pixels"


def test_deleting_an_attachment_removes_its_file_once_committed(
    django_capture_on_commit_callbacks,
):
    attachment = services.attachment_add(
        meeting=MeetingFactory(), title="資料", file=ContentFile(PDF, name="a.pdf")
    )
    name = attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment)
    assert not Attachment.objects.exists()
    assert not storages["private"].exists(name)


# In the admin --------------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_staff_attach_a_pdf_to_a_meeting_inline(staff_client):
    meeting = MeetingFactory()
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "当日配布資料",
        "attachments-0-file": upload("配布資料.pdf", PDF),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302
    attachment = meeting.attachments.get()
    assert (attachment.title, attachment.content_type, attachment.size) == (
        "当日配布資料",
        "application/pdf",
        len(PDF),
    )


def test_an_svg_is_refused_beside_the_field_inline(staff_client):
    meeting = MeetingFactory()
    url = f"{ADMIN}meetings/meeting/{meeting.pk}/change/"
    data = form_data(staff_client.get(url).content.decode(), form_id="meeting_form")
    data |= {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "図面",
        "attachments-0-file": upload("図面.pdf", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "添付できるのは、PDF、Word・Excel・PowerPoint" in response.content.decode()
    assert 'value="図面"' in response.content.decode()  # the title typed is kept
    assert not Attachment.objects.exists()


def test_staff_add_an_attachment_on_its_own_page(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        f"{ADMIN}meetings/attachment/add/",
        {
            "meeting": meeting.pk,
            "title": "写真",
            "file": upload("IMG_0001.JPG", image_bytes("JPEG")),
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.content_type == "image/jpeg" and attachment.meeting == meeting
    page = staff_client.get(f"{ADMIN}meetings/attachment/{attachment.pk}/change/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "image/jpeg" in body
    assert "IMG_0001.jpg" in body
    assert "/media/" not in body  # a private file has no public address to show


def test_a_text_file_renamed_pdf_is_refused_on_its_own_page(staff_client):
    meeting = MeetingFactory()
    response = staff_client.post(
        f"{ADMIN}meetings/attachment/add/",
        {"meeting": meeting.pk, "title": "資料", "file": upload("資料.pdf", b"just text")},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"]
    assert not Attachment.objects.exists()
