"""What one upload may cost a worker: bytes per request, pixels per image and per request,
and the memory decoding one image takes. A request over a limit is refused from the headers
(nothing decoded), with a message beside the field; nothing is stored and nothing typed is
lost. Time and memory are measured by bench/uploads.py, never asserted here."""

import io

import pytest
from PIL import Image

from companies.models import Photo, Post
from images.photos import ImageRejected, check_request_pixels, check_upload
from tests.companies import images, test_uploads
from tests.companies.test_uploads import create, stored_files

private_root = test_uploads.private_root  # the fixture: stored_files() is what a test added

pytestmark = pytest.mark.django_db


def png(size, mode="1") -> bytes:
    """A zero-filled PNG: a few kilobytes that claim many pixels."""
    buffer = io.BytesIO()
    Image.new(mode, size, 0).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def webp(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 90, 60)).save(buffer, "WEBP", quality=80)
    return buffer.getvalue()


def assert_refused(response, message):
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body, body[:2000]
    assert "今日の現場" in body  # what was typed is still on the page
    assert not Post.objects.exists() and not Photo.objects.exists()
    assert stored_files() == []


def test_the_attack_twenty_zero_filled_huge_pngs_is_refused(client, editor, company, private_root):
    """The finding: 20 zero-filled PNGs of almost 50 megapixels, a few kB each."""
    client.force_login(editor)
    content = png((7000, 7000))
    assert len(content) < 100_000
    files = [images.upload(f"zero{i}.png", content, "image/png") for i in range(20)]
    response = create(client, company, files)
    assert_refused(response, "PNGとして処理するには大きすぎます")


def test_images_that_are_too_many_pixels_together_are_refused(
    client, editor, company, private_root
):
    client.force_login(editor)
    content = png((4000, 3000), mode="L")  # 12 megapixels, under every per-image limit
    files = [images.upload(f"screen{i}.png", content, "image/png") for i in range(20)]
    response = create(client, company, files)
    assert_refused(response, "一度に処理するには大きすぎます")
    # A PNG counts three times (it decodes slower than a JPEG): 4 × 36 of the 150 fit.
    assert "一度に追加できるのは4枚まで" in response.content.decode()


def test_the_per_request_limit_is_a_setting(client, editor, company, private_root, settings):
    settings.IMAGE_MAX_PIXELS_PER_REQUEST = 1_000_000
    client.force_login(editor)
    files = [images.photo_upload(f"p{i}.jpg", size=(640, 480)) for i in range(4)]
    response = create(client, company, files)
    assert_refused(response, "一度に処理するには大きすぎます")
    assert "一度に追加できるのは3枚まで" in response.content.decode()
    settings.IMAGE_MAX_PIXELS_PER_REQUEST = 2_000_000
    files = [images.photo_upload(f"p{i}.jpg", size=(640, 480)) for i in range(4)]
    assert create(client, company, files).status_code == 302
    assert Photo.objects.count() == 4


def test_twenty_phone_photos_pass_the_checks():
    """20 photos of the usual phone sizes are within the limits (headers only: no decoding)."""
    for size in [(3264, 2448), (4032, 3024), (4080, 3072), (5712, 4284), (8160, 6120)]:
        content = jpeg(size)
        checked = [check_upload(images.upload(f"IMG_{i}.jpg", content)) for i in range(20)]
        check_request_pixels(checked)


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kind"),
    [
        ("screen.png", lambda: png((5000, 5000), mode="L"), "image/png", "PNG"),
        ("photo.webp", lambda: webp((4000, 4000)), "image/webp", "WebP"),
    ],
)
def test_an_image_whose_decoding_takes_too_much_memory_is_refused(
    client, editor, company, private_root, name, content, content_type, kind
):
    client.force_login(editor)
    response = create(client, company, [images.upload(name, content(), content_type)])
    assert_refused(response, f"{kind}として処理するには大きすぎます")
    assert "JPEG" in response.content.decode()  # the way out


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_and_accepted():
    checked = check_upload(images.upload("big.jpg", jpeg((7000, 7000))))
    assert checked.scale == 4 and checked.decoded_pixels == 1750 * 1750


def test_an_image_over_50_megapixels_is_refused():
    with pytest.raises(ImageRejected, match="50"):
        check_upload(images.upload("huge.png", png((7500, 7500)), "image/png"))


def test_a_request_over_the_size_limit_stores_nothing(
    client, editor, company, private_root, settings
):
    settings.UPLOAD_MAX_REQUEST_BYTES = 150_000
    client.force_login(editor)
    noisy = Image.effect_noise((400, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=95)
    assert 40_000 < len(buffer.getvalue()) < 150_000
    files = [images.upload(f"p{i}.jpg", buffer.getvalue()) for i in range(4)]
    response = create(client, company, files)
    assert_refused(response, "送信したファイルが合計で大きすぎます")


def test_a_logo_in_a_request_over_the_size_limit_is_refused(client, owner, company, settings):
    from tests.companies.test_profile_and_members import profile_data

    settings.UPLOAD_MAX_REQUEST_BYTES = 1_000
    client.force_login(owner)
    data = profile_data()
    data["logo_upload"] = images.photo_upload("logo.jpg", size=(400, 400))
    response = client.post(f"/companies/{company.slug}/edit/", data)
    assert response.status_code == 400
    assert "送信したファイルが合計で大きすぎます" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


# The admin's logo goes through the same pipeline -------------------------------------------


def test_a_logo_uploaded_in_the_admin_is_re_encoded_without_gps(client, staff, company):
    from tests.html_forms import form_data

    client.force_login(staff)
    url = f"/admin/companies/company/{company.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="company_form")
    data["logo_upload"] = images.upload("logo.jpg", images.jpeg_bytes(gps=True, orientation=6))
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    company.refresh_from_db()
    with company.logo.open("rb") as handle:
        stored = handle.read()
    assert b"TestCam" not in stored and b"GPS" not in stored and b"Exif" not in stored
    logo = Image.open(io.BytesIO(stored))
    assert logo.format == "PNG" and logo.height > logo.width  # upright
    assert not logo.getexif()


def test_an_svg_logo_is_refused_in_the_admin(client, staff, company):
    from tests.html_forms import form_data

    client.force_login(staff)
    url = f"/admin/companies/company/{company.pk}/change/"
    data = form_data(client.get(url).content.decode(), form_id="company_form")
    data["logo_upload"] = images.upload("logo.svg", images.SVG, "image/svg+xml")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "使える写真ではありません" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo
