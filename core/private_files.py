"""Sending a private file (minutes attachments, Smart Navi photos, applications' attachments)
after the view has checked that the viewer may have it.

By default the portal streams the file itself. Behind nginx, ``PRIVATE_MEDIA_ACCEL_REDIRECT``
names an ``internal`` location of nginx that aliases ``PRIVATE_MEDIA_ROOT``: the portal then
answers an empty response carrying ``X-Accel-Redirect``, and nginx sends the bytes, so that a
gunicorn thread is not held for the length of a download. The permission check stays the
view's and comes first: nginx never serves that location to a client's own request
(``deploy/nginx/ayase.conf``).
"""

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def _accel_prefix(storage: Storage) -> str:
    """The nginx location for files of ``storage``, or "" when nginx cannot read them (off,
    or a storage other than the private folder, such as an S3-compatible store)."""
    prefix = settings.PRIVATE_MEDIA_ACCEL_REDIRECT
    if not prefix or not isinstance(storage, FileSystemStorage):
        return ""
    private = storages["private"]
    if not isinstance(private, FileSystemStorage):
        return ""
    if Path(storage.location).resolve() != Path(private.location).resolve():
        return ""
    return "/" + prefix.strip("/") + "/"


def private_file_response(
    storage: Storage,
    name: str,
    *,
    content_type: str,
    as_attachment: bool = False,
    filename: str = "",
) -> HttpResponse:
    """The response that sends ``name`` of ``storage``: the bytes, or nginx's redirect to them.

    Raises ``FileNotFoundError`` (an ``OSError``) when the file is missing, in both modes, so
    that a view answers 404 (or serves something else) either way.
    """
    prefix = _accel_prefix(storage)
    if not prefix:
        handle = storage.open(name, "rb")
        return FileResponse(
            handle, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
    if not storage.exists(name):
        raise FileNotFoundError(name)
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix + quote(name)
    disposition = content_disposition_header(as_attachment, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def private_download(
    storage: Storage,
    name: str,
    *,
    content_type: str,
    as_attachment: bool,
    filename: str,
) -> HttpResponse:
    """A members-only document (a minutes attachment, an application's file, the exhibitors'
    manual) after the view's check: kept by no cache on the way, never sniffed into another
    type, and sandboxed should a browser render it. A missing file is a 404."""
    try:
        response = private_file_response(
            storage, name, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
    except OSError:
        raise Http404 from None
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
