"""Uploads from a phone: what is refused (with a clear message, nothing stored) and what is
kept of an accepted photo (no EXIF, no GPS, upright, re-encoded)."""

import io
import os

import pytest
from django.core.files.storage import storages
from PIL import Image

from companies.models import Photo, Post
from tests.companies import images
from tests.companies.factories import PostFactory, add_photos

pytestmark = pytest.mark.django_db


STORAGE = Photo._meta.get_field("master").storage


def all_files():
    found = set()
    for folder, _dirs, files in os.walk(STORAGE.location):
        found |= {os.path.join(folder, f) for f in files}
    return found


@pytest.fixture
def private_root():
    """The private storage's files before the test; stored_files() gives what it added."""
    global BEFORE
    BEFORE = all_files()
    return STORAGE


BEFORE: set = set()


def stored_files():
    return sorted(all_files() - BEFORE)


def create(client, company, files, op="save", **data):
    return client.post(
        f"/companies/{company.slug}/posts/new/",
        {
            "title": "",
            "body": "今日の現場",
            "body_format": "plain",
            "category": "newsletter",
            "tags": "",
            "publish_at": "",
            "photos": files,
            "op": op,
            **data,
        },
    )


ATTACKS = [
    ("text.jpg", images.TEXT, "image/jpeg", "使える写真ではありません"),
    ("bomb.png", None, "image/png", "画素数が多すぎる"),
    ("drawing.svg", images.SVG, "image/svg+xml", "使える写真ではありません"),
    ("image.jpg", images.SVG, "image/jpeg", "使える写真ではありません"),
    ("page.html", images.HTML, "text/html", "使える写真ではありません"),
    ("page.png", images.HTML, "image/png", "使える写真ではありません"),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), ATTACKS)
def test_attacks_are_refused_with_a_message_and_nothing_is_stored(
    client, editor, company, private_root, name, content, content_type, message
):
    content = images.bomb_bytes() if content is None else content
    client.force_login(editor)
    files = [images.photo_upload("good.jpg"), images.upload(name, content, content_type)]
    response = create(client, company, files)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body and name in body
    assert "今日の現場" in body  # what was typed is not lost
    assert not Post.objects.exists() and not Photo.objects.exists()
    assert stored_files() == []


def test_an_oversized_file_is_refused(client, editor, company, private_root, settings):
    settings.IMAGE_MAX_BYTES = 20_000
    client.force_login(editor)
    big = images.upload("big.jpg", images.jpeg_bytes(size=(1600, 1200)) + b"\0" * 30_000)
    response = create(client, company, [big])
    assert response.status_code == 400
    assert "大きすぎます" in response.content.decode()
    assert not Photo.objects.exists() and stored_files() == []


def test_an_attack_on_the_edit_page_stores_nothing(client, editor, company, private_root):
    post = PostFactory(company=company, status="draft")
    add_photos(post, 1)
    before = sorted(stored_files())
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/{post.pk}/edit/",
        {
            "body": "x",
            "body_format": "plain",
            "category": "newsletter",
            "photos": [images.upload("evil.jpg", images.SVG)],
            "op": "save",
        },
    )
    assert response.status_code == 400
    assert "使える写真ではありません" in response.content.decode()
    assert post.photos.count() == 1
    assert sorted(stored_files()) == before


def test_more_than_twenty_photos_are_refused(client, editor, company, private_root):
    post = PostFactory(company=company, status="draft")
    add_photos(post, 19, renditions=False)
    client.force_login(editor)
    response = client.post(
        f"/companies/{company.slug}/posts/{post.pk}/edit/",
        {
            "body": "x",
            "body_format": "plain",
            "category": "newsletter",
            "photos": [images.photo_upload("a.jpg"), images.photo_upload("b.jpg")],
            "op": "save",
        },
        follow=True,
    )
    assert "最大20枚" in response.content.decode()
    assert post.photos.count() == 19


def test_renditions_carry_no_exif_or_gps_and_are_upright(
    client, editor, company, private_root, django_capture_on_commit_callbacks
):
    original = images.jpeg_bytes(size=(600, 300), gps=True, orientation=6)
    assert b"TestCam" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = create(client, company, [images.upload("gps.jpg", original)], op="publish")
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.renditions_at is not None
    storage = photo.master.storage
    assert storage.location == storages["private"].location  # never the public media
    names = [photo.master.name] + [
        photo.rendition_name(size, ext) for size in Photo.SIZES for ext in Photo.FORMATS
    ]
    assert len(names) == 7
    for name in names:
        with storage.open(name, "rb") as handle:
            data = handle.read()
        assert b"TestCam" not in data and b"secret-software" not in data
        assert b"Exif" not in data and b"GPS" not in data
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and "exif" not in image.info
        # Orientation 6 (turned 90°): stored upright, portrait, the dark band now on top.
        assert image.height > image.width
        assert image.convert("L").getpixel((image.width // 2, 2)) < 60
    # The rendition the public gets through the view is one of these files.
    served = client.get(photo.rendition_url("card", "webp"))
    assert served["Content-Type"] == "image/webp"
    assert b"Exif" not in b"".join(served.streaming_content)


def test_png_webp_and_transparency_are_accepted_and_re_encoded(
    client, editor, company, private_root
):
    client.force_login(editor)
    files = [
        images.upload("a.png", images.image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))),
        images.upload("b.webp", images.image_bytes("WEBP"), "image/webp"),
    ]
    assert create(client, company, files).status_code == 302
    for photo in Photo.objects.all():
        with photo.master.open("rb") as handle:
            image = Image.open(handle)
            assert image.format == "JPEG" and image.mode == "RGB"
            if photo.order == 0:  # transparent becomes white, not black
                assert image.getpixel((5, 5)) == (255, 255, 255)


def test_heic_from_an_iphone_is_accepted(client, editor, company, private_root):
    pillow_heif = pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    try:
        pillow_heif.from_pillow(Image.new("RGB", (320, 240), (90, 160, 60))).save(
            buffer, quality=80
        )
    except Exception as error:  # an encoder-less libheif build
        pytest.skip(f"no HEIC encoder here: {error}")
    client.force_login(editor)
    response = create(
        client, company, [images.upload("IMG_0001.HEIC", buffer.getvalue(), "image/heic")]
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (320, 240)
