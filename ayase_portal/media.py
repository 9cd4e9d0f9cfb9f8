"""Public uploads (company logos, programme photos) served by the portal itself.

Django serves ``/media/`` only with DEBUG on; in production the files were 404. This view
streams them from ``storages["default"]`` through the storage API, so that it works the same
on the disk and on an S3-compatible store. whitenoise does not fit: it indexes a folder when
the process starts, so it would miss what is uploaded later, and it cannot read object storage.
Where nginx (or a CDN) serves ``MEDIA_ROOT`` directly, this view is simply never reached.

Only what the storage holds under a plain relative name is served: no ``..``, no absolute or
backslashed paths, no hidden files. Images are sent with their type; anything else in the
public storage is sent as a download, never rendered as a page.
"""

import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

# Types shown inline; the public storage holds re-encoded JPEGs, these leave room for more.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"}
# Logos keep their name when replaced by a file of the same name: an hour, then revalidate.
MAX_AGE = 60 * 60


def _safe_name(path: str) -> str | None:
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    return path if posixpath.normpath(path) == path else None


def _last_modified(storage, name: str) -> int | None:
    try:
        return int(storage.get_modified_time(name).timestamp())
    except (NotImplementedError, OSError):
        return None


def _cache_headers(response):
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def public_media(request, path: str):
    name = _safe_name(path)
    if name is None:
        raise Http404
    storage = storages["default"]
    try:
        if not storage.exists(name):
            raise Http404
        last_modified = _last_modified(storage, name)
        not_modified = get_conditional_response(request, last_modified=last_modified)
        if not_modified is not None:
            return _cache_headers(not_modified)
        file = storage.open(name, "rb")
    except (SuspiciousFileOperation, OSError) as error:  # outside the storage, a folder
        raise Http404 from error
    content_type, _encoding = mimetypes.guess_type(name)
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        file,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=posixpath.basename(name),
    )
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return _cache_headers(response)
