"""The five talent-support programmes named in the committee's minutes and profile (the seed
file), with an application form for each. The seed gives their names and ideas only (技人国
hiring, rent support of 敷金礼金 and three months' rent, 逆疎開採用事業, あやせ工場社員寮事業,
あやせ工場合同入社式・合同研修 since 平成29年4月); periods, amounts and forms are invented, so
every one is marked as demo. Safe to run again: what exists is kept."""

import datetime as dt

from django.utils import timezone

from japanese.dates import fiscal_year

from .models import FormField, Scheme

CONTACT = "綾瀬市 工業振興企業誘致課(綾瀬イノベーション推進委員会 事務局)\n電話 0467-70-5611(デモ)"
CONTACT_EN = "Ayase City, Industrial Promotion Division (secretariat of the committee)\nPhone 0467-70-5611 (demo)"


def _schemes() -> list[dict]:
    return [
        {
            "slug": "highly-skilled-foreign-hires",
            "order": 1,
            "title": "高度人材(技人国)採用支援",
            "title_en": "Hiring skilled foreign workers (Engineer/Specialist in Humanities/International Services visa)",
            "summary": "「技術・人文知識・国際業務」(技人国)の在留資格で外国人材を採用する市内製造業に、在留資格の手続きや受け入れ準備の費用の一部を支援します。転職組の技人国人材の受け入れも対象です。",
            "summary_en": "Support for Ayase manufacturers hiring foreign workers on the Engineer/Specialist in Humanities/International Services status: part of the cost of the visa procedures and of getting ready to receive them. Hires changing jobs are eligible too.",
            "eligibility": "市内に事業所をもつ製造業者。採用予定者が技人国の在留資格を取得(または変更)すること。",
            "eligibility_en": "Manufacturers with a site in Ayase; the hire obtains (or changes to) the Engineer/Specialist status.",
            "benefits": "手続き費用(行政書士報酬・組合手数料等)の2分の1、上限10万円(デモ)。",
            "benefits_en": "Half the cost of the procedures (administrative scrivener, cooperative fees), up to 100,000 yen (demo).",
            "documents": "雇用契約書の写し、在留カードの写し(両面)、費用の領収書",
            "documents_en": "Copy of the employment contract, copy of the residence card (both sides), receipts",
            "fields": [
                ("text", "採用予定者の職種", "Job of the hire", True, ""),
                ("date", "入社(予定)日", "Start date", True, ""),
                ("amount", "手続き費用の合計", "Total cost of the procedures", True, ""),
                ("file", "在留カードの写し", "Copy of the residence card", True, ""),
            ],
        },
        {
            "slug": "rent-support-for-hires-from-other-regions",
            "order": 2,
            "title": "地方採用者への住まい支援(敷金・礼金・家賃補助)",
            "title_en": "Rent support for hires who move to Ayase from other regions",
            "summary": "地方から綾瀬市内の製造業に就職し、市内に転居する新入社員の住まいを支援します。敷金・礼金と、生活基盤が整うまでの家賃を最大3か月分補助します。",
            "summary_en": "Support for new employees of Ayase manufacturers who move to the city from other regions: the deposit, the key money and up to three months' rent, while they settle in.",
            "eligibility": "市外(県外)から転居して市内の製造業者に正社員として採用された方を雇用する事業者。",
            "eligibility_en": "Companies employing, as a regular employee, someone who moves to Ayase from outside the prefecture.",
            "benefits": "敷金・礼金の実費と、家賃3か月分まで(合計上限30万円、デモ)。",
            "benefits_en": "The deposit and key money at cost, and up to three months' rent (at most 300,000 yen in all, demo).",
            "documents": "賃貸借契約書の写し、住民票の写し、雇用契約書の写し",
            "documents_en": "Copy of the lease, certificate of residence, copy of the employment contract",
            "fields": [
                ("text", "採用者の氏名", "Name of the hire", True, ""),
                ("text", "転居前の都道府県", "Prefecture moved from", True, ""),
                ("date", "入社日", "Start date", True, ""),
                ("amount", "敷金・礼金の合計", "Deposit and key money", True, ""),
                ("amount", "月額家賃", "Monthly rent", True, ""),
                ("choice", "補助を希望する家賃の月数", "Months of rent", True, "1|1\n2|2\n3|3"),
                ("file", "賃貸借契約書の写し", "Copy of the lease", True, ""),
                ("long_text", "備考", "Notes", False, ""),
            ],
        },
        {
            "slug": "reverse-evacuation-hiring",
            "order": 3,
            "title": "逆疎開採用事業",
            "title_en": "Hiring from regional cities (reverse evacuation)",
            "summary": "地方には良い人材がいて、地方に出たい人材も地方にいます。地方の工業高校・大学と市内企業を結び、首都圏近郊の綾瀬で働きたい若者の採用を支援します。",
            "summary_en": "Good people live in the regions, and some want to move. The programme connects regional technical schools and universities with Ayase companies, and supports hiring young people who want to work near Tokyo.",
            "eligibility": "市内の製造業者。",
            "eligibility_en": "Manufacturers in Ayase.",
            "benefits": "地方での合同説明会への出展費用の補助(上限5万円、デモ)。",
            "benefits_en": "A grant towards the cost of joint recruiting fairs in the regions (up to 50,000 yen, demo).",
            "documents": "説明会の案内、費用の見積書",
            "documents_en": "The fair's notice, a quote of the costs",
            "fields": [
                ("text", "説明会の名称と開催地", "Fair and place", True, ""),
                ("date", "開催日", "Date", True, ""),
                ("amount", "出展費用", "Cost", True, ""),
                ("file", "見積書", "Quote", False, ""),
            ],
        },
        {
            "slug": "ayase-factory-dormitories",
            "order": 4,
            "title": "あやせ工場社員寮事業",
            "title_en": "Ayase factory company dormitories",
            "summary": "複数の市内企業で共同利用する社員寮を用意し、地方や海外から採用した社員の住まいを確保します。",
            "summary_en": "Dormitories shared by several Ayase companies, so that hires from other regions or abroad have a place to live.",
            "eligibility": "市内の製造業者(入居者は当該企業の社員)。",
            "eligibility_en": "Manufacturers in Ayase (residents are their employees).",
            "benefits": "共同社員寮の居室の利用(家賃の一部を市が補助、デモ)。",
            "benefits_en": "Rooms in the shared dormitories (the city pays part of the rent, demo).",
            "documents": "入居予定者の雇用契約書の写し",
            "documents_en": "Copy of the resident's employment contract",
            "fields": [
                ("number", "希望する居室数", "Rooms wanted", True, ""),
                ("date", "入居希望日", "Moving-in date", True, ""),
            ],
        },
        {
            "slug": "joint-entrance-ceremony-and-training",
            "order": 5,
            "title": "あやせ工場合同入社式・合同研修",
            "title_en": "Ayase factories' joint entrance ceremony and joint training",
            "summary": "市内に就職した新人を対象に、合同入社式と合同研修を実施しています(平成29年4月~)。若手同士のネットワーク構築と人材定着を目指します。",
            "summary_en": "A joint entrance ceremony and joint training for new employees of Ayase companies, held since April 2017, to build a network among young employees and help them stay.",
            "eligibility": "市内の事業者に就職した新入社員。",
            "eligibility_en": "New employees of Ayase companies.",
            "benefits": "参加費無料(デモ)。",
            "benefits_en": "Free of charge (demo).",
            "documents": "なし",
            "documents_en": "None",
            "fields": [
                ("number", "参加人数", "Participants", True, ""),
                ("long_text", "参加者の氏名と職種", "Participants' names and jobs", True, ""),
            ],
        },
    ]


def load() -> list[str]:
    year = fiscal_year(timezone.localdate())
    created = 0
    for data in _schemes():
        fields = data.pop("fields")
        scheme, was_created = Scheme.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **data,
                "contact": CONTACT,
                "contact_en": CONTACT_EN,
                "opens_on": dt.date(year, 4, 1),
                "closes_on": dt.date(year + 1, 3, 31),
                "is_demo": True,
            },
        )
        created += was_created
        if was_created:
            for order, (kind, label, label_en, required, choices) in enumerate(fields, 1):
                FormField.objects.create(
                    scheme=scheme,
                    order=order * 10,
                    kind=kind,
                    label=label,
                    label_en=label_en,
                    required=required,
                    choices=choices,
                )
    return [f"talent programmes: {created} created, {5 - created} kept"]
