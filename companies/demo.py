"""Demo companies, made up and marked as such, so that the directory is not empty."""

from .models import Company

DEMO_COMPANIES = [
    {
        "slug": "demo-ayase-jushi",
        "name": "あやせ樹脂工業(デモ)",
        "name_kana": "あやせじゅしこうぎょう",
        "summary": "射出成形による樹脂部品の製造。金型設計から組立まで一貫対応。",
    },
    {
        "slug": "demo-yoshioka-seimitsu",
        "name": "吉岡精密(デモ)",
        "name_kana": "よしおかせいみつ",
        "summary": "NC旋盤・マシニングセンタによる精密切削加工。試作1個から。",
    },
    {
        "slug": "demo-kamitsuchidana-bankin",
        "name": "上土棚板金製作所(デモ)",
        "name_kana": "かみつちだなばんきんせいさくしょ",
        "summary": "レーザー加工・曲げ・溶接の精密板金。装置カバーや架台の製作。",
    },
    {
        "slug": "demo-hayakawa-tosou",
        "name": "早川塗装(デモ)",
        "name_kana": "はやかわとそう",
        "summary": "粉体塗装と焼付塗装。小ロット・多品種に対応。",
    },
]


def load() -> list[str]:
    created = 0
    for data in DEMO_COMPANIES:
        _company, was_created = Company.objects.get_or_create(
            slug=data["slug"], defaults={**data, "is_demo": True}
        )
        created += was_created
    return [f"demo companies: {created} created, {len(DEMO_COMPANIES) - created} kept"]
