"""Checking and re-encoding uploaded images: the only way an image enters the portal.

An upload is trusted for nothing: its type is read from its content (JPEG, PNG, WebP, HEIC
only; never SVG or HTML, whatever the name says), and its size, pixel count and the memory
its decoding would take are checked from the header before anything is decoded (a
decompression bomb is refused, not decoded). Then it is decoded, shrunk at once, turned
upright (EXIF orientation) and encoded again without any metadata, so that no EXIF, GPS or
embedded payload survives.

What one request may cost is bounded too: every image of an upload is checked first, the
pixels they decode together (weighted by how slowly their format decodes) are held to
``IMAGE_MAX_PIXELS_PER_REQUEST``, and they are decoded one at a time, each released before
the next (``make_masters``). The figures are in docs/benchmarks.md (bench/uploads.py).
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from core.errors import ServiceError

from .uploads import RequestTooLarge, request_too_large_message

try:  # HEIC from iPhones; pillow-heif registers itself as a Pillow plugin.
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - the dependency is declared in pyproject
    HEIF = False

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", *(("HEIF",) if HEIF else ()))

# What decoding one pixel costs, measured by bench/uploads.py (Pillow 13, pillow-heif 1.8):
# the memory a decoder holds at its peak, in bytes (Pillow keeps RGB in 4 bytes, resizing
# RGBA works on a premultiplied copy, libheif decodes into a buffer of its own, and Pillow's
# WebP decoder holds its canvas, a copy and the image), and the time, relative to a JPEG's.
DECODE_BYTES_PER_PIXEL = {"JPEG": 10, "MPO": 10, "PNG": 13, "WEBP": 20, "HEIF": 9}
DECODE_TIME_WEIGHT = {"JPEG": 1, "MPO": 1, "PNG": 3, "WEBP": 3, "HEIF": 6}

FORMAT_NAMES = {"HEIF": "HEIC", "WEBP": "WebP", "MPO": "JPEG"}

# A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT scaling: fast, sharp, and
# a fraction of the memory) when that still leaves this many pixels on its long side. Phone
# photos of 8 to 50 megapixels are decoded at 2 to 6 megapixels, most of them ready to store
# without resizing; the renditions (at most 1920 px) are made from that.
JPEG_DRAFT_LONGEST = 1600

MASTER_LONGEST = 3072

_ORIENTATION = 0x0112
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class ImageRejected(ServiceError):
    """The upload is not an image we accept; the message says why, for the person uploading.

    ``code`` says which check refused it: ``too_large`` (bytes), ``empty``, ``not_an_image``,
    ``too_many_pixels``, ``too_costly`` (memory to decode), ``request_too_large`` (the files
    of the request together) or ``request_too_many_pixels``.
    """

    def __init__(self, message, code: str = "not_an_image", *, field: str | None = None):
        super().__init__(message, field=field, code=code)


class ImageRejectedMany(ImageRejected):
    """Several uploads refused at once: ``messages`` holds one message per file."""

    def __init__(self, messages: list[str], code: str = "not_an_image"):
        super().__init__(" ".join(messages), code)
        self.messages = messages


@dataclass
class CleanImage:
    """An image decoded, turned upright and stripped, ready to be encoded."""

    image: Image.Image
    source_format: str

    @property
    def size(self):
        return self.image.size


@dataclass
class CheckedUpload:
    """An upload whose header passed every check; nothing of it is decoded yet."""

    upload: object
    name: str
    format: str
    width: int
    height: int
    scale: int  # the JPEG reduction it will be decoded at (1 for other formats)

    @property
    def decoded_pixels(self) -> int:
        """What decoding costs in time and memory: the pixels actually decoded."""
        return -(-self.width // self.scale) * -(-self.height // self.scale)


def _limit(name, default):
    return getattr(settings, name, default)


def _megapixels(pixels: int) -> int:
    return -(-pixels // 1_000_000)


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<", b"<?xml")) or b"<svg" in text or b"<html" in text


def _jpeg_scale(width: int, height: int) -> int:
    longest = max(width, height)
    for scale in (8, 4, 2):
        if longest // scale >= JPEG_DRAFT_LONGEST:
            return scale
    return 1


def check_upload(upload, *, label: str = "") -> CheckedUpload:
    """Read only the header: type by content, bytes, pixels, and the memory decoding takes.

    Raises ImageRejected with a message for the user; nothing is decoded or stored here.
    """
    name = label or getattr(upload, "name", "") or _("the file")
    if isinstance(upload, RequestTooLarge):
        raise ImageRejected(request_too_large_message(upload), "request_too_large")
    max_bytes = _limit("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
    max_pixels = _limit("IMAGE_MAX_PIXELS", 50_000_000)
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0)
        size = len(upload.read(max_bytes + 1))
    if size > max_bytes:
        raise ImageRejected(
            _("%(name)s is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {
                "name": name,
                "size": -(-size // (1024 * 1024)),
                "limit": max_bytes // (1024 * 1024),
            },
            "too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    if not head:
        raise ImageRejected(_("%(name)s is empty.") % {"name": name}, "empty")
    not_an_image = _(
        "%(name)s is not a photo we can use: upload JPEG, PNG, WebP or HEIC images "
        "(SVG, HTML and other files are refused)."
    ) % {"name": name}
    if _looks_like_markup(head):
        raise ImageRejected(not_an_image)
    bomb = _("%(name)s has too many pixels (more than %(limit)d megapixels) and was refused.") % {
        "name": name,
        "limit": max_pixels // 1_000_000,
    }
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # The header alone: the pixel count is checked before anything is decoded.
            with Image.open(upload, formats=ALLOWED_FORMATS) as probe:
                source_format = probe.format
                width, height = probe.size
                if width * height > max_pixels or width <= 0 or height <= 0:
                    raise ImageRejected(bomb, "too_many_pixels")
                probe.verify()
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(bomb, "too_many_pixels") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected(not_an_image) from None
        except Exception:  # Pillow plugins raise what they like on crafted files.
            raise ImageRejected(not_an_image) from None
        finally:
            upload.seek(0)
    scale = _jpeg_scale(width, height) if source_format in ("JPEG", "MPO") else 1
    checked = CheckedUpload(upload, name, source_format, width, height, scale)
    max_decode = _limit("IMAGE_MAX_DECODE_BYTES", 160 * 1024 * 1024)
    per_pixel = DECODE_BYTES_PER_PIXEL.get(source_format, 20)
    if checked.decoded_pixels * per_pixel > max_decode:
        raise ImageRejected(
            _(
                "%(name)s is too large to process as %(format)s (%(pixels)d megapixels; at "
                "most %(limit)d for this format). Save it as JPEG, or smaller, and upload it "
                "again."
            )
            % {
                "name": name,
                "format": FORMAT_NAMES.get(source_format, source_format),
                "pixels": _megapixels(width * height),
                "limit": max_decode // per_pixel // 1_000_000,
            },
            "too_costly",
        )
    return checked


def decode_cost(checked: CheckedUpload) -> int:
    """Pixels decoded, weighted by how slowly their format decodes."""
    return checked.decoded_pixels * DECODE_TIME_WEIGHT.get(checked.format, 6)


def check_request_pixels(checked: list[CheckedUpload]) -> None:
    """The images of one request together: decoding them is what takes a worker's time."""
    limit = _limit("IMAGE_MAX_PIXELS_PER_REQUEST", 150_000_000)
    costs = [decode_cost(c) for c in checked]
    if sum(costs) <= limit:
        return
    fit, total = 0, 0
    for cost in costs:
        total += cost
        if total > limit:
            break
        fit += 1
    raise ImageRejected(
        _(
            "These %(count)d images are too large to process in one go: add at most %(fit)d "
            "of them at a time, in two or more steps."
        )
        % {"count": len(checked), "fit": max(fit, 1)},
        "request_too_many_pixels",
    )


def decode(checked: CheckedUpload, *, longest: int) -> CleanImage:
    """Decode a checked upload straight down to at most ``longest`` px, upright, RGB, without
    metadata. Only one full-size image (and its shrunk copy) is held at any moment."""
    not_an_image = _(
        "%(name)s is not a photo we can use: upload JPEG, PNG, WebP or HEIC images "
        "(SVG, HTML and other files are refused)."
    ) % {"name": checked.name}
    upload = checked.upload
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(upload, formats=ALLOWED_FORMATS)
            if checked.scale > 1:
                image.draft(
                    "RGB", (checked.width // checked.scale, checked.height // checked.scale)
                )
            image.load()
            orientation = image.getexif().get(_ORIENTATION)
            image = _shrink(image, longest)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected(not_an_image) from None
        except Exception:  # Pillow plugins raise what they like on crafted files.
            raise ImageRejected(not_an_image) from None
    flat = _flatten(image)
    if flat is not image:
        image.close()
    if orientation in _TRANSPOSE:
        upright = flat.transpose(_TRANSPOSE[orientation])
        flat.close()
        flat = upright
    # The info dict carries EXIF, ICC, XMP and comments of the upload: none of it is kept.
    flat.info = {}
    return CleanImage(image=flat, source_format=checked.format)


def open_upload(upload, *, label: str = "", longest: int = MASTER_LONGEST) -> CleanImage:
    """Check an uploaded file and return it decoded, upright, without metadata, and at most
    ``longest`` px on its long side.

    Raises ImageRejected with a message for the user; nothing is stored by this function.
    """
    return decode(check_upload(upload, label=label), longest=longest)


def _shrink(image: Image.Image, longest: int) -> Image.Image:
    """Resize in place before anything else, so that the full-size image is freed first.

    Palette and bilevel images are widened first (resizing them would pick pixels instead
    of averaging); modes Pillow cannot resample go to RGB.
    """
    if image.mode == "1":
        image = _replace(image, image.convert("L"))
    elif image.mode in ("P", "PA"):
        alpha = image.mode == "PA" or "transparency" in image.info
        image = _replace(image, image.convert("RGBA" if alpha else "RGB"))
    elif image.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        image = _replace(image, image.convert("RGBA" if "A" in image.mode else "RGB"))
    if max(image.size) > longest:
        image.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    return image


def _replace(old: Image.Image, new: Image.Image) -> Image.Image:
    old.close()
    return new


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without transparency (over white), which JPEG and photos need, and no metadata."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = image.convert("RGB") if image.mode != "RGB" else image.copy()
    # The info dict carries EXIF, ICC, XMP and comments of the upload: none of it is kept.
    flat.info = {}
    return flat


def resized(image: Image.Image, longest: int) -> Image.Image:
    if max(image.size) <= longest:
        return image
    copy = image.copy()
    copy.thumbnail((longest, longest), Image.Resampling.LANCZOS)
    return copy


def encode(image: Image.Image, fmt: str, *, quality: int = 85, optimize: bool = True) -> bytes:
    """Encode without metadata: no exif, icc_profile or xmp argument is ever passed."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=quality, optimize=optimize, progressive=optimize)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=quality, method=4)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=optimize)
    else:  # pragma: no cover
        raise ValueError(fmt)
    return out.getvalue()


def as_file(image: Image.Image, fmt: str, name: str, *, quality: int = 85) -> ContentFile:
    return ContentFile(encode(image, fmt, quality=quality), name=name)


@dataclass
class Master:
    """The stored form of an uploaded photo: JPEG, upright, no metadata, at most 3072 px."""

    content: bytes
    width: int
    height: int
    name: str


def _master(checked: CheckedUpload) -> Master:
    clean = decode(checked, longest=MASTER_LONGEST)
    # Not optimised or progressive: the master is kept to make renditions from, which are.
    content = encode(clean.image, "JPEG", quality=90, optimize=False)
    width, height = clean.size
    clean.image.close()
    return Master(content=content, width=width, height=height, name=checked.name or "photo")


def make_master(upload, *, label: str = "") -> Master:
    return _master(check_upload(upload, label=label))


def make_masters(uploads, *, labels=None) -> list[Master]:
    """The masters of one upload of several images, or ImageRejected with every message.

    Every header is checked, and their pixels counted together, before the first image is
    decoded; then one image at a time is decoded and released. One bad file refuses them all.
    """
    labels = labels or [getattr(upload, "name", "") for upload in uploads]
    checked, errors = [], []
    for upload, label in zip(uploads, labels, strict=True):
        try:
            checked.append(check_upload(upload, label=label))
        except ImageRejected as error:
            errors.append(error)
    if errors:
        raise ImageRejectedMany([str(e) for e in errors], errors[0].code)
    try:
        check_request_pixels(checked)
    except ImageRejected as error:
        raise ImageRejectedMany([str(error)], error.code) from None
    masters = []
    for item in checked:
        try:
            masters.append(_master(item))
        except ImageRejected as error:
            raise ImageRejectedMany([str(error)], error.code) from None
    return masters


def make_renditions(master: bytes, sizes: dict[str, int], formats: dict[str, str]):
    """Yield (size, ext, bytes) for every rendition, largest first so each step shrinks."""
    with Image.open(io.BytesIO(master), formats=("JPEG",)) as source:
        source.draft("RGB", (max(sizes.values()), max(sizes.values())))
        image = _flatten(source)
    for size, longest in sorted(sizes.items(), key=lambda item: -item[1]):
        image = resized(image, longest)
        for ext, fmt in formats.items():
            yield size, ext, encode(image, fmt, quality=82)
