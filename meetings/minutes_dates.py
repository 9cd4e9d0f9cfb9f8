"""Dates and times as the committee's minutes write them: 2022/9/5, 2022 9/5, 2022年9月5日,
令和4年9月5日, 令和元年十月二日, R4.9.5; 19:00, 19時30分, 午後7時, and ranges 19:00~21:00."""

import datetime as dt
import re
from dataclasses import dataclass

from japanese.dates import era_to_western

from .minutes_text import _

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
