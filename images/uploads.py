"""The size of one request's files, bounded before any of them is kept.

Django bounds the fields of a form (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not its files. The
handler below, first in ``FILE_UPLOAD_HANDLERS``, refuses every file of a request larger than
``UPLOAD_MAX_REQUEST_BYTES``: their bytes are read and dropped, never written anywhere, and
each file is replaced by a :class:`RequestTooLarge` that every upload check refuses with a
message beside its field (a per-file size check does too: its size is the whole request's).
The fields of the form still arrive, so nothing typed is lost.
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopFutureHandlers
from django.utils.translation import gettext as _

DEFAULT_MAX_REQUEST_BYTES = 200 * 1024 * 1024


def max_request_bytes() -> int:
    return getattr(settings, "UPLOAD_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)


class RequestTooLarge(UploadedFile):
    """Stands in for a file of a request over the limit: empty, and refused by every check."""

    def __init__(self, *, name: str, content_type: str, request_size: int, limit: int):
        super().__init__(
            file=io.BytesIO(b""), name=name, content_type=content_type, size=request_size
        )
        self.limit = limit


def request_too_large_message(upload: RequestTooLarge) -> str:
    return _(
        "The files sent together are too large (%(size)d MB; at most %(limit)d MB in one "
        "go). Send fewer files at a time."
    ) % {"size": -(-upload.size // (1024 * 1024)), "limit": upload.limit // (1024 * 1024)}


class RequestSizeLimitUploadHandler(FileUploadHandler):
    """Refuses the files of a request whose body is larger than the limit (see above)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = max_request_bytes()
        self.request_size = content_length
        self.received = 0
        self.refused = content_length > self.limit
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.refused:
            raise StopFutureHandlers  # no later handler sees (or stores) this file

    def receive_data_chunk(self, raw_data, start):
        if self.refused:
            return None
        # The body's length is the one announced under WSGI; counting keeps the limit true
        # under any server that would pass more.
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused = True
            self.request_size = max(self.request_size, self.received)
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.refused:
            return None
        return RequestTooLarge(
            name=self.file_name,
            content_type=self.content_type,
            request_size=self.request_size,
            limit=self.limit,
        )
