"""Dates as Japanese readers expect them: 2022年9月5日(月), and 和暦 for official documents."""

import datetime as dt
from dataclasses import dataclass

WEEKDAYS_JA = "月火水木金土日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Era:
    name: str
    initial: str
    start: dt.date


# Newest first; each era starts on the day of the accession.
ERAS = (
    Era("令和", "R", dt.date(2019, 5, 1)),
    Era("平成", "H", dt.date(1989, 1, 8)),
    Era("昭和", "S", dt.date(1926, 12, 25)),
    Era("大正", "T", dt.date(1912, 7, 30)),
    Era("明治", "M", dt.date(1868, 1, 25)),
)


def era_of(date: dt.date) -> tuple[Era, int]:
    for era in ERAS:
        if date >= era.start:
            return era, date.year - era.start.year + 1
    raise ValueError(f"{date} is before the Meiji era")


def wareki_year(date: dt.date) -> str:
    """令和4年; the first year of an era is written 元年 (令和元年)."""
    era, year = era_of(date)
    return f"{era.name}{'元' if year == 1 else year}年"


def wareki(date: dt.date, *, with_day: bool = True) -> str:
    """令和4年9月5日, or 平成27年10月 without the day."""
    text = f"{wareki_year(date)}{date.month}月"
    return f"{text}{date.day}日" if with_day else text


def era_to_western(era_name: str, year: int) -> int:
    """The Western year of year ``year`` of an era given by name (平成) or initial (H)."""
    for era in ERAS:
        if era_name in (era.name, era.initial, era.initial.lower()):
            return era.start.year + year - 1
    raise ValueError(f"unknown era {era_name!r}")


def month_day(date: dt.date) -> str:
    """9月5日(月): the date of a notice that says the year elsewhere, always in Japanese."""
    return f"{date.month}月{date.day}日({WEEKDAYS_JA[date.weekday()]})"


def format_date(date: dt.date, language: str = "ja") -> str:
    """2022年9月5日(月) in Japanese, Mon 5 Sep 2022 in English."""
    if language.startswith("en"):
        return f"{WEEKDAYS_EN[date.weekday()]} {date.day} {MONTHS_EN[date.month - 1]} {date.year}"
    return f"{date.year}年{month_day(date)}"


def format_month(date: dt.date, language: str = "ja") -> str:
    """2015年10月 in Japanese, Oct 2015 in English."""
    if language.startswith("en"):
        return f"{MONTHS_EN[date.month - 1]} {date.year}"
    return f"{date.year}年{date.month}月"


def fiscal_year(date: dt.date) -> int:
    """The Japanese fiscal year (年度, April to March) of ``date``: 2023-03-31 is in 2022."""
    return date.year if date.month >= 4 else date.year - 1


def wareki_fiscal_year(year: int) -> str:
    """令和4年度 for fiscal year 2022; 令和元年度 for 2019, whose April was still 平成."""
    era = next(e for e in ERAS if e.start.year <= year)
    number = year - era.start.year + 1
    return f"{era.name}{'元' if number == 1 else number}年度"


def format_datetime(
    moment: dt.datetime,
    language: str = "ja",
    *,
    deadline: bool = False,
    today: dt.date | None = None,
) -> str:
    """A moment for people, in local time: 12月18日(金) 10:00 / Fri 18 Dec, 10:00, with the year
    when it is not this year's (2027年1月8日(金) 10:00 / Fri 8 Jan 2027, 10:00).

    A ``deadline`` at midnight is the end of the day before (12月18日(金) 23:59, never
    「12月19日 0:00」, which readers take for the 19th's end). ``moment`` must already be in
    local time (``django.utils.timezone.localtime``).
    """
    if deadline and (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        moment = moment - dt.timedelta(minutes=1)
    date = moment.date()
    show_year = today is None or date.year != today.year
    clock = f"{moment.hour}:{moment.minute:02d}"
    if language.startswith("en"):
        day = f"{WEEKDAYS_EN[date.weekday()]} {date.day} {MONTHS_EN[date.month - 1]}"
        return f"{day} {date.year}, {clock}" if show_year else f"{day}, {clock}"
    day = f"{date.year}年{month_day(date)}" if show_year else month_day(date)
    return f"{day} {clock}"
