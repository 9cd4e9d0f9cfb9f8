"""Checks of what staff upload with the minutes: attachments are PDFs or photos, by content.

A file's name and the type the browser sends are whatever the sender's computer says; the
bytes decide. SVG and HTML are refused outright, since both can carry scripts.
"""

import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
ATTACHMENT_MAX_PIXELS = 50_000_000
PDF_MAGIC = b"%PDF-"
# Pillow's format → what the download says it is, and the file name's extension.
IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "MPO": ("image/jpeg", ".jpg"),  # the JPEG of many phone cameras
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}

ERROR_TOO_LARGE = _(
    "The file is larger than 20 MB. Make it smaller (for example, scan at a lower resolution) "
    "and upload it again."
)
ERROR_NOT_ALLOWED = _(
    "Only PDF files and JPEG, PNG or WebP images can be attached; this file is none of them "
    "(its content was checked, not its name)."
)
ERROR_TOO_MANY_PIXELS = _("The image has too many pixels; at most 50 million can be attached.")


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the file's own name with the extension of what it really is
    content_type: str
    size: int


def _file_name(original: str, extension: str) -> str:
    stem = PurePosixPath((original or "").replace("\\", "/")).stem.strip() or "attachment"
    return f"{stem[:80]}{extension}"


def _image_type(file: File) -> str | None:
    """Pillow's name of the image format, or None; raises for an image too large to open."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=["JPEG", "PNG", "WEBP"]) as image:
                width, height = image.size
                image_format = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(ERROR_TOO_MANY_PIXELS, code="too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        return None
    finally:
        file.seek(0)
    if width * height > ATTACHMENT_MAX_PIXELS:
        raise ValidationError(ERROR_TOO_MANY_PIXELS, code="too_many_pixels")
    return image_format


def attachment_file_check(file: File) -> CheckedFile:
    """What the file really is (PDF, JPEG, PNG, WebP), or a ValidationError for staff."""
    size = file.size
    if size is None or size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(ERROR_TOO_LARGE, code="too_large")
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head == PDF_MAGIC:
        return CheckedFile(_file_name(file.name, ".pdf"), "application/pdf", size)
    image_format = _image_type(file)
    if image_format not in IMAGE_TYPES:
        raise ValidationError(ERROR_NOT_ALLOWED, code="not_allowed")
    content_type, extension = IMAGE_TYPES[image_format]
    return CheckedFile(_file_name(file.name, extension), content_type, size)
