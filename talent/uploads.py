"""What an applicant attaches: a PDF or an image, told by its content, never by its name.

Images go through the portal's one image pipeline (``images.photos``: pixel and memory
limits, decoded, turned upright, re-encoded without EXIF or GPS) and are stored as that new
file. A PDF is kept as sent once its bytes say it is one (it starts with %PDF- and ends with
%%EOF); it is only ever served as a download, sandboxed, with its stored type.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from images.photos import ImageRejected, encode, open_upload
from images.uploads import RequestTooLarge, request_too_large_message

MAX_BYTES = 10 * 1024 * 1024
IMAGE_LONGEST = 3508  # an A4 page scanned at 300 dpi stays readable
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png"}
INLINE_TYPES = {JPEG, PNG}
ACCEPT = "application/pdf,image/jpeg,image/png,image/webp,image/heic,.pdf,.jpg,.jpeg,.png,.heic"

ERROR_TOO_LARGE = _("The file is larger than 10 MB. Scan it at a lower resolution and try again.")
ERROR_NOT_ALLOWED = _(
    "Only PDF files and images (JPEG, PNG, WebP, HEIC) can be attached; this file is none of "
    "them (its content was checked, not its name)."
)


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    size: int
    content: File


def _name(original: str, extension: str) -> str:
    stem = PurePosixPath((original or "").replace("\\", "/")).stem.strip() or "attachment"
    return f"{stem[:80]}{extension}"


def check_attachment(file: File) -> CheckedFile:
    """What to store, or a ValidationError with the message shown beside the field."""
    if isinstance(file, RequestTooLarge):
        raise ValidationError(request_too_large_message(file), code="too_large")
    if file.size is None or file.size > MAX_BYTES:
        raise ValidationError(ERROR_TOO_LARGE, code="too_large")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        file.seek(max(0, file.size - 1024))
        tail = file.read()
        file.seek(0)
        if b"%%EOF" not in tail:
            raise ValidationError(ERROR_NOT_ALLOWED, code="not_allowed")
        return CheckedFile(_name(file.name, ".pdf"), PDF, file.size, file)
    try:
        clean = open_upload(file, label=file.name or "", longest=IMAGE_LONGEST)
    except ImageRejected as error:
        if error.code == "not_an_image":
            raise ValidationError(ERROR_NOT_ALLOWED, code="not_allowed") from None
        raise ValidationError(str(error), code=error.code) from None
    try:
        if clean.source_format == "PNG":
            content, kind = encode(clean.image, "PNG"), PNG
        else:
            content, kind = encode(clean.image, "JPEG", quality=90), JPEG
    finally:
        clean.image.close()
    return CheckedFile(_name(file.name, EXTENSIONS[kind]), kind, len(content), ContentFile(content))
