"""Checking and re-encoding uploaded images: the only way an image enters the portal.

An upload is trusted for nothing: its type is read from its content (JPEG, PNG, WebP, HEIC
only; never SVG or HTML, whatever the name says), its size and pixel count are checked before
it is decoded (a decompression bomb is refused, not decoded), then it is decoded, turned
upright (EXIF orientation), and encoded again without any metadata, so that no EXIF, GPS or
embedded payload survives.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # HEIC from iPhones; pillow-heif registers itself as a Pillow plugin.
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIF = True
except ImportError:  # pragma: no cover - the dependency is declared in pyproject
    HEIF = False

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", *(("HEIF",) if HEIF else ()))


class ImageRejected(Exception):
    """The upload is not an image we accept; the message says why, for the person uploading."""


@dataclass
class CleanImage:
    """An image decoded, turned upright and stripped, ready to be encoded."""

    image: Image.Image
    source_format: str

    @property
    def size(self):
        return self.image.size


def _limit(name, default):
    return getattr(settings, name, default)


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<", b"<?xml")) or b"<svg" in text or b"<html" in text


def open_upload(upload, *, label: str = "") -> CleanImage:
    """Check an uploaded file and return it decoded, upright and without metadata.

    Raises ImageRejected with a message for the user; nothing is stored by this function.
    """
    name = label or getattr(upload, "name", "") or _("the file")
    max_bytes = _limit("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
    max_pixels = _limit("IMAGE_MAX_PIXELS", 50_000_000)
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            _("%(name)s is too large (%(size)d MB); the limit is %(limit)d MB.")
            % {"name": name, "size": -(-size // (1024 * 1024)), "limit": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            _("%(name)s is too large; the limit is %(limit)d MB.")
            % {"name": name, "limit": max_bytes // (1024 * 1024)}
        )
    if not data:
        raise ImageRejected(_("%(name)s is empty.") % {"name": name})
    not_an_image = _(
        "%(name)s is not a photo we can use: upload JPEG, PNG, WebP or HEIC images "
        "(SVG, HTML and other files are refused)."
    ) % {"name": name}
    if _looks_like_markup(data[:1024]):
        raise ImageRejected(not_an_image)
    bomb = _("%(name)s has too many pixels (more than %(limit)d megapixels) and was refused.") % {
        "name": name,
        "limit": max_pixels // 1_000_000,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # The header is read first: the pixel count is checked before anything is decoded.
            with Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS) as probe:
                source_format = probe.format
                width, height = probe.size
                if width * height > max_pixels or width <= 0 or height <= 0:
                    raise ImageRejected(bomb)
                probe.verify()
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            image.load()
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRejected(bomb) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise ImageRejected(not_an_image) from None
        except Exception:  # Pillow plugins raise what they like on crafted files.
            raise ImageRejected(not_an_image) from None
    image = ImageOps.exif_transpose(image)
    return CleanImage(image=_flatten(image), source_format=source_format)


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


def encode(image: Image.Image, fmt: str, *, quality: int = 85) -> bytes:
    """Encode without metadata: no exif, icc_profile or xmp argument is ever passed."""
    out = io.BytesIO()
    if fmt == "JPEG":
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(out, "WEBP", quality=quality, method=4)
    elif fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:  # pragma: no cover
        raise ValueError(fmt)
    return out.getvalue()


def as_file(image: Image.Image, fmt: str, name: str, *, quality: int = 85) -> ContentFile:
    return ContentFile(encode(image, fmt, quality=quality), name=name)


MASTER_LONGEST = 3072


@dataclass
class Master:
    """The stored form of an uploaded photo: JPEG, upright, no metadata, at most 3072 px."""

    content: bytes
    width: int
    height: int
    name: str


def make_master(upload, *, label: str = "") -> Master:
    clean = open_upload(upload, label=label)
    image = resized(clean.image, MASTER_LONGEST)
    if image is not clean.image:
        clean.image.close()
    content = encode(image, "JPEG", quality=90)
    width, height = image.size
    image.close()
    return Master(content=content, width=width, height=height, name=label or "photo")


def make_renditions(master: bytes, sizes: dict[str, int], formats: dict[str, str]):
    """Yield (size, ext, bytes) for every rendition, largest first so each step shrinks."""
    with Image.open(io.BytesIO(master), formats=("JPEG",)) as source:
        source.draft("RGB", (max(sizes.values()), max(sizes.values())))
        image = _flatten(source)
    for size, longest in sorted(sizes.items(), key=lambda item: -item[1]):
        image = resized(image, longest)
        for ext, fmt in formats.items():
            yield size, ext, encode(image, fmt, quality=82)
