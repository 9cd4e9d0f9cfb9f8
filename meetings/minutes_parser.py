"""Reading the committee's plain-text minutes (議事録) into structured data, without the database.

The secretariat types minutes in a mail or a text file: a title line (often pasted several
times), the date and start time, ``参加委員(敬称略)`` and the names, then ``議題`` and one
heading per topic (``○``, ``①``, ``1.``, ``■`` …) with ``・`` notes. ``【HP】`` / ``【SNS】``
blocks list a topic's pages. The seed file carries the committee's profile right after the
minutes; that part is recognised (:func:`meetings.profile.find_profile_start`) and left out.

Whatever cannot be placed goes to ``unparsed`` with a warning naming its line, so that the
person importing sees it: nothing is dropped quietly. Deliberate choices:

* the title is the title line without its leading date and time (they have their own fields):
  ``2022/9/5 綾瀬イノベーション推進委員会 定例会 議事録`` →
  ``綾瀬イノベーション推進委員会 定例会 議事録``;
* heading and note markers (``○``, ``①``, ``1.``, ``・``, ``※``, ``(1)`` …) are not kept;
* the first heading style met is the top level; a different style met under it becomes a child
  (``■報告事項`` then ``①…``); a style met before goes back to that level;
* a link is labelled from what is written: ``twitter : @ayasefactory(url)`` →
  ``twitter @ayasefactory``; a bare URL takes the block's label (``HP``), or the service's name
  for a known SNS under ``【SNS】``;
* separator lines (``-----``) and the closing ``以上`` are formatting, not content, and are skipped.
"""

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from core.errors import ServiceError
from japanese.dates import era_to_western
from japanese.text import normalize
from meetings.profile import ProfileError, find_profile_start

DEFAULT_KIND = "定例会"
_KINDS = re.compile(r"臨時総会|定時総会|定例会|臨時会|総会|役員会|勉強会")

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEPARATOR = re.compile(r"[-=_*~〜ー―─━・.]{3,}")
_CLOSING = "以上"
_FOUNDED = re.compile(r"○結成\s*:")  # the profile's first field, as meetings.profile reads it

# Dates and times, matched on NFKC-normalised text: full-width digits, slashes, colons are ASCII.
_ERA_DATE = re.compile(
    r"(令和|平成|昭和|(?<![A-Za-z])[RHSrhs])\s*(元|\d{1,2})\s*(?:年|[/.\-])\s*"
    r"(\d{1,2})\s*(?:月|[/.\-])\s*(\d{1,2})(?!\d)\s*日?"
)
_WESTERN_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*(?:年|[/.\-]|\s)\s*(\d{1,2})\s*(?:月|[/.\-])\s*(\d{1,2})(?!\d)\s*日?"
)
_TIME = re.compile(
    r"(?:(午前|午後)\s*)?(?<!\d)(\d{1,2})\s*(?::\s*(\d{2})|時\s*(?:(\d{1,2})\s*分|(半))?)"
)
# What may stand beside the date on a date line: labels, the weekday, range marks.
_DATE_LINE_WORDS = re.compile(
    r"開催日時|開催日|日時|日付|日程|開始|時間|から|より|\(?[月火水木金土日](?:曜日?)?\)?"
)
_DATE_LINE_MARKS = " :~\u301c\u2013\u2014-()"  # also 〜 and dashes

_AGENDA_START = re.compile(r"(?:議題|議事|議事内容|協議事項|次第)\s*:?")
_ATTENDEES = re.compile(
    r"(?:参加委員|出席委員|参加者|出席者|参加|出席)(?:\s*\(敬称略\))?(?:\s*:\s*|\s+|$)(?P<names>.*)"
)
_NAMES_GO_ON = ("、", ",", "・")  # a names line ending so goes on to the next line
_NAME_SEPARATORS = re.compile(r"[、,・\s]+")
_HONORIFIC = re.compile(r"(?<=.)(?:様|さん|氏)$")
_NO_HONORIFICS = re.compile(r"\(?敬称略\)?")

# Heading bullet → its style; ◯ and U+3007 (ideographic zero) are typed for ○: one style.
_HEADING_BULLETS = dict.fromkeys("○◯\u3007", "○") | {b: b for b in "●◎■◆◇"}
# ①..⑳, ㉑..㉟, ㊱..㊿: NFKC turns them into plain digits, so they are read on the raw line.
_CIRCLED = (
    "".join(chr(c) for c in range(0x2460, 0x2474))
    + "".join(chr(c) for c in range(0x3251, 0x3260))
    + "".join(chr(c) for c in range(0x32B1, 0x32C0))
)
_NUMBERED = re.compile(r"(\d{1,2})(?:\.(?!\d)|\))\s*(?P<title>\S.*)")
_NOTE = re.compile(r"(?:[・•·*※\-]|\(\d{1,2}\))\s*(?P<text>.*)")
_LABEL = re.compile(r"[【\[]\s*(?P<label>[^】\]]*?)\s*[】\]]\s*(?P<rest>.*)")

_URL = r"https?://[^\s()<>]+"
_BARE_URL = re.compile(rf"(?P<url>{_URL})")
_LINK_IN_PARENS = re.compile(
    rf"(?P<name>[^:()]{{0,40}}?)\s*:?\s*(?P<handle>@[\w.]+)?\s*\(\s*(?P<url>{_URL})\s*\)"
)
_LINK_AFTER_NAME = re.compile(rf"(?P<name>[^\s:]{{1,30}})\s*[:\s]\s*(?P<url>{_URL})")
_SNS_HOSTS = {
    "twitter.com": "twitter",
    "x.com": "X",
    "instagram.com": "Instagram",
    "facebook.com": "Facebook",
    "youtube.com": "YouTube",
    "line.me": "LINE",
    "tiktok.com": "TikTok",
    "note.com": "note",
}
_HP_LABELS = {"hp", "ホームページ", "web", "webサイト", "website", "サイト", "url"}


class MinutesParseError(ServiceError, ValueError):
    """The text cannot be read as minutes at all (no date, not text)."""


@dataclass
class ParsedLink:
    label: str
    url: str
    kind: str = "other"  # "hp", "sns" or "other"


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
    attendees: list[str] = field(default_factory=list)
    agenda: list[ParsedItem] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = DEFAULT_KIND

    def as_json(self) -> dict:
        """A JSON-ready preview for the import page; ``kind`` is shown elsewhere."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "start_time": self.start_time.strftime("%H:%M") if self.start_time else None,
            "attendees": list(self.attendees),
            "agenda": [item.as_json() for item in self.agenda],
            "unparsed": list(self.unparsed),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, as an editor shows it
    raw: str
    text: str  # normalised

    @property
    def indented(self) -> bool:
        return self.raw[:1].isspace()


@dataclass
class _When:
    """A date and time found in a line, and what the line says besides them."""

    date: dt.date | None = None
    time: dt.time | None = None
    rest: str = ""
    matched: bool = False
    problem: str = ""

    @property
    def date_only(self) -> bool:
        leftover = _DATE_LINE_WORDS.sub("", self.rest)
        return self.matched and not leftover.strip(_DATE_LINE_MARKS)


def _keep_unparsed(minutes: ParsedMinutes, line: _Line, reason: str) -> None:
    """Nothing is dropped quietly: the line is kept and the importer is told where it was."""
    minutes.unparsed.append(line.text)
    minutes.warnings.append(f"line {line.number}: {reason}, kept as unparsed: {line.text}")


# Decoding ------------------------------------------------------------------------------------


def decode_minutes(data: bytes) -> str:
    """The text of an uploaded file: UTF-8 (with or without BOM), else Shift_JIS (cp932).

    UTF-8 is tried first because Shift_JIS text practically never decodes as UTF-8, while
    UTF-8 bytes often "decode" as cp932 garbage. A UTF-8 BOM rules Shift_JIS out.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)  # Notepad's "Unicode"
    elif data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp932")
    errors = []
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            errors.append(f"{encoding}: invalid byte at position {error.start}")
            continue
        if "\x00" in text:
            raise MinutesParseError("the file holds NUL bytes: it is not a text file")
        return text
    raise MinutesParseError(
        "the file is neither UTF-8 nor Shift_JIS (cp932) text ("
        + "; ".join(errors)
        + "); save it as UTF-8 and upload it again"
    )


# Dates ---------------------------------------------------------------------------------------


def _date_match(text: str) -> tuple[re.Match | None, int | None]:
    """The first 和暦 or Western date in the text, with its Western year."""
    era = _ERA_DATE.search(text)
    if era:
        year = 1 if era.group(2) == "元" else int(era.group(2))
        return era, era_to_western(era.group(1), year)
    western = _WESTERN_DATE.search(text)
    return western, (int(western.group(1)) if western else None)


def _time_of(match: re.Match) -> dt.time | None:
    meridiem, hour, colon_minutes, minutes, half = match.groups()
    hour = int(hour) + (12 if meridiem == "午後" and int(hour) < 12 else 0)
    minute = 30 if half else int(colon_minutes or minutes or 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _read_when(text: str) -> _When:
    """Date (2022/9/5, 2022 9/5, 2022年9月5日, 令和4年9月5日, R4.9.5) and time (19:00, 19時30分)."""
    match, year = _date_match(text)
    if not match or year is None:
        return _When(rest=text)
    *_era_and_year, month, day = match.groups()
    rest = text[: match.start()] + " " + text[match.end() :]
    when = _When(rest=rest, matched=True)
    try:
        when.date = dt.date(year, int(month), int(day))
    except ValueError:
        when.problem = f"{match.group(0).strip()} is not a valid date"
    times = list(_TIME.finditer(rest))
    if times:
        when.time = _time_of(times[0])
        when.rest = _TIME.sub(" ", rest)
    return when


# Header: title, date line, attendees -----------------------------------------------------------


def _title_without_date(text: str) -> str:
    """The title as people refer to it: the leading date and time belong to their own fields."""
    match, _year = _date_match(text)
    if not match or text[: match.start()].strip():
        return text
    rest = text[match.end() :].strip()
    time = _TIME.match(rest)
    if time:
        rest = rest[time.end() :].strip()
    return rest or text


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


def _take_date_line(minutes: ParsedMinutes, line: _Line, when: _When) -> None:
    if when.problem:
        _keep_unparsed(minutes, line, when.problem)
    elif minutes.date is None:
        minutes.date, minutes.start_time = when.date, when.time
    elif (when.date, when.time or minutes.start_time) != (minutes.date, minutes.start_time):
        _keep_unparsed(minutes, line, f"a second date line (the first gave {minutes.date})")


def _take_title(minutes: ParsedMinutes, line: _Line, when: _When) -> None:
    minutes.title = _title_without_date(line.text)
    kind = _KINDS.search(line.text)
    minutes.kind = kind.group(0) if kind else DEFAULT_KIND
    if when.problem:
        minutes.warnings.append(f"line {line.number}: {when.problem}, in the title")


def _take_header_line(minutes: ParsedMinutes, line: _Line) -> _When | None:
    """A date line, the title or a stray line; the title's own date is returned as a fallback."""
    when = _read_when(_strip_bullet(line.text))
    if when.date_only:
        _take_date_line(minutes, line, when)
    elif not minutes.title:
        _take_title(minutes, line, when)
        return when
    elif _title_without_date(line.text) != minutes.title:
        _keep_unparsed(minutes, line, "not the title, the date or the attendees")
    return None


def _read_header(lines: list[_Line], minutes: ParsedMinutes) -> None:
    """Title (once, however often pasted), date line and attendees; the rest is unparsed.

    Names follow their label on the same line or the next one, and go on to the line after
    when a line ends with a separator (``斉藤、今、``).
    """
    names_from: _Line | None = None  # the line whose names go on below it
    title_when: _When | None = None
    for line in lines:
        if not line.text or _SEPARATOR.fullmatch(line.text):
            continue
        names = _split_names(line.text) if names_from else _attendee_names(line.text)
        if names is not None:
            minutes.attendees.extend(names)
            going_on = not names or line.text.endswith(_NAMES_GO_ON)
            names_from = line if going_on else None
            continue
        title_when = _take_header_line(minutes, line) or title_when
    if names_from is not None and _attendee_names(names_from.text) == []:
        minutes.warnings.append(f"line {names_from.number}: no names after {names_from.text}")
    if minutes.date is None and title_when is not None and title_when.date is not None:
        minutes.date, minutes.start_time = title_when.date, title_when.time


# Agenda --------------------------------------------------------------------------------------


def _heading(line: _Line) -> tuple[str, str] | None:
    """(style, title) of a heading line: ○ and ○…○, ①, 1. and 1), ■, ◆ …"""
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
    return ("numbered", numbered.group("title")) if numbered else None


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _sns_name(url: str) -> str:
    host = _host(url)
    return next((name for domain, name in _SNS_HOSTS.items() if host.endswith(domain)), "")


def _block_kind(label: str) -> str:
    label = label.strip().lower()
    if label in _HP_LABELS:
        return "hp"
    sns_names = {name.lower() for name in _SNS_HOSTS.values()}
    return "sns" if label == "sns" or label in sns_names else "other"


def _parse_link(text: str) -> dict | None:
    """A line that is only a link: a URL, ``twitter : @name(url)``, ``Instagram(url)``, ``HP: url``.

    Links inside a sentence are not read here: they stay in their note, the page links them.
    """
    for pattern in (_BARE_URL, _LINK_IN_PARENS, _LINK_AFTER_NAME):
        match = pattern.fullmatch(text)
        if match:
            parts = match.groupdict()
            written = " ".join(p for p in (parts.get("name"), parts.get("handle")) if p)
            return {"url": parts["url"], "written": written.strip()}
    return None


def _make_link(found: dict, block_label: str | None) -> ParsedLink:
    url, sns = found["url"], _sns_name(found["url"])
    kind = _block_kind(block_label) if block_label is not None else ("sns" if sns else "other")
    if found["written"]:
        label = found["written"]
    elif kind == "sns" and sns:
        label = sns
    else:
        label = block_label or sns or _host(url)
    return ParsedLink(label=label, url=url, kind=kind)


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


class _AgendaBuilder:
    """Places agenda lines one by one into the tree of items."""

    def __init__(self, minutes: ParsedMinutes):
        self.minutes = minutes
        self.path: list[tuple[str, ParsedItem]] = []  # (style, item) from the top level down
        self.last_note: ParsedItem | None = None
        self.block: _Block | None = None

    @property
    def current(self) -> ParsedItem | None:
        return self.path[-1][1] if self.path else None

    def feed(self, line: _Line, following: _Line | None) -> None:
        kind, value = _classify(line)
        if kind == "skip":
            return
        if kind == "plain" and line.indented and self.last_note is not None:
            self.last_note.notes[-1] = _join(self.last_note.notes[-1], line.text)
        elif kind == "label":
            self.open_block(line, *value)
        elif kind == "link":
            self.add_link(line, value)
        else:
            self.end_block()
            self.place(line, kind, value, following)

    def place(self, line: _Line, kind: str, value, following: _Line | None) -> None:
        if kind == "note":
            self.add_note(line, value)
        elif kind == "heading":
            self.add_heading(*value)
        elif following is not None and _classify(following)[0] == "note":
            self.add_heading("bare", value)
        else:
            self.stray(line, "a line that is neither a heading nor a note")

    def add_heading(self, style: str, title: str) -> None:
        depth = next((d for d, (s, _item) in enumerate(self.path) if s == style), len(self.path))
        del self.path[depth:]
        item = ParsedItem(title=title)
        (self.current.children if self.current else self.minutes.agenda).append(item)
        self.path.append((style, item))
        self.last_note = None

    def add_note(self, line: _Line, text: str) -> None:
        if self.current is None:
            self.stray(line, "a note before the first heading")
            return
        self.current.notes.append(text)
        self.last_note = self.current

    def open_block(self, line: _Line, label: str, rest: str) -> None:
        self.end_block()
        if rest and not _parse_link(rest):  # 【決定】来月開催: a labelled note, not a block
            self.add_note(line, line.text)
            return
        self.block = _Block(label=label, line=line)
        self.last_note = None
        if rest:
            self.add_link(line, _parse_link(rest))

    def add_link(self, line: _Line, found: dict) -> None:
        if self.current is None:
            self.stray(line, "a link before the first heading")
            return
        self.current.links.append(_make_link(found, self.block.label if self.block else None))
        if self.block:
            self.block.links += 1
        self.last_note = None

    def end_block(self) -> None:
        """A 【label】 with no link under it is content: it is kept as a note."""
        block, self.block = self.block, None
        if block and not block.links:
            self.add_note(block.line, block.line.text)

    def stray(self, line: _Line, reason: str) -> None:
        _keep_unparsed(self.minutes, line, reason)
        self.last_note = None


def _read_agenda(lines: list[_Line], minutes: ParsedMinutes) -> None:
    builder = _AgendaBuilder(minutes)
    for index, line in enumerate(lines):
        following = next((later for later in lines[index + 1 :] if later.text), None)
        builder.feed(line, following)
    builder.end_block()


# Where the agenda starts and the minutes end ----------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    raw_lines = _LINE_BREAK.split(text.replace("\ufeff", ""))
    return [_Line(number, raw, normalize(raw)) for number, raw in enumerate(raw_lines, start=1)]


def _agenda_line(lines: list[_Line]) -> int | None:
    """Index of the ``議題`` line (also ``【議題】``, ``■議事``, ``議題:``)."""
    for index, line in enumerate(lines):
        text = _strip_bullet(line.text).strip("【】[] ")
        if _AGENDA_START.fullmatch(text):
            return index
    return None


def _first_heading(lines: list[_Line]) -> int | None:
    """Where the agenda starts when nobody wrote ``議題``: the first heading past the header."""
    for index, line in enumerate(lines):
        is_date = _read_when(_strip_bullet(line.text)).date_only
        is_header = is_date or _attendee_names(line.text) is not None
        if not is_header and _classify(line)[0] == "heading":
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


def parse_minutes(text: str) -> ParsedMinutes:
    """Minutes as typed by the secretariat → title, date, attendees, agenda tree.

    Raises MinutesParseError when no date can be found anywhere in the header.
    """
    lines = _split_lines(text)
    minutes = ParsedMinutes()
    agenda_at = _agenda_line(lines)
    end = _profile_start(lines, after=agenda_at if agenda_at is not None else 0)
    body = lines[:end]
    if agenda_at is None:
        agenda_at = _first_heading(body)
        header, agenda = (body, []) if agenda_at is None else (body[:agenda_at], body[agenda_at:])
        minutes.warnings.append(
            f"no 議題 line: the agenda is taken to start at line {agenda[0].number}"
            if agenda
            else "no 議題 line and no heading: no agenda could be read"
        )
    else:
        header, agenda = body[:agenda_at], body[agenda_at + 1 :]
    _read_header(header, minutes)
    _read_agenda(agenda, minutes)
    if end is not None:
        minutes.warnings.append(
            f"minutes end at line {end + 1}: the rest is the committee's profile (○結成…), "
            "not imported"
        )
    if minutes.date is None:
        raise MinutesParseError(
            "no date found: write a date line such as 2022/9/5 19:00 or start the title with it"
        )
    return minutes
