"""What an attachment of the minutes serves: images re-encoded like every photo of the portal
(no EXIF, no GPS, upright), other files from an allow-list of document types, as downloads
with a strict type; and the command that cleans images stored before."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image

from meetings import services
from meetings.models import Attachment
from tests.companies.images import jpeg_bytes
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
GPS_JPEG = jpeg_bytes(size=(600, 300), gps=True, orientation=6)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(attachment) -> bytes:
    with attachment.file.open("rb") as handle:
        return handle.read()


def download(client, attachment):
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def assert_clean_upright_jpeg(data: bytes):
    assert b"TestCam" not in data and b"secret-software" not in data
    assert b"Exif" not in data and b"GPS" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    # Orientation 6 (turned 90°): stored upright, portrait, the dark band now on top.
    assert image.height > image.width
    assert image.convert("L").getpixel((image.width // 2, 2)) < 60


def office(kind: str, *, macros=False) -> bytes:
    """A minimal Office Open XML file of the given kind, as Word, Excel or PowerPoint write."""
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(part[kind], '<?xml version="1.0"?><root/>')
        if macros:
            archive.writestr(part[kind].split("/")[0] + "/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def zipfile_with(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def ole(stream: str) -> bytes:
    """The start of an OLE2 compound file (Word 97–2003 and its kin) naming one stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") * 2


def test_a_photo_with_gps_is_stored_and_served_without_it(client):
    meeting = MeetingFactory(visibility="public")
    assert b"GPS" in GPS_JPEG or Image.open(io.BytesIO(GPS_JPEG)).getexif().get_ifd(0x8825)
    attachment = services.attachment_add(
        meeting=meeting, title="視察の写真", file=upload("IMG_7001.JPG", GPS_JPEG)
    )
    attachment.refresh_from_db()
    data = stored(attachment)
    assert_clean_upright_jpeg(data)
    assert attachment.content_type == "image/jpeg"
    assert attachment.size == len(data) and attachment.file.name.endswith("IMG_7001.jpg")
    response, served = download(client, attachment)
    assert_clean_upright_jpeg(served)
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("fmt", "stored_type"), [("PNG", "image/png"), ("WEBP", "image/jpeg")])
def test_other_images_are_re_encoded_too(fmt, stored_type):
    buffer = io.BytesIO()
    image = Image.new("RGB", (300, 200), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    image.save(buffer, fmt, exif=exif.tobytes())
    assert b"TestCam" in buffer.getvalue()
    attachment = services.attachment_add(
        meeting=MeetingFactory(),
        title="図",
        file=upload(f"figure.{fmt.lower()}", buffer.getvalue()),
    )
    assert attachment.content_type == stored_type
    assert b"TestCam" not in stored(attachment)


def test_staff_attaching_a_gps_photo_in_the_admin_get_it_stripped(client, staff):
    meeting = MeetingFactory()
    client.force_login(staff)
    response = client.post(
        "/admin/meetings/attachment/add/",
        {"meeting": meeting.pk, "title": "写真", "file": upload("IMG_7002.JPG", GPS_JPEG)},
    )
    assert response.status_code == 302
    assert_clean_upright_jpeg(stored(Attachment.objects.get()))


def test_replacing_the_file_in_the_admin_goes_through_the_same_check(client, staff):
    meeting = MeetingFactory()
    attachment = services.attachment_add(meeting=meeting, title="資料", file=upload("a.pdf", PDF))
    client.force_login(staff)
    response = client.post(
        f"/admin/meetings/attachment/{attachment.pk}/change/",
        {"meeting": meeting.pk, "title": "写真に差し替え", "file": upload("b.jpg", GPS_JPEG)},
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.content_type == "image/jpeg" and attachment.title == "写真に差し替え"
    assert_clean_upright_jpeg(stored(attachment))
    assert attachment.size == len(stored(attachment))


def test_replacing_the_file_inline_goes_through_the_same_check(client, staff):
    from tests.html_forms import form_data

    meeting = MeetingFactory()
    services.attachment_add(meeting=meeting, title="資料", file=upload("a.pdf", PDF))
    client.force_login(staff)
    url = f"/admin/meetings/meeting/{meeting.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="meeting_form")
    data["attachments-0-file"] = upload("c.jpg", GPS_JPEG)
    response = client.post(url, data)
    assert response.status_code == 302
    attachment = meeting.attachments.get()
    assert attachment.content_type == "image/jpeg"
    assert_clean_upright_jpeg(stored(attachment))


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("議事録.pdf", PDF, "application/pdf", ".pdf"),
        (
            "名簿.docx",
            office("docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
        (
            "集計",  # no extension: the content says what it is
            office("xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
        (
            "説明.pptx",
            office("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
        ),
        ("古い文書.doc", ole("WordDocument"), "application/msword", ".doc"),
        ("古い表.xls", ole("Workbook"), "application/vnd.ms-excel", ".xls"),
        ("出席者.csv", "氏名,所属\n綾瀬 太郎,綾瀬市\n".encode("cp932"), "text/csv", ".csv"),
        ("メモ.txt", "議事のメモ\n".encode(), "text/plain", ".txt"),
    ],
)
def test_documents_are_served_as_downloads_with_their_type(
    client, name, content, content_type, extension
):
    meeting = MeetingFactory(visibility="public")
    attachment = services.attachment_add(meeting=meeting, title="資料", file=upload(name, content))
    assert attachment.content_type.split(";")[0] == content_type
    assert attachment.file.name.endswith(extension)
    response, served = download(client, attachment)
    assert served == content
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_shift_jis_csv_says_its_charset():
    attachment = services.attachment_add(
        meeting=MeetingFactory(), title="名簿", file=upload("名簿.csv", "氏名\n".encode("cp932"))
    )
    assert attachment.content_type == "text/csv; charset=shift_jis"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("macro.xlsm", office("xlsx", macros=True), "マクロ"),
        ("macro.docx", office("docx", macros=True), "マクロ"),
        ("site.zip", zipfile_with({"index.html": "<script>alert(1)</script>"}), "添付できるのは"),
        ("page.txt", b"<html><script>alert(1)</script></html>", "添付できるのは"),
        ("drawing.csv", b"<svg onload=alert(1)>", "添付できるのは"),
        ("nul.txt", b"a\x00b", "添付できるのは"),
        ("binary.txt", bytes(range(256)) * 4, "添付できるのは"),
        ("script.js", b"alert(document.cookie)", "添付できるのは"),
    ],
    ids=["xlsm", "docx-with-macros", "zip", "html-as-txt", "svg-as-csv", "nul", "binary", "js"],
)
def test_anything_outside_the_allow_list_is_refused(name, content, message):
    with pytest.raises(ValidationError) as raised:
        services.attachment_add(meeting=MeetingFactory(), title="x", file=upload(name, content))
    assert message in " ".join(raised.value.messages)
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    ("stored_type", "content"),
    [
        ("text/html", b"<html><script>alert(1)</script></html>"),
        ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("application/javascript", b"alert(1)"),
        ("", b"<html></html>"),
    ],
)
def test_a_stored_file_of_a_type_outside_the_allow_list_is_never_served_inline(
    client, stored_type, content
):
    """Rows written before the checks (or by hand) are served as opaque downloads."""
    meeting = MeetingFactory(visibility="public")
    attachment = Attachment(meeting=meeting, title="古い添付", content_type=stored_type)
    attachment.file.save("page.html", ContentFile(content), save=False)
    attachment.size = len(content)
    attachment.save()
    response, _served = download(client, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_request_over_the_size_limit_is_refused_beside_the_field(client, staff, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 1_000
    meeting = MeetingFactory()
    client.force_login(staff)
    response = client.post(
        "/admin/meetings/attachment/add/",
        {"meeting": meeting.pk, "title": "大きな資料", "file": upload("a.pdf", PDF * 100)},
    )
    assert response.status_code == 200
    assert "送信したファイルが合計で大きすぎます" in response.content.decode()
    assert not Attachment.objects.exists()


# The command for what was stored before -------------------------------------------------------


def legacy_attachment(meeting, name: str, content: bytes, content_type: str) -> Attachment:
    attachment = Attachment(meeting=meeting, title=name, content_type=content_type)
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.size = len(content)
    attachment.save()
    return attachment


def test_the_command_re_encodes_stored_images_and_leaves_documents(
    client, django_capture_on_commit_callbacks
):
    from django.core.files.storage import storages

    meeting = MeetingFactory(visibility="public")
    photo = legacy_attachment(meeting, "IMG_7003.jpg", GPS_JPEG, "image/jpeg")
    pdf = legacy_attachment(meeting, "配布資料.pdf", PDF, "application/pdf")
    old_name = photo.file.name
    out = io.StringIO()
    call_command("reencode_attachments", "--dry-run", stdout=out)
    assert "1 would be re-encoded" in out.getvalue()
    photo.refresh_from_db()
    assert stored(photo) == GPS_JPEG  # a dry run changes nothing
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reencode_attachments", stdout=out)
    assert "1 re-encoded" in out.getvalue() and "1 other files" in out.getvalue()
    photo.refresh_from_db()
    pdf.refresh_from_db()
    data = stored(photo)
    assert_clean_upright_jpeg(data)
    assert photo.size == len(data) and photo.content_type == "image/jpeg"
    assert stored(pdf) == PDF
    assert not storages["private"].exists(old_name)  # the file with GPS is gone
    _response, served = download(client, photo)
    assert_clean_upright_jpeg(served)
    # Running it again finds nothing left to do.
    name = photo.file.name
    out = io.StringIO()
    call_command("reencode_attachments", stdout=out)
    photo.refresh_from_db()
    assert photo.file.name == name and stored(photo) == data
    assert "0 re-encoded, 1 images already clean" in out.getvalue()


def test_the_command_reports_an_image_it_cannot_read_and_keeps_it():
    meeting = MeetingFactory()
    broken = legacy_attachment(meeting, "broken.png", b"\x89PNG\r\n\x1a\n" + b"x" * 50, "image/png")
    out, err = io.StringIO(), io.StringIO()
    call_command("reencode_attachments", stdout=out, stderr=err)
    broken.refresh_from_db()
    assert stored(broken).startswith(b"\x89PNG")
    assert "broken.png" in err.getvalue()
