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
import functools
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.utils.translation import get_language, gettext

from core.errors import ServiceError
from japanese.dates import era_to_western
from japanese.text import normalize
from meetings.profile import ProfileError, find_profile_start

DEFAULT_KIND = "定例会"
_KINDS = re.compile(r"臨時総会|定時総会|定例会|臨時会|総会|役員会|勉強会")

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

_DATE_LABEL = re.compile(r"(?:開催日時|開催日|日時|日付|日程)\s*:?")
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


def _(message: str) -> str:
    """gettext, remembered per language: the parser may ask for one message per line."""
    return _translated(message, get_language())


@functools.lru_cache(maxsize=256)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


# Seconds a file may take to read: well inside a web worker's timeout (gunicorn's 30 s).
TIME_LIMIT = 10.0


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
    end_time: dt.time | None = None
    attendees: list[str] = field(default_factory=list)
    agenda: list[ParsedItem] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
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


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based, as an editor shows it
    raw: str
    text: str  # normalised
    after_blank: bool = False  # a blank line came before it

    @property
    def indented(self) -> bool:
        return self.raw[:1].isspace()


@dataclass
class _When:
    """A date and time found in a line, and what the line says besides them."""

    date: dt.date | None = None
    time: dt.time | None = None
    end: dt.time | None = None
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
    _warn(minutes, line, _("%(reason)s, kept as unparsed: %(text)s"), reason=reason, text=line.text)


def _warn(minutes: ParsedMinutes, line: _Line | None, message: str, **values) -> None:
    """A warning for staff, in the language of the page (or command), naming its line."""
    text = message % values
    if line is not None:
        text = _("line %(number)d: %(warning)s") % {"number": line.number, "warning": text}
    minutes.warnings.append(text)


class _Deadline:
    """Stops a file that takes too long, before a web worker's timeout does."""

    def __init__(self, seconds: float | None):
        self.at = time.monotonic() + seconds if seconds else None

    def check(self, index: int) -> None:
        if self.at is not None and index % 1024 == 0 and time.monotonic() > self.at:
            raise MinutesParseError(
                _(
                    "The file takes too long to read. Split it into one file per meeting "
                    "and import each."
                ),
                code="too_slow",
            )


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
            raise MinutesParseError(_("The file holds NUL bytes: it is not a text file."))
        return text
    raise MinutesParseError(
        _(
            "The file is neither UTF-8 nor Shift_JIS (cp932) text (%(errors)s). Save it as "
            "UTF-8 and upload it again."
        )
        % {"errors": "; ".join(errors)}
    )


# Dates ---------------------------------------------------------------------------------------


_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十]+(?=\s*[年月日時分])")


def _kanji_number(run: str) -> str:
    """十 → 10, 二十三 → 23, 三十一 → 31, 二〇二二 → 2022 (as 和暦 dates and times write them)."""
    if "十" not in run:
        return "".join(str(_KANJI_DIGITS[c]) for c in run)
    tens, _ten, units = run.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return run  # not a date's number: left as written
    return str(_KANJI_DIGITS.get(tens, 1) * 10 + _KANJI_DIGITS.get(units, 0))


def _arabic(text: str) -> str:
    """令和元年十月二日 十九時 → 令和元年10月2日 19時: kanji numerals of dates and times."""
    return _KANJI_NUMBER.sub(lambda match: _kanji_number(match.group(0)), text)


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
    """Date (2022/9/5, 2022 9/5, 2022年9月5日, 令和4年9月5日, 令和元年十月二日, R4.9.5) and
    time (19:00, 19時30分), with the end of a range (19:00~21:00)."""
    text = _arabic(text)
    match, year = _date_match(text)
    if not match or year is None:
        return _When(rest=text)
    *_era_and_year, month, day = match.groups()
    rest = text[: match.start()] + " " + text[match.end() :]
    when = _When(rest=rest, matched=True)
    try:
        when.date = dt.date(year, int(month), int(day))
    except ValueError:
        when.problem = _("%(date)s is not a valid date") % {"date": match.group(0).strip()}
    times = list(_TIME.finditer(rest))
    if times:
        when.time = _time_of(times[0])
        when.rest = _TIME.sub(" ", rest)
    if len(times) > 1:
        when.end = _time_of(times[1])
    return when


# Header: title, date line, attendees -----------------------------------------------------------


def _title_without_date(text: str) -> str:
    """The title as people refer to it: the leading date and time belong to their own fields."""
    written, text = text, _arabic(text)
    match, _year = _date_match(text)
    if not match or text[: match.start()].strip():
        return written
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


def _split_lines(text: str) -> list[_Line]:
    """The lines that hold something, each with its number and whether a blank line came
    before it (which ends a wrapped note); a run of blank lines costs next to nothing."""
    raw_lines = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    filled = [(i, raw) for i, raw in enumerate(raw_lines) if raw and not raw.isspace()]
    return [
        _Line(
            i + 1, raw, normalize(raw), after_blank=i > 0 and (k == 0 or filled[k - 1][0] != i - 1)
        )
        for k, (i, raw) in enumerate(filled)
    ]


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
