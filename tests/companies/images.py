"""Images made by the tests themselves with Pillow: photos, a GPS-tagged photo, attacks."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(size=(640, 480), color=(200, 80, 40), *, gps=False, orientation=None) -> bytes:
    image = Image.new("RGB", size, color)
    # Something to see: a darker band on the left, so that orientation can be checked.
    image.paste((20, 20, 20), (0, 0, size[0] // 4, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0131] = "secret-software"  # Software
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {
            1: "N",
            2: (35.0, 26.0, 12.34),
            3: "E",
            4: (139.0, 25.0, 45.67),
        }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=90)
    return buffer.getvalue()


def image_bytes(fmt="PNG", size=(320, 240), color=(30, 120, 200), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def photo_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return upload(name, jpeg_bytes(**kwargs))


def bomb_bytes() -> bytes:
    """A small PNG that claims 144 megapixels: refused from its header, never decoded."""
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000), 0).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
TEXT = b"This is not a photo at all, only text with a .jpg name.\n" * 10
