"""The one way a moment is written for people: in Asia/Tokyo (the portal's TIME_ZONE), in the
active language, through ``dates.format_datetime``. Templates use the ``jdatetime`` and
``jdeadline`` filters; services and views call this."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

from .dates import format_datetime


def local_datetime(moment: dt.datetime, *, deadline: bool = False) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return format_datetime(
        local, get_language() or "ja", deadline=deadline, today=timezone.localdate()
    )
