"""Demo data of the open factory: the four areas, the 2022 and 2023 editions with the
committee's published figures, and an invented upcoming edition with the demo companies'
programmes and slots.

Real: the four areas, 第4回 (2022) and 第5回 (2023) with the のべ来場者数 and 出展企業数 the
committee published per area, 2023's dates and 2022's first (吉岡 9/3, from the minutes of
2022-09-05), the HP and SNS addresses. Invented and marked as demo: the upcoming edition
(numbered after them), its days, exhibitors, programmes and slots. The upcoming days are set a few weeks ahead of the day load_demo runs,
so that the demo always has slots to reserve. An invented past edition before it holds the
demo visitor passes and their visits (demo_passes).
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from companies.models import Company

from . import demo_passes, demo_rules
from .models import Area, AreaDay, Edition, Exhibitor, Programme, Slot

# (name, kana, slug, the city's area as the company directory names it)
AREAS = [
    ("吉岡", "よしおか", "yoshioka", "yoshioka"),
    ("早川・さがみ野・小園", "はやかわ・さがみの・こぞの", "hayakawa", "hayakawa"),
    ("上土棚・与蔵山下", "かみつちだな・よぞうやました", "kamitsuchidana", "kamitsuchidana"),
    ("綾瀬工業団地", "あやせこうぎょうだんち", "kogyodanchi", "industrial_park"),
]
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
    for order, (name, kana, slug, city_area) in enumerate(AREAS, start=1):
        area, was_created = Area.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_kana": kana, "order": order, "city_area": city_area},
        )
        areas[slug] = area
        created += was_created
    return areas, created


# The committee's published figures (のべ来場者数, 出展企業数) of its past editions, entered as
# city staff enter an edition that had no online reception: per area, (date, visitors,
# companies). 2022's first date is in the minutes of 2022-09-05 (吉岡 9/3, and "9/10をはじめ"
# for what followed); its other three dates are not, and are the following Saturdays, said so
# in the edition's text.
PAST_EDITIONS = {
    2022: (
        4,
        "あやせ工場オープンファクトリー2022",
        "4エリア4日程で開催。のべ来場者数1,720人、出展41社(委員会の公表値)。吉岡エリア(9/3)では"
        "のべ450人が来場し、アンケートでは来場者の満足度が高い結果となりました(令和4年9月5日 "
        "定例会の議事録より)。吉岡以外の開催日は議事録になく、仮の日付です。",
        {
            "yoshioka": (dt.date(2022, 9, 3), 450, 13),
            "hayakawa": (dt.date(2022, 9, 10), 350, 10),
            "kamitsuchidana": (dt.date(2022, 9, 17), 300, 6),
            "kogyodanchi": (dt.date(2022, 9, 24), 620, 12),
        },
    ),
    2023: (
        5,
        "あやせ工場オープンファクトリー2023",
        "4エリア4日程で開催。のべ来場者数3,990人、出展59社(委員会の公表値)。",
        {
            "yoshioka": (dt.date(2023, 7, 22), 1100, 20),
            "hayakawa": (dt.date(2023, 7, 29), 750, 14),
            "kamitsuchidana": (dt.date(2023, 9, 2), 600, 7),
            "kogyodanchi": (dt.date(2023, 9, 9), 1540, 18),
        },
    ),
}
# 第4回 was 2022, one edition a year since: the demo's coming edition is numbered after them.
NUMBER_OF_2022 = 4


def _past_edition(areas, year: int) -> str:
    number, title, description, days = PAST_EDITIONS[year]
    if Edition.objects.filter(Q(year=year) | Q(number=number)).exists():
        return f"open factory {year}: kept"
    edition = Edition.objects.create(
        number=number,
        year=year,
        title=title,
        description=description,
        is_published=True,
        status=Edition.Status.CLOSED,
        **LINKS,
    )
    for slug, (date, visitors, companies) in days.items():
        AreaDay.objects.create(
            edition=edition,
            area=areas[slug],
            date=date,
            visitors_recorded=visitors,
            exhibitors_recorded=companies,
        )
    total = sum(visitors for _date, visitors, _companies in days.values())
    return f"open factory {year} (第{number}回): created (のべ{total:,}人, the committee's figures)"


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
    number = NUMBER_OF_2022 + year - 2022
    if Edition.objects.filter(number=number).exists():
        return f"open factory demo edition: skipped (第{number}回 exists)"
    edition = Edition.objects.create(
        number=number,
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
    for date, (_name, _kana, slug, _city_area) in zip(days, AREAS, strict=True):
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
        _past_edition(areas, 2022),
        _past_edition(areas, 2023),
        _upcoming_edition(areas, today),
        demo_routes(),
        demo_rules.load(today),
        _exhibitor_call(today),
        demo_passes.load(today, number_of_2022=NUMBER_OF_2022, links=LINKS),
        demo_passes.load_quizzes(today),
    ]


# --- Model routes of the upcoming demo edition (openfactory.models.routes) -----------------

# The demo has one factory per area; on the industrial park's day, where the main venue is,
# the other demo companies show at a joint booth, so that its routes have several stops.
DEMO_GUEST_BOOTHS = {
    "demo-yoshioka-seimitsu": "金属加工の実演と部品の展示",
    "demo-hayakawa-tosou": "塗装見本とカラーシミュレーション",
}
DEMO_ROUTES = [
    # audience, title, title_en, description, [(company slug, minutes to the next, how)]
    (
        "families",
        "親子で回るコース(デモ)",
        "A route for families (demo)",
        "小学生と一緒に、樹脂の工場見学から金属と塗装のブースへ。ゆっくり歩いて回れます。",
        [
            ("demo-ayase-jushi", 10, "walking"),
            ("demo-yoshioka-seimitsu", 2, "walking"),
            ("demo-hayakawa-tosou", None, "walking"),
        ],
    ),
    (
        "job_seekers",
        "就職・転職を考えている方のコース(デモ)",
        "A route for job seekers (demo)",
        "ものづくりの現場と働く人の話を聞けるコース。自転車で来られる方向けです。",
        [
            ("demo-hayakawa-tosou", 2, "walking"),
            ("demo-ayase-jushi", 5, "cycling"),
            ("demo-yoshioka-seimitsu", None, "walking"),
        ],
    ),
]


def demo_routes() -> str:
    """Routes on the upcoming demo edition's industrial park day, once."""
    from .services.routes import StopPlan, route_create

    area_day = (
        AreaDay.objects.filter(edition__is_demo=True, area__slug="kogyodanchi")
        .order_by("-edition__year")
        .first()
    )
    if area_day is None:
        return "open factory demo routes: skipped (no demo edition)"
    if area_day.routes.exists():
        return "open factory demo routes: kept"
    companies = {c.slug: c for c in Company.objects.filter(is_demo=True)}
    for slug, shows in DEMO_GUEST_BOOTHS.items():
        if slug in companies:
            Exhibitor.objects.get_or_create(
                area_day=area_day,
                company=companies[slug],
                defaults={"place": "受付テント横 合同ブース(デモ)", "shows": shows, "order": 10},
            )
    exhibitors = {e.company.slug: e for e in area_day.exhibitors.select_related("company")}
    made = 0
    for order, (audience, title, title_en, text, stops) in enumerate(DEMO_ROUTES):
        plans = [StopPlan(exhibitors[s], m, how) for s, m, how in stops if s in exhibitors]
        if len(plans) < 2:
            continue
        route_create(
            area_day=area_day,
            audience=audience,
            title=title,
            title_en=title_en,
            description=text,
            stops=plans,
            order=order,
            is_demo=True,
        )
        made += 1
    return f"open factory demo routes: {made} created on {area_day}"


def _exhibitor_call(today: dt.date) -> str:
    """The coming demo edition's call for exhibitors, open for a few weeks."""
    from .models import ExhibitorCall

    edition = Edition.objects.filter(is_demo=True, year__gte=today.year).order_by("year").first()
    if edition is None:
        return "open factory demo call for exhibitors: skipped (no coming demo edition)"
    if ExhibitorCall.objects.filter(edition=edition).exists():
        return "open factory demo call for exhibitors: kept"
    first_day = edition.area_days.order_by("date").values_list("date", flat=True).first() or today
    deadline = max(today + dt.timedelta(days=7), first_day - dt.timedelta(days=14))
    ExhibitorCall.objects.create(
        edition=edition,
        benefits=(
            "市内外から来場者が工場を訪れ、自社の技術や製品を直接知ってもらえます。"
            "採用活動や企業間の交流のきっかけにもなります。(デモデータ)"
        ),
        benefits_en=(
            "Visitors from Ayase and beyond see your technology and products first-hand; "
            "it opens doors to hiring and to other companies. (Demo data)"
        ),
        duties=(
            "当日の受付・安全管理、事前説明会(1回)への参加、来場者数の報告をお願いします。"
            "(デモデータ)"
        ),
        duties_en=(
            "Run your reception and safety on the day, attend one briefing, and report your "
            "visitor numbers. (Demo data)"
        ),
        deadline=timezone.make_aware(dt.datetime.combine(deadline, dt.time(17, 0))),
        is_open=True,
        is_demo=True,
    )
    return "open factory demo call for exhibitors: created"
