"""Demo companies, made up and marked as such, so that the directory is not empty; and the
committee's own account, which posts to Smart Navi like a company.

Their addresses name the real 町 of their area only, and their map positions are points
inside it, so that the open factory's map links and walking order have something to show;
both are marked as the demo's, not a factory's."""

from decimal import Decimal

from .models import Company

COMMITTEE = {
    "slug": "ayase-innovation-committee",
    "name": "綾瀬イノベーション推進委員会",
    "name_kana": "あやせいのべーしょんすいしんいいんかい",
    "summary": "市内製造業の若手経営者・幹部による委員会。あやせ工場スマートナビやオープンファクトリーを運営しています。",
    "is_committee": True,
    "is_listed": True,
    "posting_reminders": False,
}

DEMO_COMPANIES = [
    {
        "slug": "demo-ayase-jushi",
        "name": "あやせ樹脂工業(デモ)",
        "name_kana": "あやせじゅしこうぎょう",
        "summary": "射出成形による樹脂部品の製造。金型設計から組立まで一貫対応。",
        "industry": "plastics",
        "area": "industrial_park",
        "address": "神奈川県綾瀬市吉岡東(デモの所在地)",
        "latitude": Decimal("35.428600"),
        "longitude": Decimal("139.418900"),
    },
    {
        "slug": "demo-yoshioka-seimitsu",
        "name": "吉岡精密(デモ)",
        "name_kana": "よしおかせいみつ",
        "summary": "NC旋盤・マシニングセンタによる精密切削加工。試作1個から。",
        "industry": "metal",
        "area": "yoshioka",
        "address": "神奈川県綾瀬市吉岡(デモの所在地)",
        "latitude": Decimal("35.415200"),
        "longitude": Decimal("139.429300"),
    },
    {
        "slug": "demo-kamitsuchidana-bankin",
        "name": "上土棚板金製作所(デモ)",
        "name_kana": "かみつちだなばんきんせいさくしょ",
        "summary": "レーザー加工・曲げ・溶接の精密板金。装置カバーや架台の製作。",
        "industry": "sheet_metal",
        "area": "kamitsuchidana",
        "address": "神奈川県綾瀬市上土棚中(デモの所在地)",
        "latitude": Decimal("35.424100"),
        "longitude": Decimal("139.440200"),
    },
    {
        "slug": "demo-hayakawa-tosou",
        "name": "早川塗装(デモ)",
        "name_kana": "はやかわとそう",
        "summary": "粉体塗装と焼付塗装。小ロット・多品種に対応。",
        "industry": "surface",
        "area": "hayakawa",
        "address": "神奈川県綾瀬市早川(デモの所在地)",
        "latitude": Decimal("35.438300"),
        "longitude": Decimal("139.414600"),
    },
]


def committee_company() -> tuple[Company, bool]:
    """The committee's Company record (not demo data: the committee really posts)."""
    company = Company.objects.filter(is_committee=True).first()
    if company is not None:
        return company, False
    return Company.objects.get_or_create(slug=COMMITTEE["slug"], defaults=COMMITTEE)


def load() -> list[str]:
    created = 0
    for data in DEMO_COMPANIES:
        _company, was_created = Company.objects.get_or_create(
            slug=data["slug"], defaults={**data, "is_demo": True}
        )
        created += was_created
    _committee, committee_created = committee_company()
    return [
        f"demo companies: {created} created, {len(DEMO_COMPANIES) - created} kept",
        f"committee account: {'created' if committee_created else 'kept'}",
    ]
