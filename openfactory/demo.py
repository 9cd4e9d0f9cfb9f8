"""Demo data of the open factory: the four areas, the 2022 edition as the minutes tell it, and
an invented upcoming edition with the demo companies' programmes and slots.

Real (from the committee's minutes of 2022-09-05): the four areas on four days in 2022, 吉岡
on 2022-09-03 with のべ450人, the HP and SNS addresses. Invented and marked as demo: the
numbering (第1回 = 2022, one edition a year), the upcoming edition, its days, exhibitors,
programmes and slots. The upcoming days are set a few weeks ahead of the day load_demo runs,
so that the demo always has slots to reserve.
"""

import datetime as dt

from django.utils import timezone

from companies.models import Company

from .models import Area, AreaDay, Edition, Exhibitor, Programme, Slot

AREAS = [
    ("吉岡", "よしおか", "yoshioka"),
    ("早川・さがみ野・小園", "はやかわ・さがみの・こぞの", "hayakawa"),
    ("上土棚・与蔵山下", "かみつちだな・よぞうやました", "kamitsuchidana"),
    ("綾瀬工業団地", "あやせこうぎょうだんち", "kogyodanchi"),
]
FIRST_YEAR = 2022
LINKS = {
    "website": "https://www.ayase-kougyoudanchi.jp/open-factory/",
    "x_url": "https://twitter.com/ayasefactory",
    "instagram_url": "https://www.instagram.com/ayaseopenfactory/",
    "facebook_url": "https://www.facebook.com/ayaseopenfactory/",
}

# Per demo company: the area it opens in, where, what it shows, and its programmes:
# (kind, title, description, age_min, age_max, minutes, fee, admission, allocation, seats, times)
DEMO_EXHIBITS = {
    "demo-yoshioka-seimitsu": (
        "yoshioka",
        "本社工場(吉岡)",
        "NC旋盤とマシニングセンタが金属を削る様子",
        [
            (
                "tour",
                "精密切削の工場見学",
                "0.01mmの精度で金属を削る工場をご案内します。",
                10,
                None,
                45,
                0,
                "reservation",
                "first_come",
                10,
                ["10:00", "11:00", "13:00", "14:00"],
            ),
            (
                "workshop",
                "ミニ文鎮をつくろう",
                "削り出したアルミに刻印をして、自分だけの文鎮を作ります。",
                6,
                12,
                20,
                500,
                "reservation",
                "lottery",
                8,
                ["10:30", "13:30", "15:00"],
            ),
        ],
    ),
    "demo-hayakawa-tosou": (
        "hayakawa",
        "第二工場(早川)",
        "粉体塗装ラインと焼付炉",
        [
            (
                "workshop",
                "塗装体験 〜好きな色でプレートを塗ろう〜",
                "スプレーガンで金属プレートに色を塗ります。汚れてもよい服装で。",
                5,
                12,
                30,
                0,
                "reservation",
                "first_come",
                6,
                ["10:00", "11:00", "13:00", "14:00", "15:00"],
            ),
            (
                "booth",
                "塗装ブース見学",
                "予約なしで、塗装ブースを窓越しにご覧いただけます。",
                None,
                None,
                None,
                0,
                "walk_in",
                "first_come",
                0,
                [],
            ),
        ],
    ),
    "demo-kamitsuchidana-bankin": (
        "kamitsuchidana",
        "上土棚工場",
        "レーザー加工機と曲げ加工",
        [
            (
                "workshop",
                "板金でキーホルダーづくり",
                "レーザーで切り抜いたステンレスを曲げて、キーホルダーに仕上げます。",
                6,
                15,
                40,
                300,
                "reservation",
                "first_come",
                8,
                ["10:00", "11:30", "13:30", "15:00"],
            ),
            (
                "exhibit",
                "レーザー加工の実演",
                "レーザー加工機が板を切り抜く様子を実演します。",
                None,
                None,
                None,
                0,
                "walk_in",
                "first_come",
                0,
                [],
            ),
        ],
    ),
    "demo-ayase-jushi": (
        "kogyodanchi",
        "綾瀬工業団地 本社工場",
        "射出成形機と金型",
        [
            (
                "tour",
                "射出成形の工場見学",
                "樹脂が金型で部品になるまでを見学します。",
                8,
                None,
                40,
                0,
                "reservation",
                "first_come",
                12,
                ["10:00", "11:00", "13:00", "14:00"],
            ),
            (
                "exhibit",
                "樹脂のふしぎ パネル展示",
                "身の回りの樹脂部品を展示しています。",
                None,
                None,
                None,
                0,
                "walk_in",
                "first_come",
                0,
                [],
            ),
        ],
    ),
}


def _areas() -> tuple[dict[str, Area], int]:
    areas, created = {}, 0
    for order, (name, kana, slug) in enumerate(AREAS, start=1):
        area, was_created = Area.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_kana": kana, "order": order}
        )
        areas[slug] = area
        created += was_created
    return areas, created


def _edition_2022(areas) -> str:
    if Edition.objects.filter(year=2022).exists():
        return "open factory 2022: kept"
    edition = Edition.objects.create(
        number=1,
        year=2022,
        title="あやせ工場オープンファクトリー2022",
        description=(
            "4エリア4日程で開催。吉岡エリア(9/3)ではのべ450人が来場し、アンケートでは来場者の"
            "満足度が高い結果となりました(令和4年9月5日 定例会の議事録より)。"
            "回数(第1回)はデモ用の仮の番号です。"
        ),
        is_published=True,
        status=Edition.Status.CLOSED,
        **LINKS,
    )
    AreaDay.objects.create(
        edition=edition, area=areas["yoshioka"], date=dt.date(2022, 9, 3), visitors_recorded=450
    )
    return "open factory 2022: created (吉岡 9/3, のべ450人, from the minutes)"


def _saturdays_ahead(today: dt.date, count: int) -> list[dt.date]:
    first = today + dt.timedelta(days=21)
    first += dt.timedelta(days=(5 - first.weekday()) % 7)
    return [first + dt.timedelta(weeks=i) for i in range(count)]


def _upcoming_edition(areas, today: dt.date) -> str:
    if Edition.objects.filter(is_demo=True, year__gte=today.year).exists():
        return "open factory demo edition: kept"
    days = _saturdays_ahead(today, len(AREAS))
    year = days[0].year
    if Edition.objects.filter(year=year).exists():
        return f"open factory demo edition: skipped (an edition of {year} exists)"
    edition = Edition.objects.create(
        number=year - FIRST_YEAR + 1,
        year=year,
        title=f"あやせ工場オープンファクトリー{year}(デモ)",
        description=(
            "綾瀬市内のものづくり企業が工場を開き、見学や体験でお迎えします。"
            "4つのエリアを4日間で巡ります。(デモデータ: 日程・出展・プログラムは架空です)"
        ),
        is_published=True,
        status=Edition.Status.OPEN,
        is_demo=True,
        **LINKS,
    )
    area_days = {}
    for date, (_name, _kana, slug) in zip(days, AREAS, strict=True):
        area_days[slug] = AreaDay.objects.create(
            edition=edition,
            area=areas[slug],
            date=date,
            opens_at=dt.time(10, 0),
            closes_at=dt.time(16, 0),
            main_venue=f"{areas[slug].name}エリア 受付テント(デモ)",
            map_url="https://www.openstreetmap.org/search?query=%E7%B6%BE%E7%80%AC%E5%B8%82",
        )
    companies = {c.slug: c for c in Company.objects.filter(is_demo=True)}
    programmes = slots = 0
    for slug, (area_slug, place, shows, items) in DEMO_EXHIBITS.items():
        company = companies.get(slug)
        if company is None:
            continue
        area_day = area_days[area_slug]
        exhibitor = Exhibitor.objects.create(
            area_day=area_day, company=company, place=place, shows=shows
        )
        for (
            kind,
            title,
            text,
            age_min,
            age_max,
            minutes,
            fee,
            admission,
            allocation,
            seats,
            times,
        ) in items:
            start_of_day = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time.min))
            programme = Programme.objects.create(
                exhibitor=exhibitor,
                kind=kind,
                title=title,
                description=text,
                age_min=age_min,
                age_max=age_max,
                duration_minutes=minutes,
                fee=fee,
                admission=admission,
                allocation=allocation,
                lottery_closes_at=(start_of_day - dt.timedelta(days=7))
                if allocation == "lottery"
                else None,
                is_demo=True,
            )
            programmes += 1
            for time in times:
                hour, minute = map(int, time.split(":"))
                starts = start_of_day + dt.timedelta(hours=hour, minutes=minute)
                Slot.objects.create(
                    programme=programme,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=minutes),
                    seats=seats,
                )
                slots += 1
    return (
        f"open factory demo edition {year}: created (4 area days, {programmes} programmes, "
        f"{slots} slots, invented and marked as demo)"
    )


def load(*, today: dt.date | None = None) -> list[str]:
    """Load what is missing; what exists (and staff edits to it) is kept."""
    today = today or timezone.localdate()
    areas, created = _areas()
    return [
        f"open factory areas: {created} created, {len(AREAS) - created} kept",
        _edition_2022(areas),
        _upcoming_edition(areas, today),
    ]
