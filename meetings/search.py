"""Japanese search over minutes: the searchable text of a meeting and its gram index.

A meeting's text (title, attendees, agenda titles, notes, link labels) is normalised with
NFKC and lower-cased, so that ｲﾝﾄﾞﾈｼｱ finds インドネシア and ＳＮＳ finds sns. The index holds
each distinct character and each distinct pair of neighbouring characters (see
:class:`meetings.models.SearchToken`).
"""

from django.db import transaction

from japanese.text import normalize

from .models import Meeting, SearchToken


def normalize_for_search(text: str) -> str:
    return normalize(text).lower()


def grams(text: str) -> set[str]:
    """Every character and every pair of neighbours, spaces and line breaks excluded."""
    found: set[str] = set()
    for line in text.split("\n"):
        for word in line.split(" "):
            found.update(word)
            found.update(word[i : i + 2] for i in range(len(word) - 1))
    return found


def query_grams(query: str) -> set[str]:
    """The grams every hit of ``query`` holds: the character itself, or all its pairs."""
    words = [w for w in normalize_for_search(query).split(" ") if w]
    needed: set[str] = set()
    for word in words:
        needed.update([word] if len(word) == 1 else (word[i : i + 2] for i in range(len(word) - 1)))
    return needed


def meeting_search_text(meeting: Meeting) -> str:
    """The meeting's searchable text, one line per title, name, heading, note and link."""
    lines = [meeting.title, meeting.place]
    lines += [
        a.member.name if a.member_id else a.name_as_written
        for a in meeting.attendances.select_related("member")
    ]
    for item in meeting.agenda_items.prefetch_related("notes", "links"):
        lines.append(item.title)
        lines += [note.text for note in item.notes.all()]
        lines += [link.label for link in item.links.all()]
    return "\n".join(normalize_for_search(line) for line in lines if line)


@transaction.atomic
def search_index_rebuild(*, meeting: Meeting) -> None:
    text = meeting_search_text(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(search_text=text)
    meeting.search_text = text
    SearchToken.objects.filter(meeting=meeting).delete()
    SearchToken.objects.bulk_create(
        (SearchToken(meeting=meeting, token=token) for token in sorted(grams(text))),
        batch_size=2000,
    )
