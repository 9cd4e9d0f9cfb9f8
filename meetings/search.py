"""Japanese search over minutes: the searchable text of a meeting, its gram index, the query.

A meeting's text (title, place, attendees, agenda titles, notes, link labels) is normalised
with NFKC and lower-cased, so that ｲﾝﾄﾞﾈｼｱ finds インドネシア and ＳＮＳ finds sns. The index
holds each distinct character and each distinct pair of neighbouring characters (see
:class:`meetings.models.SearchToken`).

A query is split into words at spaces; a meeting is a hit when it holds every word. The gram
index narrows the meetings down in one indexed lookup: a word of one or two characters is
exactly one gram, so the index alone decides; a longer word needs all of its pairs, and the
few meetings that have them are then checked for the whole word with ``LIKE``. Ranking and
pagination happen in SQL, so a page costs the same whether a word is rare (寮) or everywhere (の).
"""

import bisect
import functools
import operator
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, F, QuerySet, Value, When
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

from japanese.text import normalize

from .models import Meeting, SearchToken

MAX_QUERY_LENGTH = 100
SNIPPETS_PER_MEETING = 3
SNIPPET_CONTEXT = 40

_SPACES = re.compile(r"\s+")


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


def search_words(query: str) -> list[str]:
    """The normalised words of a query, each once, in the order typed."""
    return list(dict.fromkeys(w for w in normalize_for_search(query).split(" ") if w))


def query_grams(query: str) -> set[str]:
    """The grams every hit of ``query`` holds: the character itself, or all its pairs."""
    needed: set[str] = set()
    for word in search_words(query):
        needed.update([word] if len(word) == 1 else (word[i : i + 2] for i in range(len(word) - 1)))
    return needed


# --- Index -----------------------------------------------------------------------------------


def meeting_search_lines(meeting: Meeting) -> list[str]:
    """The meeting's searchable lines as written: title, place, names, headings, notes, links."""
    lines = [meeting.title, meeting.place]
    lines += [
        a.member.name if a.member_id else a.name_as_written
        for a in meeting.attendances.select_related("member")
    ]
    for item in meeting.agenda_items.prefetch_related("notes", "links"):
        lines.append(item.title)
        lines += [note.text for note in item.notes.all()]
        lines += [link.label for link in item.links.all()]
    # One line each, whatever line breaks a note holds, so that both texts keep in step.
    lines = [_SPACES.sub(" ", line).strip() for line in lines if line]
    return [line for line in lines if normalize_for_search(line)]


def meeting_search_text(meeting: Meeting) -> str:
    """The meeting's normalised searchable text, one line per title, name, heading, note, link."""
    return "\n".join(normalize_for_search(line) for line in meeting_search_lines(meeting))


@transaction.atomic
def search_index_rebuild(*, meeting: Meeting) -> None:
    source_lines = meeting_search_lines(meeting)
    fields = {
        "search_text": "\n".join(normalize_for_search(line) for line in source_lines),
        "search_title": normalize_for_search(meeting.title),
        "search_source": "\n".join(source_lines),
    }
    Meeting.objects.filter(pk=meeting.pk).update(**fields)
    for name, value in fields.items():
        setattr(meeting, name, value)
    SearchToken.objects.filter(meeting=meeting).delete()
    SearchToken.objects.bulk_create(
        (
            SearchToken(meeting=meeting, token=token)
            for token in sorted(grams(fields["search_text"]))
        ),
        batch_size=2000,
    )


# --- Query -----------------------------------------------------------------------------------


def meeting_candidates(words: list[str]) -> QuerySet:
    """Ids of the meetings holding every gram of ``words``: one indexed lookup, grouped."""
    needed = query_grams(" ".join(words))
    return (
        SearchToken.objects.filter(token__in=sorted(needed))
        .values("meeting")
        .annotate(grams=Count("token"))  # (token, meeting) is unique: no DISTINCT needed
        .filter(grams=len(needed))
        .values("meeting")
    )


def meetings_matching(*, words: list[str], user) -> QuerySet[Meeting]:
    """Meetings ``user`` may see that hold every word; title hits first, then newest first.

    ``words`` come from :func:`search_words`. Only the fields a result needs are loaded.
    """
    if not words:
        return Meeting.objects.none()
    meetings = Meeting.objects.visible_to(user).filter(pk__in=meeting_candidates(words))
    for word in words:
        if len(word) > 2:  # shorter words are single grams: the index has decided already
            meetings = meetings.filter(search_text__contains=word)
    title_hits = functools.reduce(
        operator.add,
        (
            Case(When(search_title__contains=word, then=Value(1)), default=Value(0))
            for word in words
        ),
    )
    return (
        meetings.annotate(title_hits=title_hits)
        .order_by(
            F("title_hits").desc(),
            F("date").desc(),
            F("start_time").desc(nulls_last=True),
            F("pk").desc(),
        )
        .only(
            "pk",
            "kind",
            "title",
            "date",
            "start_time",
            "visibility",
            "search_text",
            "search_source",
        )
    )


# --- Results ---------------------------------------------------------------------------------


@dataclass
class SearchResult:
    meeting: Meeting
    title: SafeString
    snippets: list[SafeString]


def _spans_in(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where the words occur in normalised ``text``, overlapping hits merged, in order."""
    spans = []
    for word in words:
        start = text.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _spans_as_written(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans of the normalised line mapped back onto the line as written.

    NFKC changes lengths (ｲﾝﾄﾞﾈｼｱ has 7 characters, インドネシア 6), so the place of each
    character is found by normalising the prefixes of the line: their normalised length never
    shrinks as the prefix grows, so a binary search finds each boundary.
    """
    positions = range(len(line) + 1)

    def normalised_length(i: int) -> int:
        return len(normalize_for_search(line[:i]))

    mapped = []
    for start, end in spans:
        first = bisect.bisect_right(positions, start, key=normalised_length) - 1
        last = max(
            bisect.bisect_right(positions, end, key=normalised_length) - 1,
            bisect.bisect_left(positions, end, key=normalised_length),
        )
        while last > first + 1 and line[last - 1] == " ":
            last -= 1
        mapped.append((max(first, 0), min(last, len(line))))
    return mapped


def _marked(line: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    """``line[start:end]`` escaped, with each span in <mark>."""
    parts = []
    at = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        parts.append(escape(line[at:span_start]))
        parts.append(format_html("<mark>{}</mark>", line[span_start:span_end]))
        at = span_end
    parts.append(escape(line[at:end]))
    return format_html_join("", "{}", ((part,) for part in parts))


def highlight(text: str, words: list[str]) -> SafeString:
    """The whole of ``text``, escaped, with every hit of ``words`` in <mark>."""
    spans = _spans_as_written(text, _spans_in(normalize_for_search(text), words))
    return _marked(text, spans, 0, len(text))


def snippet(line: str, normalised: str, words: list[str]) -> SafeString:
    """The first hit of ``line`` with about SNIPPET_CONTEXT characters either side."""
    spans = _spans_as_written(line, _spans_in(normalised, words))
    first_start, first_end = spans[0]
    start = max(0, first_start - SNIPPET_CONTEXT)
    end = min(len(line), first_end + SNIPPET_CONTEXT)
    return format_html(
        "{}{}{}",
        "…" if start > 0 else "",
        _marked(line, spans, start, end),
        "…" if end < len(line) else "",
    )


def search_result(meeting: Meeting, words: list[str]) -> SearchResult:
    """The meeting with its title highlighted and up to three snippets of lines that hit.

    Lines holding more of the words come first; the title line is not repeated as a snippet.
    """
    normalised = meeting.search_text.split("\n")
    written = meeting.search_source.split("\n")
    if len(written) != len(normalised):  # indexed before search_source existed
        written = normalised
    scored = []
    for index in range(1, len(normalised)):
        found = sum(1 for word in words if word in normalised[index])
        if found:
            scored.append((-found, index))
    best = sorted(index for _, index in sorted(scored)[:SNIPPETS_PER_MEETING])
    return SearchResult(
        meeting=meeting,
        title=highlight(meeting.title, words),
        snippets=[snippet(written[i], normalised[i], words) for i in best],
    )
