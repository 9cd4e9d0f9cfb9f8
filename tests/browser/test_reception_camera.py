"""Reception reads a visitor's QR code with the phone's camera.

Chromium's fake camera plays a video made here of the QR code from the confirmation mail,
so that the page's scanner (jsQR on browsers without BarcodeDetector, as on this Linux
Chromium and on iPhones) decodes real camera frames.
"""

import pytest
from PIL import Image
from playwright.sync_api import expect

from openfactory import qr
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.browser.test_openfactory import reception_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_y4m(image: Image.Image, path, frames: int = 15) -> None:
    """A still picture as a Y4M video (4:2:0), the format Chromium's fake camera plays."""
    image = image.convert("RGB").resize((640, 480))
    y, cb, cr = image.convert("YCbCr").split()
    half = (image.width // 2, image.height // 2)
    frame = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with open(path, "wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            video.write(b"FRAME\n" + frame)


def qr_picture(code: str) -> Image.Image:
    import io

    code_image = Image.open(io.BytesIO(qr.qr_png(code))).convert("RGB")
    canvas = Image.new("RGB", (640, 480), "white")
    code_image.thumbnail((400, 400))
    canvas.paste(code_image, ((640 - code_image.width) // 2, (480 - code_image.height) // 2))
    return canvas


def test_reception_checks_a_visitor_in_by_the_camera(
    live_server, playwright, client, tmp_path, screenshot
):
    reservation, _company, session = reception_setup(client)
    video = tmp_path / "qr.y4m"
    write_y4m(qr_picture(reservation.code), video)
    camera = [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    # The fake camera is a flag of the browser's launch: a Chromium of this test's own, from
    # the session's Playwright.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS + camera
    )
    try:
        context = browser.new_context(locale="ja-JP", permissions=["camera"], **PHONE)
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        page.goto(
            live_server.url + f"/openfactory/reception/{reservation.slot.programme.exhibitor.pk}/"
        )
        expect(page.locator("#area-day-visits")).to_have_text("0")
        scan = page.locator("[data-scan-start]")
        expect(scan).to_be_visible()
        scan.click()
        expect(
            page.get_by_text(f"受付しました: 綾瀬 太郎 様(3人)、{reservation.code}")
        ).to_be_visible(timeout=15000)
        expect(page.locator("#area-day-visits")).to_have_text("3")
        screenshot(page, "scanned")
    finally:
        browser.close()
    reservation.refresh_from_db()
    assert reservation.status == "attended"
