"""Checks of what staff attach to the minutes: what a file is, told by its content.

A file's name and the type the browser sends are whatever the sender's computer says; the
bytes decide, against an allow-list of the documents the committee uses: PDF, Word, Excel and
PowerPoint (and their OpenDocument kin), CSV and plain text, and images. Images go through the
portal's one image pipeline (``images.photos``: pixel and memory limits, decoded, turned
upright, re-encoded without EXIF or GPS) and are stored as that new file, never as sent. SVG,
HTML, scripts, archives and documents with macros are refused. The download view serves
every type but images as a download, with the stored type (``meetings.views``).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from images.photos import ImageRejected, encode, open_upload
from images.uploads import RequestTooLarge, request_too_large_message

ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Images are kept large enough to read a scanned A4 page at 300 dpi.
ATTACHMENT_IMAGE_LONGEST = 3508

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
CSV = "text/csv"
TEXT = "text/plain"
JPEG = "image/jpeg"
PNG = "image/png"

# Every type an attachment may be stored and served as, with its file name's extension.
ALLOWED_TYPES = {
    PDF: ".pdf",
    DOCX: ".docx",
    XLSX: ".xlsx",
    PPTX: ".pptx",
    DOC: ".doc",
    XLS: ".xls",
    PPT: ".ppt",
    ODT: ".odt",
    ODS: ".ods",
    ODP: ".odp",
    CSV: ".csv",
    TEXT: ".txt",
    JPEG: ".jpg",
    PNG: ".png",
}
# Served in the page (the browser shows them); everything else is a download.
INLINE_TYPES = {JPEG, PNG}

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_MAGICS = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")
# The part that names an Office Open XML document's kind, and the streams of the old formats.
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_TYPES = {ODT: ODT, ODS: ODS, ODP: ODP}
OLE_STREAMS = [
    ("WordDocument", DOC),
    ("PowerPoint Document", PPT),
    ("Workbook", XLS),
    ("Book", XLS),  # Excel 5/95
]
# A VBA project holds this stream, in Word, Excel and PowerPoint alike.
OLE_MACRO_STREAM = "_VBA_PROJECT"
TEXT_EXTENSIONS = {".csv": CSV, ".txt": TEXT}

ERROR_TOO_LARGE = _(
    "The file is larger than 20 MB. Make it smaller (for example, scan at a lower resolution) "
    "and upload it again."
)
ERROR_NOT_ALLOWED = _(
    "Only PDF, Word, Excel and PowerPoint files (or OpenDocument), CSV and text files (.csv, "
    ".txt) and JPEG, PNG, WebP or HEIC images can be attached; this file is none of them (its "
    "content was checked, not its name)."
)
ERROR_MACROS = _(
    "Documents with macros cannot be attached. Save it without macros (as .docx, .xlsx or "
    ".pptx) and upload it again."
)


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the file's own name with the extension of what it really is
    content_type: str  # from ALLOWED_TYPES, with a charset for text
    size: int
    content: File  # what is stored: the upload itself, or the re-encoded image


def base_type(content_type: str) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _file_name(original: str, extension: str) -> str:
    stem = PurePosixPath((original or "").replace("\\", "/")).stem.strip() or "attachment"
    return f"{stem[:80]}{extension}"


def _image(file: File) -> tuple[bytes, str]:
    """The image re-encoded by the portal's pipeline: PNG stays PNG (diagrams, scans of text),
    photos become JPEG."""
    try:
        clean = open_upload(file, label=file.name, longest=ATTACHMENT_IMAGE_LONGEST)
    except ImageRejected as error:
        code = "not_allowed" if error.code == "not_an_image" else error.code
        raise ValidationError(
            ERROR_NOT_ALLOWED if code == "not_allowed" else str(error), code=code
        ) from None
    try:
        if clean.source_format == "PNG":
            return encode(clean.image, "PNG"), PNG
        return encode(clean.image, "JPEG", quality=90), JPEG
    finally:
        clean.image.close()


def _office_open_xml(file: File) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            lowered = {name.lower() for name in names}
            if any(n.endswith("vbaproject.bin") or n.startswith("basic/") for n in lowered):
                raise ValidationError(ERROR_MACROS, code="macros")
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    finally:
        file.seek(0)
    return None


def _ole_document(data: bytes) -> str | None:
    """Word, Excel and PowerPoint 97–2003: the compound file names its streams in UTF-16."""
    if OLE_MACRO_STREAM.encode("utf-16-le") in data:
        raise ValidationError(ERROR_MACROS, code="macros")
    return next((kind for name, kind in OLE_STREAMS if name.encode("utf-16-le") in data), None)


def _text_charset(data: bytes) -> str | None:
    """UTF-8 or Shift_JIS text (what Excel writes for a CSV in Japan), without NUL bytes,
    control characters or markup; None for anything else."""
    if b"\x00" in data:
        return None
    for encoding, charset in (("utf-8-sig", "utf-8"), ("cp932", "shift_jis")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
            return None
        head = text.lstrip().lower()
        if head.startswith("<") or any(tag in text.lower() for tag in ("<script", "<svg", "<html")):
            return None
        return charset
    return None


def attachment_file_check(file: File) -> CheckedFile:
    """What the file really is and what to store, or a ValidationError for staff."""
    if isinstance(file, RequestTooLarge):
        raise ValidationError(request_too_large_message(file), code="too_large")
    size = file.size
    if size is None or size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(ERROR_TOO_LARGE, code="too_large")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    name = file.name or ""
    if head.startswith(PDF_MAGIC):
        return CheckedFile(_file_name(name, ".pdf"), PDF, size, file)
    if head.startswith(IMAGE_MAGICS) or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        content, content_type = _image(file)
        return CheckedFile(
            _file_name(name, ALLOWED_TYPES[content_type]),
            content_type,
            len(content),
            ContentFile(content),
        )
    kind = None
    if head.startswith(ZIP_MAGIC):
        kind = _office_open_xml(file)
    elif head.startswith(OLE_MAGIC):
        kind = _ole_document(file.read())
        file.seek(0)
    else:
        text_type = TEXT_EXTENSIONS.get(PurePosixPath(name.lower()).suffix)
        charset = _text_charset(file.read()) if text_type else None
        file.seek(0)
        if charset:
            return CheckedFile(
                _file_name(name, ALLOWED_TYPES[text_type]),
                f"{text_type}; charset={charset}",
                size,
                file,
            )
    if kind is None:
        raise ValidationError(ERROR_NOT_ALLOWED, code="not_allowed")
    return CheckedFile(_file_name(name, ALLOWED_TYPES[kind]), kind, size, file)


def served_type(content_type: str) -> tuple[str, bool]:
    """The type a stored attachment is served as, and whether the browser may show it inline:
    anything outside the allow-list (rows stored before these checks) is an opaque download."""
    if base_type(content_type) not in ALLOWED_TYPES:
        return "application/octet-stream", False
    return content_type, base_type(content_type) in INLINE_TYPES
