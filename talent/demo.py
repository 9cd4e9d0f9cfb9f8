"""Demo data of the talent app's people programmes: guidance pages, checklist items, a joint
entrance ceremony and training, and dormitory houses.

Real (from the committee's minutes of 2022-09-05 and its profile): the joint entrance
ceremony and training since 平成29年4月, the dormitory programme (あやせ工場社員寮事業) and the
remark that a house suits trainees better than an apartment, and that a 技人国 hire who
changes jobs may not understand the status on their own residence card. Invented and marked
as demo: everything else. The guidance texts are general and marked "to be checked by the
city" (needs_check): the authoritative rules are the Immigration Services Agency's. Running
load() again keeps what exists (city staff's edits included) and adds what is missing.
"""

import datetime as dt

from django.utils import timezone

from .models import CeremonyEvent, ChecklistItem, GuidancePage, House

ISA = "https://www.moj.go.jp/isa/"

GUIDANCE = [
    (
        "residence-status",
        "在留カードで 在留資格と 在留期間を 見る",
        f"""在留カードには 大切な ことが 書いて あります。

- **在留資格**: 日本で どんな 活動が できるか
- **在留期間**: いつまで 日本に いられるか(満了日)
- **就労制限の有無**: 仕事が できるか

会社は、やとう 前に 本物の カードを 見て ください。カードの うらも 見て ください。

在留期間が 終わる 前に、本人が 更新の 申請を します。満了日を メモして おきましょう。

カードが 有効か どうかは、[出入国在留管理庁(入管)]({ISA}) の ページで 調べる ことが できます。

くわしい ルールは 入管が 決めます。わからない ときは 入管に 聞いて ください。""",
        "Check the status of residence and the period of stay on the residence card",
        f"""The residence card (在留カード) shows what matters:

- **Status of residence**: what activities the person may do in Japan
- **Period of stay**: until when the person may stay (the date it ends)
- **Work restrictions**: whether the person may work

Before hiring, the company looks at the original card, front and back.

Before the period of stay ends, the person applies to extend it. Note the date it ends.

Whether a card is valid can be checked on the website of the
[Immigration Services Agency of Japan]({ISA}).

The rules are made by the Immigration Services Agency. When in doubt, ask them.""",
    ),
    (
        "job-change",
        "ほかの 会社から 転職して きた 人を やとう とき",
        f"""転職して くる 人は 多いです。

在留資格で できる 仕事は きまって います。新しい 会社の 仕事が、その 在留資格で できる 仕事か どうか 確認して ください。

本人が、自分の 在留資格を よく わかって いない ことも あります。カードを 本人と いっしょに 見て、話して ください。

会社を かわった とき、本人は 入管に 届け出を します。会社も、ハローワークへの 届け出などが あります。

新しい 仕事が 在留資格に あって いるか 心配な ときは、入管に 相談して ください。[出入国在留管理庁]({ISA})""",
        "Hiring someone who changes jobs from another company",
        f"""Many people come to a new company by changing jobs.

Each status of residence allows certain kinds of work only. Check that the work at your
company is work that the person's status allows.

The person may not fully understand the status on their own card. Look at the card together
and talk about it.

When the person changes employer, they notify the Immigration Services Agency. The company
has notifications of its own too, for example to Hello Work.

If you are not sure that the new job fits the status, ask the
[Immigration Services Agency]({ISA}).""",
    ),
    (
        "gijinkoku-and-technical-interns",
        "「技術・人文知識・国際業務」と「技能実習」の ちがい",
        f"""**技術・人文知識・国際業務**(技人国)は、専門の 知識を つかう 仕事の ための 在留資格です。たとえば 設計(CAD)や 技術の 仕事です。ふつう、大学などで 学んだ ことや 仕事の 経験と 関係が ある 仕事です。

**技能実習**は、技能を 学んで 国に 持ち帰る ための 制度です。実習の 計画が あります。会社を かわる ことは、ふつうは できません。

この 二つは 目的が ちがいます。できる 仕事も ちがいます。

国は 技能実習の 制度を 見直して います。新しい ルールは [出入国在留管理庁]({ISA}) で 確認して ください。""",
        "Engineer/Specialist in Humanities/International Services, and Technical Intern Training: the difference",
        f"""**Engineer/Specialist in Humanities/International Services** (技術・人文知識・国際業務,
often called 技人国) is a status of residence for work that uses specialist knowledge, for
example design (CAD) or engineering. The work usually relates to what the person studied or
to their work experience.

**Technical Intern Training** (技能実習) is a programme for learning skills to take back to the
home country. It follows a training plan. Changing employer is in principle not possible.

The two have different purposes, and allow different work.

The government is reforming the technical intern training programme. Check the current rules
with the [Immigration Services Agency]({ISA}).""",
    ),
    (
        "supervising-organisation-or-direct",
        "監理団体(組合)を 通す か、会社が 直接 やとう か",
        f"""外国人を やとう とき、**監理団体**(組合)を 通す 方法と、会社が **直接** やとう 方法が あります。

技能実習生は、多くの 場合 監理団体を 通して 受け入れます。監理団体は 会社と 実習生を 支えます。

技人国の 人は、会社が 直接 やとう ことも できます。組合や 紹介会社を 通す ことも できます。手数料は それぞれ ちがいます。はじめに 確認して ください。

わからない ときは、商工会や 市に 相談して ください。ルールは [出入国在留管理庁]({ISA}) で 確認して ください。""",
        "Through a supervising organisation (union), or hiring directly",
        f"""A company can hire staff from abroad through a **supervising organisation** (監理団体,
often a cooperative union), or **directly**.

Technical intern trainees are in most cases accepted through a supervising organisation,
which supports both the company and the trainees.

A 技人国 hire can be hired directly by the company, or through a union or a recruitment
agency. Their fees differ: ask about them first.

When in doubt, ask the chamber of commerce (商工会) or the city. Check the rules with the
[Immigration Services Agency]({ISA}).""",
    ),
]

CHECKLIST = [
    (
        "本物の 在留カードを 見て、在留資格を 確認した",
        "Saw the original residence card and checked the status of residence",
        None,
    ),
    (
        "仕事の 内容が、在留資格で できる 仕事か 確認した",
        "Checked that the job is work the status of residence allows",
        None,
    ),
    (
        "在留期間の 満了日を 確認した",
        "Checked the day the period of stay ends",
        ("在留期間の 満了日", "Period of stay ends on"),
    ),
    (
        "在留カードを 本人と いっしょに 見て、在留資格を 説明した",
        "Went through the card's status with the hire",
        None,
    ),
    (
        "転職の 場合: 本人が 入管へ 届け出を したか 確認した",
        "If the hire changed jobs: checked that they notified the Immigration Services Agency",
        ("届け出の 日", "Notified on"),
    ),
    (
        "ハローワークへ 外国人雇用状況の 届け出を した",
        "Notified Hello Work of the employment of a foreign national",
        ("届け出の 日", "Notified on"),
    ),
]

HOUSES = [
    (
        "吉岡の家(デモ)",
        "house",
        "吉岡",
        "綾瀬市吉岡(デモの住所)",
        6,
        "一軒家。実習生の共同生活に向いています。",
    ),
    ("早川の家(デモ)", "house", "早川", "綾瀬市早川(デモの住所)", 4, ""),
    ("小園のアパート(デモ)", "apartment", "小園", "綾瀬市小園(デモの住所)", 3, "2DK。"),
]


def load() -> list[str]:
    report = []
    made = 0
    for order, (slug, title_ja, body_ja, title_en, body_en) in enumerate(GUIDANCE, start=1):
        _page, created = GuidancePage.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order * 10,
                "title_ja": title_ja,
                "body_ja": body_ja,
                "title_en": title_en,
                "body_en": body_en,
                "text_format": GuidancePage.Format.MARKDOWN,
                "needs_check": True,
            },
        )
        made += created
    report.append(f"talent guidance pages: {made} added")
    if not ChecklistItem.objects.exists():
        for order, (text_ja, text_en, date) in enumerate(CHECKLIST, start=1):
            ChecklistItem.objects.create(
                order=order * 10,
                text_ja=text_ja,
                text_en=text_en,
                asks_date=date is not None,
                date_label_ja=date[0] if date else "",
                date_label_en=date[1] if date else "",
            )
        report.append(f"talent checklist items: {len(CHECKLIST)} added")
    else:
        report.append("talent checklist items: kept")
    made = 0
    for name, kind, area, address, capacity, note in HOUSES:
        _house, created = House.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "area": area,
                "address": address,
                "capacity": capacity,
                "note": note,
            },
        )
        made += created
    report.append(f"talent dormitory houses: {made} added")
    if not CeremonyEvent.objects.filter(title__endswith="(デモ)").exists():
        day = timezone.localdate() + dt.timedelta(days=40)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
        CeremonyEvent.objects.create(
            kind=CeremonyEvent.Kind.CEREMONY,
            title="あやせ工場合同入社式(デモ)",
            starts_at=starts,
            place="綾瀬市役所 大会議室(デモ)",
            capacity=60,
            registration_closes_at=starts - dt.timedelta(days=10),
            note="合同入社式のあと、同じ会場で合同研修をおこないます。",
        )
        CeremonyEvent.objects.create(
            kind=CeremonyEvent.Kind.TRAINING,
            title="あやせ工場合同研修(デモ)",
            starts_at=starts + dt.timedelta(days=1),
            place="綾瀬市役所 大会議室(デモ)",
            capacity=40,
            registration_closes_at=starts - dt.timedelta(days=10),
        )
        report.append("talent ceremony events: 2 added")
    else:
        report.append("talent ceremony events: kept")
    return report
