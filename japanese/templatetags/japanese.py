import datetime as dt

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from japanese import dates

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
