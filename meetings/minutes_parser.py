"""Reading the committee's plain-text minutes (議事録) into structured data, without the database.

The secretariat types minutes in a mail or a text file, and its layout has changed over the
years; staff import years of them. The header holds a title line (often pasted several times),
the date and times (:mod:`meetings.minutes_dates`), and the attendees; then the agenda. The seed
file carries the committee's profile after the minutes; that part is recognised
(:func:`meetings.profile.find_profile_start`) and left out.

Rules, with the layout each one is for:

* **Headings:** ``①…⑳`` (2022's minutes), ``○``/``◯`` (the seed), ``□``/``■`` (agendas with
  square headings), ``(1)``/``（１）``/``⑴`` (sections), ``1.``/``１．``/``1)``, ``◆◇●◎``, and
  ``【議題名】`` alone on its line with notes under it. The first style met is the top level; a
  different style met under it becomes a child (``(2)その他`` then ``○報告会について``); a style
  met before goes back to that level.
* A ``(1)`` line under a heading that nothing follows but other ``(n)`` lines is a numbered
  point, kept as a note (``○寮について`` / ``(1)家賃`` / ``(2)送迎``).
* **Sub-headings without a marker:** a short line (at most 30 characters) that does not end a
  sentence and is followed by a ``・`` note heads the notes below it (``道の駅整備推進室より``,
  ``委員からの意見`` inside a numbered item). A line that ends a sentence (``。``) never does.
* **Notes:** ``・``, ``-``, ``•``, ``※`` lines; ``→``/``⇒`` lines are conclusions, kept as notes
  with their arrow (pages show them as conclusions); a plain paragraph under a heading is a
  note too.
* **Wrapped lines:** an indented line, or a line that goes on with a sentence the note before
  left open (no ``。``), is joined to that note (``・見学を組み合わせれば`` / ``得るものは大きい。``).
  A blank line ends a note.
* **Attendees:** ``参加委員(敬称略)`` / ``出席者:`` and the names, on the same line or the next,
  going on while a line ends with ``、``; a bare line of names near the top (``斉藤、中島、今``)
  is the attendees, not the title.
* **Without ``議題``,** the agenda starts at the first heading or note past the header.
* The title is the title line without its leading date and time (they have their own fields):
  ``2022/9/5 綾瀬イノベーション推進委員会 定例会 議事録`` → ``綾瀬イノベーション推進委員会 定例会 議事録``.
* A link is labelled from what is written: ``twitter : @ayasefactory(url)`` →
  ``twitter @ayasefactory``; a bare URL takes its ``【HP】``/``【SNS】`` block's label, or the
  service's name for a known SNS.
* Markers are not kept (but the conclusion's arrow); separator lines (``-----``) and the
  closing ``以上`` are formatting, not content.

Whatever cannot be placed goes to ``unparsed`` with its line number and a warning naming its
line, in the language of the page, so that the person importing sees it and can place it
(:mod:`meetings.minutes_fixes`): nothing is dropped quietly. Each line is looked at a bounded
number of times (linear time), and a file that still takes longer than ``TIME_LIMIT`` seconds
is stopped with a message.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from japanese.text import normalize
from meetings.profile import ProfileError, find_profile_start

from .minutes_dates import (
    _DATE_LABEL,
    _read_when,
    _title_without_date,
    _When,
)
from .minutes_links import ParsedLink, _make_link, _parse_link
from .minutes_text import (
    TIME_LIMIT,
    MinutesParseError,
    _,
    _Deadline,
    _Line,
    _split_lines,
    decode_minutes,
)

# What callers import from here: the parser, its result and its error, and decoding.
__all__ = [
    "CONCLUSION_MARK",
    "MinutesParseError",
    "ParsedItem",
    "ParsedLink",
    "ParsedMinutes",
    "decode_minutes",
    "parse_minutes",
]

DEFAULT_KIND = "定例会"
_KINDS = re.compile(r"臨時総会|定時総会|定例会|臨時会|総会|役員会|勉強会")

_SEPARATOR = re.compile(r"[-=_*~〜ー―─━・.]{3,}")
_CLOSING = "以上"
_FOUNDED = re.compile(r"○結成\s*:")  # the profile's first field, as meetings.profile reads it

# A family name as minutes list them: kanji and kana, one to six characters.
_NAME = re.compile(r"[\u3005\u4e00-\u9fff\u3040-\u30ff]{1,6}")
_NOT_A_NAME = re.compile(r"議事録|委員|会議|定例|総会|議題|議事|報告|について|次第")
_AGENDA_START = re.compile(r"(?:議題|議事|議事内容|協議事項|次第)\s*:?")
_ATTENDEES = re.compile(
    r"(?:参加委員|出席委員|参加者|出席者|参加|出席)(?:\s*\(敬称略\))?(?:\s*:\s*|\s+|$)(?P<names>.*)"
)
_NAMES_GO_ON = ("、", ",", "・")  # a names line ending so goes on to the next line
_NAME_SEPARATORS = re.compile(r"[、,・\s]+")
_HONORIFIC = re.compile(r"(?<=.)(?:様|さん|氏)$")
_NO_HONORIFICS = re.compile(r"\(?敬称略\)?")

# Heading bullet → its style; ◯ and U+3007 (ideographic zero) are typed for ○, □ for ■.
_HEADING_BULLETS = (
    dict.fromkeys("○◯\u3007", "○") | dict.fromkeys("□■", "■") | {b: b for b in "●◎◆◇"}
)
# ①..⑳, ㉑..㉟, ㊱..㊿: NFKC turns them into plain digits, so they are read on the raw line.
_CIRCLED = (
    "".join(chr(c) for c in range(0x2460, 0x2474))
    + "".join(chr(c) for c in range(0x3251, 0x3260))
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))
)
_NUMBERED = re.compile(r"(\d{1,2})(?:\.(?!\d)|\))\s*(?P<title>\S.*)")
# (1) / （１） / ⑴ (NFKC makes them one): a section heading, or a numbered point under one.
_SECTION = re.compile(r"\((\d{1,2})\)\s*(?P<title>\S.*)")
_NOTE = re.compile(r"[・•·*※\-]\s*(?P<text>.*)")
# A conclusion (→ 11月中旬に開催): a note that keeps its arrow, so that pages can show it so.
CONCLUSION_MARK = "→"
_CONCLUSION = re.compile(r"[→⇒]\s*(?P<text>.*)")
# A line ending so ends a sentence: never a heading, and the next line does not continue it.
_SENTENCE_END = ("。", ".", "!", "?", "」", ")")
_BARE_HEADING_MAX = 30  # characters: longer lines without a marker are paragraphs
_LABEL = re.compile(r"[【\[]\s*(?P<label>[^】\]]*?)\s*[】\]]\s*(?P<rest>.*)")


@dataclass
class ParsedItem:
    title: str
    notes: list[str] = field(default_factory=list)
    links: list[ParsedLink] = field(default_factory=list)
    children: list["ParsedItem"] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "notes": list(self.notes),
            "links": [{"label": link.label, "url": link.url} for link in self.links],
            "children": [child.as_json() for child in self.children],
        }


@dataclass
class ParsedMinutes:
    title: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    attendees: list[str] = field(default_factory=list)
    agenda: list[ParsedItem] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    unparsed_lines: list[int] = field(default_factory=list)  # the line number of each
    warnings: list[str] = field(default_factory=list)
    kind: str = DEFAULT_KIND
    # Dates that were written but cannot be (2022/2/30): the reason no date was found.
    invalid_dates: list[tuple["_Line", str]] = field(default_factory=list, repr=False)

    def as_json(self) -> dict:
        """A JSON-ready preview for the import page; ``kind`` is shown elsewhere."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "end_time": self.end_time.strftime("%H:%M") if self.end_time else None,
            "attendees": list(self.attendees),
            "agenda": [item.as_json() for item in self.agenda],
            "unparsed": list(self.unparsed),
            "warnings": list(self.warnings),
        }


def _keep_unparsed(minutes: ParsedMinutes, line: _Line, reason: str) -> None:
    """Nothing is dropped quietly: the line is kept and the importer is told where it was."""
    minutes.unparsed.append(line.text)
    minutes.unparsed_lines.append(line.number)
    _warn(minutes, line, _("%(reason)s, kept as unparsed: %(text)s"), reason=reason, text=line.text)


def _warn(minutes: ParsedMinutes, line: _Line | None, message: str, **values) -> None:
    """A warning for staff, in the language of the page (or command), naming its line."""
    text = message % values
    if line is not None:
        text = _("line %(number)d: %(warning)s") % {"number": line.number, "warning": text}
    minutes.warnings.append(text)


# Header: title, date line, attendees -----------------------------------------------------------


def _strip_bullet(text: str) -> str:
    return text.lstrip("".join(_HEADING_BULLETS) + "・").strip()


def _attendee_names(text: str) -> list[str] | None:
    """Names after ``参加委員(敬称略)`` / ``参加者:``; None if the line is no such label."""
    match = _ATTENDEES.fullmatch(_strip_bullet(text))
    return None if match is None else _split_names(match.group("names"))


def _split_names(text: str) -> list[str]:
    """斉藤、今 / 斉藤・今 / 斉藤 今 様 → [斉藤, 今]; a name written twice is two people."""
    text = _NO_HONORIFICS.sub(" ", normalize(text))
    names = (_HONORIFIC.sub("", name) for name in _NAME_SEPARATORS.split(text))
    return [name for name in names if name and name not in ("様", "さん", "氏")]


def _take_times(minutes: ParsedMinutes, line: _Line, when: _When) -> None:
    minutes.date, minutes.start_time = when.date, when.time
    if when.end is None:
        return
    if when.time is not None and when.end > when.time:
        minutes.end_time = when.end
    else:
        _warn(minutes, line, _("the end time is not after the start time; it was left out"))


def _take_date_line(minutes: ParsedMinutes, line: _Line, when: _When) -> None:
    if when.problem:
        minutes.invalid_dates.append((line, when.problem))
        _keep_unparsed(minutes, line, when.problem)
    elif minutes.date is None:
        _take_times(minutes, line, when)
    elif (when.date, when.time or minutes.start_time) != (minutes.date, minutes.start_time):
        _keep_unparsed(
            minutes,
            line,
            _("a second date line (the first gave %(date)s)") % {"date": minutes.date},
        )


def _take_title(minutes: ParsedMinutes, line: _Line, when: _When) -> None:
    minutes.title = _title_without_date(line.text)
    kind = _KINDS.search(line.text)
    minutes.kind = kind.group(0) if kind else DEFAULT_KIND
    if when.problem:
        minutes.invalid_dates.append((line, when.problem))
        _warn(minutes, line, _("%(problem)s, in the title"), problem=when.problem)


def _take_header_line(minutes: ParsedMinutes, line: _Line) -> _When | None:
    """A date line, the title or a stray line; the title's own date is returned as a fallback."""
    when = _read_when(_strip_bullet(line.text))
    if when.date_only:
        _take_date_line(minutes, line, when)
    elif not minutes.title:
        _take_title(minutes, line, when)
        return when
    elif _title_without_date(line.text) != minutes.title:
        _keep_unparsed(minutes, line, _("not the title, the date or the attendees"))
    return None


def _looks_like_names(text: str) -> bool:
    """斉藤、中島、今 / 斉藤 中島 今: a bare line of two or more family names, no label."""
    if re.search(r"[、,・]", text):
        parts = re.split(r"[、,・]", text)
    else:
        parts = text.split()
        if len(parts) < 3:
            return False
    parts = [_HONORIFIC.sub("", part.strip()) for part in parts]
    return (
        len(parts) >= 2
        and all(_NAME.fullmatch(part) for part in parts)
        and not any(_NOT_A_NAME.search(part) for part in parts)
    )


def _read_header(lines: list[_Line], minutes: ParsedMinutes) -> None:
    """Title (once, however often pasted), date line and attendees; the rest is unparsed.

    Names follow their label on the same line or the next one, and go on to the line after
    when a line ends with a separator (``斉藤、今、``); a bare line of names is read as the
    attendees too. A label on a line of its own (``開催日時``) announces the next line.
    """
    names_from: _Line | None = None  # the line whose names go on below it
    title_when: _When | None = None
    title_line: _Line | None = None
    for line in lines:
        if not line.text or _SEPARATOR.fullmatch(line.text):
            continue
        if _DATE_LABEL.fullmatch(_strip_bullet(line.text)):
            continue
        names = _split_names(line.text) if names_from else _attendee_names(line.text)
        if names is None and not minutes.attendees and _looks_like_names(line.text):
            names = _split_names(line.text)
        if names is not None:
            minutes.attendees.extend(names)
            going_on = not names or line.text.endswith(_NAMES_GO_ON)
            names_from = line if going_on else None
            continue
        found = _take_header_line(minutes, line)
        if found is not None:
            title_when, title_line = found, line
    if names_from is not None and _attendee_names(names_from.text) == []:
        _warn(minutes, names_from, _("no names after %(label)s"), label=names_from.text)
    if title_when is None or title_when.date is None:
        return
    if minutes.date is None:
        _take_times(minutes, title_line, title_when)
    elif title_when.date != minutes.date:
        _warn(
            minutes,
            title_line,
            _(
                "the title's date %(title)s differs from the date line's %(date)s; the date line's is used"
            ),
            title=title_when.date,
            date=minutes.date,
        )


# Agenda --------------------------------------------------------------------------------------


def _heading(line: _Line) -> tuple[str, str] | None:
    """(style, title) of a heading line: ○ and ○…○, ①, □, ■, 1. and 1), (1), ◆ …"""
    raw = line.raw.strip()
    if raw[:1] in _CIRCLED:
        title = normalize(raw[1:])
        return ("circled", title) if title else None
    style = _HEADING_BULLETS.get(line.text[:1])
    if style:
        title = line.text[1:]
        if title[-1:] and _HEADING_BULLETS.get(title[-1]) == style:  # ○燕三条 視察○
            title = title[:-1]
        return (style, title.strip()) if title.strip() else None
    numbered = _NUMBERED.fullmatch(line.text)
    if numbered:
        return ("numbered", numbered.group("title"))
    section = _SECTION.fullmatch(line.text)
    return ("section", section.group("title")) if section else None


def _classify(line: _Line) -> tuple[str, object]:
    """What a line of the agenda is: skip, label, note, heading, link or plain text."""
    text = line.text
    if not text or text == _CLOSING or _SEPARATOR.fullmatch(text):
        return "skip", None
    label = _LABEL.fullmatch(text)
    if label:
        return "label", (label.group("label"), label.group("rest"))
    note = _NOTE.fullmatch(text)
    if note:
        return ("note", note.group("text")) if note.group("text") else ("skip", None)
    conclusion = _CONCLUSION.fullmatch(text)
    if conclusion:
        found = conclusion.group("text")
        return ("note", CONCLUSION_MARK + found) if found else ("skip", None)
    heading = _heading(line)
    if heading:
        return "heading", heading
    link = _parse_link(text)
    return ("link", link) if link else ("plain", text)


def _join(before: str, after: str) -> str:
    """Japanese wraps mid-word with no space; only Latin words need one put back."""
    latin = before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii()
    return f"{before} {after}" if latin and after[:1].isalnum() else before + after


@dataclass
class _Block:
    """An open ``【label】`` block and how many links it has gathered."""

    label: str
    line: _Line
    links: int = 0


def _ends_sentence(text: str) -> bool:
    return text.endswith(_SENTENCE_END)


def _kind_of(line: _Line | None) -> str:
    return _classify(line)[0] if line is not None else ""


def _is_note(line: _Line | None) -> bool:
    """A ``・`` note (not a ``→`` conclusion): what a heading is followed by."""
    kind, value = _classify(line) if line is not None else ("", None)
    return kind == "note" and not str(value).startswith(CONCLUSION_MARK)


class _AgendaBuilder:
    """Places agenda lines one by one into the tree of items, in one pass."""

    def __init__(self, minutes: ParsedMinutes):
        self.minutes = minutes
        self.path: list[tuple[str, ParsedItem]] = []  # (style, item) from the top level down
        self.last_note: ParsedItem | None = None  # whose last note a wrapped line continues
        self.parts: list[str] = []  # that note's text, joined once it is complete
        self.block: _Block | None = None

    @property
    def current(self) -> ParsedItem | None:
        return self.path[-1][1] if self.path else None

    def feed(self, line: _Line, following: _Line | None) -> None:
        if line.after_blank:  # a blank line ends the note before it
            self.close_note()
        kind, value = _classify(line)
        if kind == "skip":  # so do a separator and 以上
            self.close_note()
            return
        if kind == "plain" and self.continues(line, following):
            self.parts.append(_join(self.parts[-1], line.text)[len(self.parts[-1]) :])
            return
        self.close_note()
        if kind == "label":
            self.open_block(line, *value, following)
        elif kind == "link":
            self.add_link(line, value)
        else:
            self.end_block()
            self.place(line, kind, value, following)

    def continues(self, line: _Line, following: _Line | None) -> bool:
        """A wrapped line: indented under a note, or going on with a sentence left open."""
        if self.last_note is None:
            return False
        if line.indented:
            return True
        return not _ends_sentence(self.parts[-1]) and not self.heads(line, following)

    @staticmethod
    def heads(line: _Line, following: _Line | None) -> bool:
        """A line without a marker that heads the notes below it (``委員からの意見``)."""
        text = line.text
        return len(text) <= _BARE_HEADING_MAX and not _ends_sentence(text) and _is_note(following)

    def place(self, line: _Line, kind: str, value, following: _Line | None) -> None:
        if kind == "note":
            self.add_note(line, value)
        elif kind == "heading":
            style, title = value
            if style == "section" and self.current is not None and not self.opens(following):
                self.add_note(line, title)  # (1)… (2)… points under a heading
            else:
                self.add_heading(style, title)
        elif self.heads(line, following):
            self.add_heading("bare", value)
        elif self.current is not None:
            self.add_note(line, value)  # a paragraph under its heading
        else:
            self.stray(line, _("a line before the first heading"))

    @staticmethod
    def opens(following: _Line | None) -> bool:
        """Whether a ``(1)`` line opens a section: notes or another style's heading follow."""
        kind = _kind_of(following)
        if kind == "heading":
            return _heading(following)[0] != "section"
        return kind in ("note", "plain", "label")

    def add_heading(self, style: str, title: str) -> None:
        depth = next((d for d, (s, _item) in enumerate(self.path) if s == style), len(self.path))
        del self.path[depth:]
        item = ParsedItem(title=title)
        (self.current.children if self.current else self.minutes.agenda).append(item)
        self.path.append((style, item))

    def add_note(self, line: _Line, text: str) -> None:
        if self.current is None:
            self.stray(line, _("a note before the first heading"))
            return
        self.current.notes.append(text)
        self.last_note, self.parts = self.current, [text]

    def close_note(self) -> None:
        """Joins the parts of the last note once (linear, however long it runs)."""
        if self.last_note is not None and len(self.parts) > 1:
            self.last_note.notes[-1] = "".join(self.parts)
        self.last_note, self.parts = None, []

    def open_block(self, line: _Line, label: str, rest: str, following: _Line | None) -> None:
        self.end_block()
        if rest and not _parse_link(rest):  # 【決定】来月開催: a labelled note, not a block
            self.add_note(line, line.text)
            return
        if not rest and _kind_of(following) in ("note", "plain"):  # 【視察報告】 then notes
            self.add_heading("bracket", label)
            return
        self.block = _Block(label=label, line=line)
        if rest:
            self.add_link(line, _parse_link(rest))

    def add_link(self, line: _Line, found: dict) -> None:
        if self.current is None:
            self.stray(line, _("a link before the first heading"))
            return
        self.current.links.append(_make_link(found, self.block.label if self.block else None))
        if self.block:
            self.block.links += 1

    def end_block(self) -> None:
        """A 【label】 with no link under it is content: it is kept as a note."""
        block, self.block = self.block, None
        if block and not block.links:
            self.add_note(block.line, block.line.text)
            self.close_note()

    def finish(self) -> None:
        self.close_note()
        self.end_block()

    def stray(self, line: _Line, reason: str) -> None:
        _keep_unparsed(self.minutes, line, reason)


def _read_agenda(lines: list[_Line], minutes: ParsedMinutes, deadline: "_Deadline") -> None:
    builder = _AgendaBuilder(minutes)
    following: list[_Line | None] = [None] * len(lines)
    upcoming = None
    for index in range(len(lines) - 1, -1, -1):  # the next non-blank line of each, in one pass
        following[index] = upcoming
        if lines[index].text:
            upcoming = lines[index]
    for index, line in enumerate(lines):
        deadline.check(index)
        builder.feed(line, following[index])
    builder.finish()


# Where the agenda starts and the minutes end ----------------------------------------------------


def _agenda_line(lines: list[_Line]) -> int | None:
    """Index of the ``議題`` line (also ``【議題】``, ``■議事``, ``議題:``)."""
    for index, line in enumerate(lines):
        text = _strip_bullet(line.text).strip("【】[] ")
        if _AGENDA_START.fullmatch(text):
            return index
    return None


def _first_heading(lines: list[_Line]) -> int | None:
    """Where the agenda starts when nobody wrote ``議題``: the first heading or note past the
    header, so that a note before any heading is named as such, not as a stray header line."""
    for index, line in enumerate(lines):
        is_date = _read_when(_strip_bullet(line.text)).date_only
        is_header = is_date or _attendee_names(line.text) is not None
        if not is_header and _classify(line)[0] in ("heading", "note"):
            return index
    return None


def _profile_start(lines: list[_Line], after: int) -> int | None:
    """Where the committee's profile (name twice, then ``○結成:``) begins, if after the minutes.

    Only ``○結成:`` with its colon counts, so that a topic like ``○結成10周年について`` is not
    taken for the profile. If the name is not written twice, the profile starts at ``○結成:``.
    """
    anchor = next((i for i in range(after + 1, len(lines)) if _FOUNDED.match(lines[i].text)), None)
    if anchor is None:
        return None
    # find_profile_start anchors on the first ○結成 line: it must not see a topic starting so.
    first = max([after + 1] + [i + 1 for i in range(after + 1, anchor) if "○結成" in lines[i].text])
    try:
        start = first + find_profile_start([line.raw for line in lines[first : anchor + 1]])
    except ProfileError:
        return anchor
    between = (_classify(line)[0] for line in lines[start:anchor])
    return start if all(kind in ("skip", "plain") for kind in between) else anchor


def parse_minutes(
    text: str, *, date: dt.date | None = None, time_limit: float | None = TIME_LIMIT
) -> ParsedMinutes:
    """Minutes as typed by the secretariat → title, date, attendees, agenda tree.

    ``date`` is the meeting's date as staff give it, for minutes that have none (or a wrong
    one). Raises MinutesParseError when the file is empty, when no date can be found and none
    is given, and when reading takes longer than ``time_limit`` seconds.
    """
    if not text.strip():
        raise MinutesParseError(_("The file is empty."), code="empty")
    deadline = _Deadline(time_limit)
    lines = _split_lines(text)
    minutes = ParsedMinutes()
    agenda_at = _agenda_line(lines)
    end = _profile_start(lines, after=agenda_at if agenda_at is not None else 0)
    body = lines[:end]
    if agenda_at is None:
        agenda_at = _first_heading(body)
        header, agenda = (body, []) if agenda_at is None else (body[:agenda_at], body[agenda_at:])
        _warn(
            minutes,
            None,
            _("no 議題 line: the agenda is taken to start at line %(number)d")
            % {"number": agenda[0].number}
            if agenda
            else _("no 議題 line and no heading: no agenda could be read"),
        )
    else:
        header, agenda = body[:agenda_at], body[agenda_at + 1 :]
    _read_header(header, minutes)
    _read_agenda(agenda, minutes, deadline)
    if end is not None:
        _warn(
            minutes,
            None,
            _(
                "minutes end at line %(number)d: the rest is the committee's profile "
                "(○結成…), not imported"
            ),
            number=lines[end].number,
        )
    _settle_date(minutes, date)
    return minutes


def _settle_date(minutes: ParsedMinutes, given: dt.date | None) -> None:
    if given is not None:
        if minutes.date is not None and minutes.date != given:
            _warn(
                minutes,
                None,
                _("the minutes say %(written)s; the date given, %(given)s, is used"),
                written=minutes.date,
                given=given,
            )
        minutes.date = given
        return
    if minutes.date is not None:
        return
    if minutes.invalid_dates:
        line, problem = minutes.invalid_dates[0]
        raise MinutesParseError(
            _("line %(number)d: %(problem)s. Correct it, or give the meeting's date.")
            % {"number": line.number, "problem": problem},
            code="invalid_date",
        )
    raise MinutesParseError(
        _(
            "no date found: write a date line such as 2022/9/5 19:00 or start the title with "
            "it, or give the meeting's date"
        ),
        code="no_date",
    )
