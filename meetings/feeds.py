"""Atom feed of the public minutes.

A feed is fetched by services that cache it and show it to anyone, so it lists public meetings
only, whoever asks: never members-only minutes or drafts, not even to city staff.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from japanese.dates import format_date

from .models import Meeting
from .selectors import agenda_outline, feed_meetings


def agenda_html(meeting: Meeting) -> str:
    """The agenda headings as a nested list; titles escaped, notes and links left out."""
    parts: list[str] = []
    current = -1
    for depth, item in agenda_outline(meeting):
        if depth > current:
            parts.append("<ul>")
        else:
            parts.append("</li>")
            while current > depth:
                parts.append("</ul></li>")
                current -= 1
        parts.append(format_html("<li>{}", item.title))
        current = depth
    if current >= 0:
        parts.append("</li>")
        parts.extend(["</ul></li>"] * current)
        parts.append("</ul>")
    return mark_safe("".join(parts))  # noqa: S308 - every title went through format_html


class MinutesFeed(Feed):
    """Built per request (see :func:`minutes_feed`), so that links use the request's host."""

    feed_type = Atom1Feed
    title = _("Minutes of the Ayase Innovation Promotion Committee")
    subtitle = _("The public minutes of the committee's meetings, newest first.")
    author_name = _("Ayase Innovation Promotion Committee")

    def __init__(self, request):
        super().__init__()
        self.request = request

    def _absolute(self, path: str) -> str:
        # An absolute URL here keeps the Sites framework's domain (example.com) out of the feed.
        return self.request.build_absolute_uri(path)

    def link(self):
        return self._absolute(reverse("meetings:index"))

    def feed_url(self):
        return self._absolute(reverse("meetings:feed"))

    def items(self):
        return feed_meetings(limit=20)

    def item_title(self, item: Meeting) -> str:
        return f"{format_date(item.date, get_language() or 'ja')} {item.title}"

    def item_description(self, item: Meeting) -> str:
        return agenda_html(item)

    def item_link(self, item: Meeting) -> str:
        return self._absolute(item.get_absolute_url())

    def item_pubdate(self, item: Meeting):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Meeting):
        return item.published_at or item.updated_at


def minutes_feed(request):
    return MinutesFeed(request)(request)
