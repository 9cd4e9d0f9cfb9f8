"""Japanese search over minutes: the searchable text of a meeting, its gram index, the query.

A meeting's text (title, place, attendees, agenda titles, notes, link labels) is normalised
with NFKC and lower-cased, so that ｲﾝﾄﾞﾈｼｱ finds インドネシア and ＳＮＳ finds sns. The index
holds each distinct character and each distinct pair of neighbouring characters (see
:class:`meetings.models.SearchToken`).

A query is split into words at spaces; a meeting is a hit when it holds every word. The gram
index narrows the meetings down in one indexed lookup: a word of one or two characters is
exactly one gram, so the index alone decides; a longer word needs all of its pairs, and the
meetings that have them (only those) are then checked for the whole word with ``LIKE``.
Ranking happens in SQL and returns ids only; the texts are loaded for the page's meetings (ten),
so a page costs two queries whether a word is rare (寮) or everywhere (の). Figures and the
reasons for this shape: docs/benchmarks.md. A hit in long minutes (shown in parts,
meetings.agenda) links to its part, which the index records for each agenda item.
"""

import bisect
import functools
import operator
import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.page_cache import pages_changed
from japanese.text import normalize

from .agenda import minutes_parts, part_of_each_item, tree_of
from .models import AgendaItem, Meeting, SearchToken

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


def _indexed_lines(meeting: Meeting) -> tuple[list[tuple[str, int | None]], list[AgendaItem]]:
    """The meeting's searchable lines as written (title, place, names, headings, notes,
    links), each with the agenda item it belongs to (None for the title, place and names);
    and the agenda items, their notes and links prefetched."""
    lines: list[tuple[str, int | None]] = [(meeting.title, None), (meeting.place, None)]
    lines += [
        (a.member.name if a.member_id else a.name_as_written, None)
        for a in meeting.attendances.select_related("member")
    ]
    items = list(meeting.agenda_items.prefetch_related("notes", "links"))
    for item in items:
        lines.append((item.title, item.pk))
        lines += [(note.text, item.pk) for note in item.notes.all()]
        lines += [(link.label, item.pk) for link in item.links.all()]
    # One line each, whatever line breaks a note holds, so that both texts keep in step.
    lines = [(_SPACES.sub(" ", line).strip(), item) for line, item in lines if line]
    return [(line, item) for line, item in lines if normalize_for_search(line)], items


def meeting_search_lines(meeting: Meeting) -> list[str]:
    """The meeting's searchable lines as written: title, place, names, headings, notes, links."""
    return [line for line, _item in _indexed_lines(meeting)[0]]


def _part_runs(lines: list[tuple[str, int | None]], items: list[AgendaItem]) -> list[list[int]]:
    """For minutes shown in parts (meetings.agenda), where each agenda item's lines start:
    ``[first line, part, item]`` in the order of the lines; ``[]`` for minutes of one page."""
    parts = minutes_parts(tree_of(items))
    if len(parts) == 1:
        return []
    part_of = part_of_each_item(parts)
    runs: list[list[int]] = []
    for index, (_line, item) in enumerate(lines):
        if item is not None and (not runs or runs[-1][2] != item):
            runs.append([index, part_of[item], item])
    return runs


@transaction.atomic
def search_index_rebuild(*, meeting: Meeting) -> None:
    lines, items = _indexed_lines(meeting)
    source_lines = [line for line, _item in lines]
    fields = {
        "search_text": "\n".join(normalize_for_search(line) for line in source_lines),
        "search_title": normalize_for_search(meeting.title),
        "search_source": "\n".join(source_lines),
        "search_parts": _part_runs(lines, items),
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
    pages_changed()  # kept searches (update() and bulk_create() send no signal)


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

    ``words`` come from :func:`search_words`.
    """
    if not words:
        return Meeting.objects.none()
    candidates = meeting_candidates(words)
    # A word of one or two characters is a single gram: the index has decided already.
    long_words = [word for word in words if len(word) > 2]
    meetings = Meeting.objects.visible_to(user)
    if not long_words:
        meetings = meetings.filter(pk__in=candidates)
    else:
        # The whole words are checked against the candidates' text only. Written as
        # `pk IN (…) AND text LIKE …`, PostgreSQL may read every meeting's text (its planner
        # counts LIKE as cheap, but each text is tens of kilobytes to fetch and decompress);
        # CASE fixes the order: the text is read only when the index has found the meeting.
        holds_words = functools.reduce(
            operator.and_, (Q(search_text__contains=word) for word in long_words)
        )
        meetings = meetings.filter(
            Case(
                When(
                    pk__in=candidates,
                    then=ExpressionWrapper(holds_words, output_field=BooleanField()),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    title_hits = functools.reduce(
        operator.add,
        (
            Case(When(search_title__contains=word, then=Value(1)), default=Value(0))
            for word in words
        ),
    )
    return meetings.annotate(title_hits=title_hits).order_by(
        F("title_hits").desc(),
        F("date").desc(),
        F("start_time").desc(nulls_last=True),
        F("pk").desc(),
    )


def search_page(*, words: list[str], user, page_number, per_page: int) -> Page:
    """One page of results (:class:`SearchResult`), in two queries whatever the data.

    The first query finds and ranks every hit but returns ids only: the check of long words
    against the text (the costly part, see docs/benchmarks.md) runs once, instead of once for
    the count and again for the page. The second loads the texts of this page's meetings.
    """
    ids = list(meetings_matching(words=words, user=user).values_list("pk", flat=True))
    page = Paginator(ids, per_page).get_page(page_number)
    meetings = Meeting.objects.only(
        "pk",
        "kind",
        "title",
        "date",
        "start_time",
        "visibility",
        "search_text",
        "search_source",
        "search_parts",
    ).in_bulk(page.object_list)
    page.object_list = [
        search_result(meetings[pk], words) for pk in page.object_list if pk in meetings
    ]
    return page


# --- Results ---------------------------------------------------------------------------------


@dataclass
class SearchResult:
    meeting: Meeting
    title: SafeString
    snippets: list[SafeString]
    url: str  # the meeting, at the agenda item of the first snippet when it has one


def _url_of_line(meeting: Meeting, line: int | None) -> str:
    """The meeting's page at the agenda item holding ``line`` of its text, on its part."""
    url = meeting.get_absolute_url()
    runs = meeting.search_parts or []
    at = bisect.bisect_right(runs, line, key=operator.itemgetter(0)) if line is not None else 0
    if at == 0:  # one page, or the title, the place or a name
        return url
    _first, part, item = runs[at - 1]
    return f"{url}?part={part}#agenda-{item}" if part > 1 else f"{url}#agenda-{item}"


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


class _Alignment:
    """Positions in a line as written ↔ positions in its normalised form.

    NFKC changes lengths (ｲﾝﾄﾞﾈｼｱ has 7 characters, インドネシア 6), so the place of a
    character is found by normalising the prefixes of the line: their normalised length never
    shrinks as the prefix grows, so a binary search finds each boundary. Most lines need none
    of this: when normalising only lower-cases them character for character, places are equal.
    """

    def __init__(self, line: str, normalised: str):
        self.line = line
        self.same = len(line) == len(normalised) and line.lower() == normalised
        self._positions = range(len(line) + 1)

    def _normalised_length(self, i: int) -> int:
        return len(normalize_for_search(self.line[:i]))

    def to_normalised(self, i: int) -> int:
        return i if self.same else self._normalised_length(i)

    def to_written(self, start: int, end: int) -> tuple[int, int]:
        if self.same:
            return start, end
        key = self._normalised_length
        first = bisect.bisect_right(self._positions, start, key=key) - 1
        last = max(
            bisect.bisect_right(self._positions, end, key=key) - 1,
            bisect.bisect_left(self._positions, end, key=key),
        )
        while last > first + 1 and self.line[last - 1] == " ":
            last -= 1
        return max(first, 0), min(last, len(self.line))


def _marked(line: str, spans: list[tuple[int, int]], start: int, end: int) -> SafeString:
    """``line[start:end]`` escaped, with each span (in the line's positions) in <mark>."""
    parts = []
    at = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start, at), min(span_end, end)
        if span_start >= span_end:
            continue
        parts += [
            escape(line[at:span_start]),
            "<mark>",
            escape(line[span_start:span_end]),
            "</mark>",
        ]
        at = span_end
    parts.append(escape(line[at:end]))
    # Every piece of the line went through escape(); only the <mark> tags are markup.
    return mark_safe("".join(parts))  # noqa: S308


def highlight(text: str, words: list[str], normalised: str | None = None) -> SafeString:
    """The whole of ``text``, escaped, with every hit of ``words`` in <mark>."""
    normalised = normalize_for_search(text) if normalised is None else normalised
    alignment = _Alignment(text, normalised)
    spans = [alignment.to_written(*span) for span in _spans_in(normalised, words)]
    return _marked(text, spans, 0, len(text))


def snippet(line: str, normalised: str, words: list[str]) -> SafeString:
    """The first hit of ``line`` with about SNIPPET_CONTEXT characters either side."""
    alignment = _Alignment(line, normalised)
    hits = _spans_in(normalised, words)
    first_start, first_end = alignment.to_written(*hits[0])
    start = max(0, first_start - SNIPPET_CONTEXT)
    end = min(len(line), first_end + SNIPPET_CONTEXT)
    # Only the hits inside the window are placed on the line as written.
    window_end = alignment.to_normalised(end)
    spans = [alignment.to_written(s, e) for s, e in hits if s < window_end]
    return format_html(
        "{}{}{}",
        "…" if start > 0 else "",
        _marked(line, spans, start, end),
        "…" if end < len(line) else "",
    )


def _snippet_lines(text: str, words: list[str]) -> list[int]:
    """The lines to show, in the order to show them: those holding most of the words first,
    then in the order of the minutes; the title line is not repeated.

    A meeting's text runs to hundreds of lines; a single word is looked for in the whole text
    at once, and only as far as the third line that holds it.
    """
    if len(words) == 1:
        word, found = words[0], []
        at = text.find("\n")
        line = 0
        while at != -1 and len(found) < SNIPPETS_PER_MEETING:
            hit = text.find(word, at)
            if hit == -1:
                break
            line += text.count("\n", at, hit)
            found.append(line)
            at = text.find("\n", hit)
        return found
    scored = []
    full = 0
    for index, line in enumerate(text.split("\n")):
        if index == 0:
            continue
        count = sum(word in line for word in words)
        if count:
            scored.append((-count, index))
            full += count == len(words)
            if full == SNIPPETS_PER_MEETING:
                break
    return [index for _, index in sorted(scored)[:SNIPPETS_PER_MEETING]]


def search_result(meeting: Meeting, words: list[str]) -> SearchResult:
    """The meeting with its title highlighted and up to three snippets of lines that hit."""
    text, source = meeting.search_text, meeting.search_source
    if source.count("\n") != text.count("\n"):  # indexed before search_source existed
        source = text
    shown = _snippet_lines(text, words)
    if shown:
        # Split only as far as the last line shown: the rest of the text stays one string.
        normalised = text.split("\n", max(shown) + 1)
        written = source.split("\n", max(shown) + 1)
    return SearchResult(
        meeting=meeting,
        title=highlight(meeting.title, words),
        snippets=[snippet(written[i], normalised[i], words) for i in shown],
        url=_url_of_line(meeting, shown[0] if shown else None),
    )
