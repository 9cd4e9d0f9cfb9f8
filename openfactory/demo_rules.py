"""Demo visitor rules and accessibility facts for the coming demo edition (load_demo).

The list of rules is the issue's (age limits, clothing and shoes at metalworking sites,
photography, groups of ten or more, parking); the details (ages, numbers) and every
factory's facts are invented and marked as demo.
"""

import datetime as dt

from .models import Edition, Exhibitor, ExhibitorAccessibility, Programme, VisitorRules

RULES_JA = """【デモ】来場のみなさまへのお願い(架空の内容です)

年齢制限: プログラムごとの対象年齢をご確認ください。小学生以下のお子さまは保護者の方とご一緒にお越しください。

服装と靴: 金属加工の工場では、長ズボンとかかとのある閉じた靴(サンダル・ヒール不可)でお越しください。長い髪はまとめてください。

写真撮影: 工場内の撮影は、各社の案内に従ってください。撮影禁止の場所があります。ほかの来場者や従業員の顔が写る写真をSNSに載せないでください。

10人以上の団体: 事前に綾瀬イノベーション推進委員会事務局までご相談ください。

駐車場: 各工場の駐車場は限られています。公共交通機関か自転車でお越しください。駐車場の有無は各工場のページでご確認いただけます。"""

RULES_EN = """[Demo] For visitors (invented text)

Age limits: please check the ages of each programme. Children of primary school age and younger come with a parent.

Clothing and shoes: at metalworking factories, wear long trousers and closed shoes with heels (no sandals or high heels). Tie back long hair.

Photography: follow each company's guidance inside the factory; some places may not be photographed. Do not post photos showing other visitors' or workers' faces on social media.

Groups of ten or more: please ask the secretariat of the Ayase Innovation Promotion Committee first.

Parking: the factories have few parking spaces. Please come by public transport or bicycle; each factory's page says whether it has parking."""

# company slug: (step_free, accessible_toilet, parking, pushchairs, quiet hours, note, note_en)
ACCESSIBILITY = {
    "demo-yoshioka-seimitsu": (
        "yes",
        "yes",
        "yes",
        "yes",
        "13:00〜14:00",
        "入口から見学通路まで段差はありません。(デモ)",
        "No steps from the entrance to the tour walkway. (demo)",
    ),
    "demo-hayakawa-tosou": (
        "no",
        "no",
        "yes",
        "unknown",
        "",
        "入口に2段の段差があります。スタッフがお手伝いします。(デモ)",
        "Two steps at the entrance; our staff will help. (demo)",
    ),
    "demo-kamitsuchidana-bankin": (
        "yes",
        "unknown",
        "no",
        "yes",
        "12:00〜13:00",
        "",
        "",
    ),
    # demo-ayase-jushi tells nothing: every fact "not known".
}

# company slug: (extra rules, in English)
EXTRA_RULES = {
    "demo-yoshioka-seimitsu": (
        "【デモ】切削機の近くを通ります。長ズボンと、つま先の出ない靴でお越しください。",
        "[Demo] The tour passes the cutting machines: wear long trousers and closed shoes.",
    ),
    "demo-kamitsuchidana-bankin": (
        "【デモ】金属の板を扱います。軍手をお貸しします。爪の長い方はご相談ください。",
        "[Demo] You handle metal sheets: we lend gloves.",
    ),
}


def load(today: dt.date) -> str:
    """Rules and facts for the coming demo edition, where missing (staff edits are kept)."""
    edition = Edition.objects.filter(is_demo=True, year__gte=today.year).order_by("year").first()
    if edition is None:
        return "open factory demo rules: skipped (no coming demo edition)"
    _rules, created = VisitorRules.objects.get_or_create(
        edition=edition, defaults={"body": RULES_JA, "body_en": RULES_EN, "is_demo": True}
    )
    facts = 0
    for exhibitor in Exhibitor.objects.filter(area_day__edition=edition).select_related("company"):
        values = ACCESSIBILITY.get(exhibitor.company.slug)
        if values and not ExhibitorAccessibility.objects.filter(exhibitor=exhibitor).exists():
            step, toilet, parking, pushchairs, quiet, note, note_en = values
            ExhibitorAccessibility.objects.create(
                exhibitor=exhibitor,
                step_free=step,
                accessible_toilet=toilet,
                parking=parking,
                pushchairs=pushchairs,
                quiet_hours=quiet,
                note=note,
                note_en=note_en,
            )
            facts += 1
        extra = EXTRA_RULES.get(exhibitor.company.slug)
        if extra:
            Programme.objects.filter(
                exhibitor=exhibitor, is_demo=True, extra_rules="", admission="reservation"
            ).update(extra_rules=extra[0], extra_rules_en=extra[1])
    return (
        f"open factory demo rules: {'created' if created else 'kept'}, "
        f"accessibility of {facts} factories added (invented, marked as demo)"
    )
