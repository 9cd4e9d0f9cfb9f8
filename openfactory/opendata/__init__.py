"""The programmes of an edition as open data, in the layout of デジタル庁's recommended
dataset 「イベント一覧」 (``event_columns.txt`` beside this file, with its source and version).

One record per programme: its day, its times (the first slot's start to the last slot's end,
or the area day's hours for a walk-in programme; every slot in 備考), the factory as the place.
Only what the public pages already show: published editions, no reservation, no visitor.
The text is Japanese whatever the language of the request.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation

from japanese.opendata import MUNICIPALITY, MUNICIPALITY_CODE, PREFECTURE, read_columns

from ..models import Programme

COLUMNS = read_columns(Path(__file__).with_name("event_columns.txt"))
DATASET = "イベント一覧"
CONTACT = "綾瀬市 工業振興企業誘致課（綾瀬イノベーション推進委員会 事務局）"


def _hhmm(value) -> str:
    return timezone.localtime(value).strftime("%H:%M")


def _ages(programme: Programme) -> str:
    low, high = programme.age_min, programme.age_max
    if low is not None and high is not None:
        return f"{low}歳〜{high}歳"
    if low is not None:
        return f"{low}歳以上"
    if high is not None:
        return f"{high}歳以下"
    return "どなたでも"


def _absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url


def event_record(number: int, programme: Programme) -> dict[str, object]:
    """A programme as a row of イベント一覧 (slots prefetched in time order)."""
    exhibitor = programme.exhibitor
    area_day = exhibitor.area_day
    company = exhibitor.company
    slots = list(programme.slots.all())
    if slots:
        start, end = _hhmm(slots[0].starts_at), _hhmm(slots[-1].ends_at)
    else:
        start, end = area_day.opens_at.strftime("%H:%M"), area_day.closes_at.strftime("%H:%M")
    with translation.override("ja"):
        notes = [
            str(programme.get_kind_display()),
            str(programme.get_admission_display()),
            f"{area_day.area.name}エリア",
        ]
    if programme.takes_reservations and slots:
        times = "、".join(f"{_hhmm(s.starts_at)}〜{_hhmm(s.ends_at)}" for s in slots)
        notes.append(f"時間枠: {times}")
    if programme.duration_minutes:
        notes.append(f"所要時間: {programme.duration_minutes}分")
    return {
        "都道府県コード又は市区町村コード": MUNICIPALITY_CODE,
        "No": number,
        "都道府県名": PREFECTURE,
        "市区町村名": MUNICIPALITY,
        "イベント名": programme.title,
        "開始日": area_day.date.isoformat(),
        "終了日": area_day.date.isoformat(),
        "開始時間": start,
        "終了時間": end,
        "説明": programme.description,
        "料金(基本)": "無料" if not programme.fee else f"{programme.fee}円",
        "連絡先名称": CONTACT,
        "主催者": settings.OPEN_DATA_PUBLISHER,
        "場所名称": company.name,
        "住所": company.address,
        "方書": exhibitor.place,
        "緯度": "" if company.latitude is None else str(company.latitude),
        "経度": "" if company.longitude is None else str(company.longitude),
        "利用可能対象": _ages(programme),
        "画像": _absolute(programme.photo.url) if programme.photo else "",
        "URL": settings.SITE_URL + programme.get_absolute_url(),
        "備考": "。".join(notes),
    }


def event_records(programmes: Iterable[Programme]) -> Iterator[dict[str, object]]:
    for number, programme in enumerate(programmes, start=1):
        yield event_record(number, programme)
