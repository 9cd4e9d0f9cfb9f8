import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from japanese import dates
from japanese.moments import local_datetime
from japanese.validators import format_phone

register = template.Library()


def _as_date(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def jdate(value):
    """2022年9月5日(月), or Mon 5 Sep 2022 on the English site."""
    if not value:
        return ""
    return dates.format_date(_as_date(value), get_language() or "ja")


@register.filter
def jdatetime(value):
    """12月18日(金) 10:00, or Fri 18 Dec, 10:00 on the English site (the year when not this
    year's)."""
    return local_datetime(value) if value else ""


@register.filter
def jdeadline(value):
    """A deadline: as ``jdatetime``, and midnight as the day before's 23:59."""
    return local_datetime(value, deadline=True) if value else ""


@register.filter
def jmonth(value):
    if not value:
        return ""
    return dates.format_month(_as_date(value), get_language() or "ja")


@register.filter
def wareki(value):
    """令和4年9月5日."""
    if not value:
        return ""
    return dates.wareki(_as_date(value))


@register.filter
def wareki_month(value):
    """平成27年10月."""
    if not value:
        return ""
    return dates.wareki(_as_date(value), with_day=False)


@register.filter
def phone(value):
    """0467705611 → 0467-70-5611."""
    return format_phone(value) if value else ""
