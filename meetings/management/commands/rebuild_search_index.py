"""Rebuild the minutes' search index (meetings/search.py) from what each meeting holds.

Every import and every edit by staff rebuilds a meeting's index; this is for minutes indexed
by an earlier release (before the index recorded which part of long minutes shows each agenda
item, say). One transaction per meeting; running it again changes nothing.
"""

from django.core.management.base import BaseCommand

from meetings.models import Meeting
from meetings.search import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every meeting's minutes from what is stored: search "
        "text, snippets, and the parts of long minutes that hits link to."
    )

    def handle(self, *args, **options):
        count = 0
        for meeting in Meeting.objects.order_by("pk").iterator():
            search_index_rebuild(meeting=meeting)
            count += 1
        self.stdout.write(f"{count} meeting{'' if count == 1 else 's'} indexed.")
