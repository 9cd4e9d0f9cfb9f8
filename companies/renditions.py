"""Making a photo's renditions: the work of the ``make_photo_renditions`` task.

Apart from ``services`` so that the task (which ``services`` queues) imports the work it runs
without an import cycle.
"""

from django.core.files.base import ContentFile
from django.utils import timezone

from core.page_cache import pages_changed
from images.photos import make_renditions

from .models import Photo


def photo_renditions_make(*, photo_id: int) -> bool:
    """Make every rendition of a photo from its master; running it again remakes the same
    files (idempotent). False when the photo is gone (deleted before the task ran)."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return False
    storage = photo.master.storage
    with storage.open(photo.master.name, "rb") as handle:
        master = handle.read()
    for size, ext, content in make_renditions(master, Photo.SIZES, Photo.FORMATS):
        name = photo.rendition_name(size, ext)
        if storage.exists(name):
            storage.delete(name)
        storage.save(name, ContentFile(content))
    Photo.objects.filter(pk=photo.pk).update(renditions_at=timezone.now())
    pages_changed()  # the posts' pages now show the renditions
    return True
