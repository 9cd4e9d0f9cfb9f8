"""Re-encode the images attached to minutes before attachments went through the image
pipeline: such a file is served as it was sent, with its camera's EXIF and GPS position."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from meetings import services
from meetings.models import Attachment
from meetings.validators import IMAGE_MAGICS, attachment_file_check

# What Pillow reports of a JPEG or PNG the portal wrote itself: no EXIF, XMP, ICC, comment
# or text chunk, which is what a camera or an editor leaves.
WRITTEN_BY_US = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive"}


def needs_reencoding(handle) -> bool:
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    if not (head.startswith(IMAGE_MAGICS) or head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1")):
        return False
    with Image.open(handle) as image:
        extra = set(image.info) - WRITTEN_BY_US - {"progression"}
        return image.format not in ("JPEG", "PNG") or bool(extra) or bool(image.getexif())


class Command(BaseCommand):
    help = (
        "Re-encode the images attached to minutes (EXIF and GPS removed, turned upright), as "
        "every image attached today is; documents are left as they are. Running it again "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count what would change; change nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        done = clean = other = failed = 0
        for attachment in Attachment.objects.order_by("pk").iterator():
            name = attachment.file.name
            try:
                with attachment.file.open("rb") as handle:
                    if not needs_reencoding(handle):
                        image = attachment.content_type.startswith("image/")
                        clean, other = clean + image, other + (not image)
                        continue
                    if dry_run:
                        done += 1
                        continue
                    checked = attachment_file_check(File(handle, name=name))
                    with transaction.atomic():
                        services.attachment_update(
                            attachment=attachment, title=attachment.title, checked=checked
                        )
                    done += 1
            except (OSError, UnidentifiedImageError, ValidationError, SyntaxError, ValueError) as e:
                failed += 1
                message = "; ".join(e.messages) if isinstance(e, ValidationError) else str(e)
                self.stderr.write(
                    f"{name} (attachment {attachment.pk}) was kept as it is: {message}"
                )
        verb = "would be re-encoded" if dry_run else "re-encoded"
        self.stdout.write(
            f"{done} {verb}, {clean} images already clean, {other} other files, "
            f"{failed} could not be read"
        )
