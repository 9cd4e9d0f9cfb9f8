"""A programme's photo goes through the portal's one image check (images.photos), from the
company staff's form and from the admin: nothing of the upload's metadata is stored."""

import io
import os

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from openfactory.models import Programme
from tests.companies import images
from tests.conftest import ADMIN
from tests.openfactory.factories import ExhibitorFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def stored_files() -> list[str]:
    root = settings.MEDIA_ROOT
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.relpath(os.path.join(folder, f), root) for f in files]
    return sorted(found)


def programme_data(**overrides) -> dict:
    data = {
        "kind": "workshop",
        "title": "写真つきの体験",
        "description": "",
        "age_min": "",
        "age_max": "",
        "duration_minutes": "",
        "fee": "0",
        "admission": "reservation",
        "allocation": "first_come",
        "lottery_closes_at": "",
        "max_party_size": "4",
        "photo_alt": "刻印の様子",
    }
    data.update(overrides)
    return data


def assert_clean_upright(name: str, *, longest: int) -> Image.Image:
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    assert b"TestCam" not in data and b"secret-software" not in data
    assert b"Exif" not in data and b"GPS" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert not image.getexif() and "exif" not in image.info
    assert max(image.size) <= longest
    return image


@pytest.fixture
def exhibitor(company):
    return ExhibitorFactory(company=company)


def test_a_phone_photo_is_stored_without_gps_upright_and_resized(
    client, editor, exhibitor, django_capture_on_commit_callbacks
):
    original = images.jpeg_bytes(size=(3200, 1600), gps=True, orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # GPS is there
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/openfactory/manage/{exhibitor.pk}/programmes/new/",
            {**programme_data(), "photo_upload": images.upload("IMG_0001.jpg", original)},
        )
    assert response.status_code == 302
    programme = Programme.objects.get(title="写真つきの体験")
    assert programme.photo.name.startswith("openfactory/programmes/")
    assert programme.photo.name.endswith(".jpg") and "IMG_0001" not in programme.photo.name
    image = assert_clean_upright(programme.photo.name, longest=1600)
    # Orientation 6 (turned 90°): stored upright, portrait, the dark band now on top.
    assert image.size == (800, 1600)
    assert image.convert("L").getpixel((image.width // 2, 2)) < 60
    assert stored_files() == [programme.photo.name]
    page = client.get(programme.get_absolute_url()).content.decode()
    assert programme.photo.url in page and 'alt="刻印の様子"' in page


ATTACKS = [
    ("text.jpg", images.TEXT, "image/jpeg", "使える写真ではありません"),
    ("drawing.svg", images.SVG, "image/svg+xml", "使える写真ではありません"),
    ("image.jpg", images.SVG, "image/jpeg", "使える写真ではありません"),
    ("page.html", images.HTML, "text/html", "使える写真ではありません"),
    ("page.png", images.HTML, "image/png", "使える写真ではありません"),
    ("bomb.png", None, "image/png", "画素数が多すぎる"),
]


@pytest.mark.parametrize(("name", "content", "content_type", "message"), ATTACKS)
def test_attacks_on_the_staff_form_are_refused_and_nothing_is_stored(
    client, editor, exhibitor, name, content, content_type, message
):
    content = images.bomb_bytes() if content is None else content
    client.force_login(editor)
    response = client.post(
        f"/openfactory/manage/{exhibitor.pk}/programmes/new/",
        {**programme_data(), "photo_upload": images.upload(name, content, content_type)},
    )
    assert response.status_code == 400
    errors = " ".join(response.context["form"].errors["photo_upload"])
    assert message in errors and name in errors
    body = response.content.decode()
    assert message in body and "写真つきの体験" in body  # what was typed is kept
    assert not Programme.objects.filter(title="写真つきの体験").exists()
    assert stored_files() == []


def test_an_oversized_file_is_refused(client, editor, exhibitor, settings):
    settings.IMAGE_MAX_BYTES = 20_000
    client.force_login(editor)
    big = images.upload("big.jpg", images.jpeg_bytes(size=(1600, 1200)) + b"\0" * 30_000)
    response = client.post(
        f"/openfactory/manage/{exhibitor.pk}/programmes/new/",
        {**programme_data(), "photo_upload": big},
    )
    assert response.status_code == 400
    assert "大きすぎます" in response.content.decode()
    assert stored_files() == []


def test_replacing_and_removing_a_photo_deletes_the_old_file(
    client, owner, exhibitor, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(exhibitor=exhibitor)
    client.force_login(owner)
    url = f"/openfactory/manage/programmes/{programme.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**programme_data(), "photo_upload": images.photo_upload("a.jpg")})
    programme.refresh_from_db()
    first = programme.photo.name
    assert stored_files() == [first]
    # An attack on the edit page keeps the photo there is.
    response = client.post(
        url, {**programme_data(), "photo_upload": images.upload("evil.jpg", images.SVG)}
    )
    assert response.status_code == 400
    programme.refresh_from_db()
    assert programme.photo.name == first and stored_files() == [first]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**programme_data(), "photo_upload": images.photo_upload("b.png")})
    programme.refresh_from_db()
    assert programme.photo.name != first and stored_files() == [programme.photo.name]
    assert_clean_upright(programme.photo.name, longest=1600)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**programme_data(), "remove_photo": "on"})
    programme.refresh_from_db()
    assert not programme.photo and stored_files() == []


def admin_data(programme, **overrides) -> dict:
    data = {
        **programme_data(title=programme.title),
        "exhibitor": programme.exhibitor_id,
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_the_admin_strips_gps_too(client, staff, django_capture_on_commit_callbacks):
    programme = ProgrammeFactory()
    client.force_login(staff)
    original = images.jpeg_bytes(size=(900, 600), gps=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{ADMIN}openfactory/programme/{programme.pk}/change/",
            admin_data(programme, photo_upload=images.upload("gps.jpg", original)),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    image = assert_clean_upright(programme.photo.name, longest=1600)
    assert image.size == (900, 600)


@pytest.mark.parametrize(("name", "content", "content_type", "message"), ATTACKS[:4])
def test_the_admin_refuses_what_is_not_a_photo(client, staff, name, content, content_type, message):
    programme = ProgrammeFactory()
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/programme/{programme.pk}/change/",
        admin_data(programme, photo_upload=images.upload(name, content, content_type)),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    programme.refresh_from_db()
    assert not programme.photo and stored_files() == []
