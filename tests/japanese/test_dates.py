"""Moments written for people: 12月18日(金) 23:59まで, never 2026-12-19 00:00."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from japanese.dates import format_datetime
from japanese.moments import local_datetime

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("moment", "language", "deadline", "words"),
    [
        (dt.datetime(2026, 12, 18, 10, 5), "ja", False, "12月18日(金) 10:05"),
        (dt.datetime(2026, 12, 18, 10, 5), "en", False, "Fri 18 Dec, 10:05"),
        # A deadline at midnight is the end of the day before, in both languages.
        (dt.datetime(2026, 12, 19, 0, 0), "ja", True, "12月18日(金) 23:59"),
        (dt.datetime(2026, 12, 19, 0, 0), "en", True, "Fri 18 Dec, 23:59"),
        (dt.datetime(2026, 12, 19, 0, 0), "ja", False, "12月19日(土) 0:00"),
        (dt.datetime(2026, 12, 18, 17, 0), "ja", True, "12月18日(金) 17:00"),
        # Another year is named.
        (dt.datetime(2027, 1, 8, 9, 30), "ja", False, "2027年1月8日(金) 9:30"),
        (dt.datetime(2027, 1, 1, 0, 0), "en", True, "Thu 31 Dec, 23:59"),
        (dt.datetime(2027, 1, 1, 0, 0), "ja", True, "12月31日(木) 23:59"),
    ],
)
def test_moments_for_people(moment, language, deadline, words):
    assert format_datetime(moment, language, deadline=deadline, today=TODAY) == words


def test_stored_utc_is_written_in_tokyo_time(settings):
    """A lottery deadline stored as 15:00 UTC on the 18th is midnight in Tokyo: 18日 23:59."""
    moment = dt.datetime(2026, 12, 18, 15, 0, tzinfo=dt.UTC)
    with translation.override("ja"):
        assert local_datetime(moment, deadline=True).endswith("12月18日(金) 23:59")
        html = Template("{% load japanese %}{{ m|jdeadline }}まで").render(Context({"m": moment}))
    assert "12月18日(金) 23:59まで" in html
    assert "2026-12-19" not in html and "00:00" not in html
    assert timezone.get_current_timezone_name() == "Asia/Tokyo"
