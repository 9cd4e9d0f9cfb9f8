"""Demo visitor passes: an invented past edition with one area day whose parties went from
factory to factory, so that the unique-visitor statistics and the flows between factories can
be seen (the real past editions keep only the committee's published のべ figures).

Invented and marked as demo: the edition (the year before the coming demo edition, when no
edition has that year or number), its day at the industrial park, the demo companies'
exhibits, 120 parties with their passes, their visits, their quiz answers and the stamp
rally's stamps, and the edition's prize draw. Generated with a fixed seed, so a
second run of load_demo finds them and changes nothing. The coming demo edition gets a stamp
rally quiz at each factory and the stamps its prize draw asks for (load_quizzes).
"""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from companies.models import Company

from .models import (
    Area,
    AreaDay,
    Edition,
    Exhibitor,
    ExhibitorQuiz,
    QuizAnswer,
    Residence,
    Stamp,
    Visit,
    VisitorPass,
)
from .services.prize_draw import prize_draw

PARTIES = 120
SEED = 15
# Most parties come from the city; the festival's reach is what the share from outside shows.
BANDS = [Residence.CITY] * 6 + [Residence.PREFECTURE] * 3 + [Residence.OUTSIDE, ""]


# The coming demo edition's stamp rally: a quiz per demo factory, (question, choices, answer).
DEMO_QUIZZES = {
    "demo-yoshioka-seimitsu": (
        "5軸加工機の「5」は何の数？",
        "動かせる軸の数\n刃物の数\n作業員の数",
        1,
    ),
    "demo-hayakawa-tosou": (
        "塗装の前に部品を洗うのはなぜ？",
        "汚れで塗料がはがれるから\n重くするため",
        1,
    ),
    "demo-kamitsuchidana-bankin": (
        "板金で板を曲げる機械の名前は？",
        "プレスブレーキ\n旋盤\nミシン",
        1,
    ),
    "demo-ayase-jushi": ("射出成形で溶かすものは？", "樹脂(プラスチック)\n鉄\nガラス", 1),
}
STAMPS_FOR_DRAW = 3
# The past demo edition's draw: ten prizes among the passes with two stamps or more.
DEMO_DRAW_STAMPS, DEMO_PRIZES = 2, 10


def load_quizzes(today: dt.date) -> str:
    """The coming demo edition's quizzes and the stamps its prize draw asks for, once."""
    coming = Edition.objects.filter(is_demo=True, year__gte=today.year).order_by("year").first()
    if coming is None:
        return "open factory demo quizzes: skipped (no coming demo edition)"
    made = 0
    for exhibitor in Exhibitor.objects.filter(area_day__edition=coming).select_related("company"):
        quiz = DEMO_QUIZZES.get(exhibitor.company.slug)
        if quiz is None or ExhibitorQuiz.objects.filter(exhibitor=exhibitor).exists():
            continue
        question, choices, answer = quiz
        ExhibitorQuiz.objects.create(
            exhibitor=exhibitor, question=question, choices=choices, answer=answer
        )
        made += 1
    if coming.stamps_for_draw is None:
        coming.stamps_for_draw = STAMPS_FOR_DRAW
        coming.save(update_fields=["stamps_for_draw"])
    return f"open factory demo quizzes: {made} created"


def _saturday_in_july(year: int) -> dt.date:
    day = dt.date(year, 7, 15)
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


def load(today: dt.date, *, number_of_2022: int, links: dict) -> str:
    coming = Edition.objects.filter(is_demo=True, year__gte=today.year).order_by("year").first()
    if coming is None:
        return "open factory demo passes: skipped (no coming demo edition)"
    year = coming.year - 1
    if Edition.objects.filter(is_demo=True, year=year).exists():
        return "open factory demo passes: kept"
    number = number_of_2022 + year - 2022
    if Edition.objects.filter(Q(year=year) | Q(number=number)).exists():
        return f"open factory demo passes: skipped (an edition of {year} exists)"
    area = Area.objects.filter(slug="kogyodanchi").first()
    companies = list(Company.objects.filter(is_demo=True).order_by("slug"))
    if area is None or len(companies) < 2:
        return "open factory demo passes: skipped (no demo companies)"
    with transaction.atomic():
        return _past_day(year, number, area, companies, links)


def _past_day(year, number, area, companies, links) -> str:
    edition = Edition.objects.create(
        number=number,
        year=year,
        title=f"あやせ工場オープンファクトリー{year}(デモ)",
        description=(
            "来場パスの集計を見るためのデモデータです。来場組数・訪問順はすべて架空です。"
        ),
        is_published=True,
        status=Edition.Status.CLOSED,
        is_demo=True,
        **links,
    )
    area_day = AreaDay.objects.create(
        edition=edition, area=area, date=_saturday_in_july(year), main_venue="受付テント(デモ)"
    )
    exhibitors = [
        Exhibitor.objects.create(area_day=area_day, company=company, order=order)
        for order, company in enumerate(companies)
    ]
    rng = random.Random(SEED)  # noqa: S311 (invented parties, the same every time)
    # The day's stamp rally: each factory's quiz, answered right at about two visits in three.
    lucky = random.Random(SEED + 1)  # noqa: S311 (as above)
    wrong_first = random.Random(SEED + 2)  # noqa: S311 (as above)
    for exhibitor in exhibitors:
        if quiz := DEMO_QUIZZES.get(exhibitor.company.slug):
            question, choices, answer = quiz
            ExhibitorQuiz.objects.create(
                exhibitor=exhibitor, question=question, choices=choices, answer=answer
            )
    stamps = 0
    opens = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time(10, 0)))
    people = visits = 0
    for _ in range(PARTIES):
        adults = rng.choice([1, 1, 2, 2, 2, 3])
        children = rng.choice([0, 0, 1, 2, 2, 3])
        visitor_pass = VisitorPass.objects.create(
            edition=edition,
            adults=adults,
            children=children,
            residence=rng.choice(BANDS),
            is_demo=True,
        )
        # Most start at the first factories on the list, as the leaflet's order suggests.
        order = sorted(exhibitors, key=lambda e: e.order + rng.random() * 3)
        moment = opens + dt.timedelta(minutes=rng.randint(0, 240))
        for exhibitor in order[: rng.choice([1, 2, 2, 3, 3, 4])]:
            Visit.objects.create(visitor_pass=visitor_pass, exhibitor=exhibitor, visited_at=moment)
            if exhibitor.company.slug in DEMO_QUIZZES and lucky.random() < 2 / 3:
                # About one party in four answers wrongly first, then right.
                answer = DEMO_QUIZZES[exhibitor.company.slug][2]
                tries = [answer % 2 + 1, answer] if wrong_first.random() < 1 / 4 else [answer]
                QuizAnswer.objects.bulk_create(
                    QuizAnswer(
                        visitor_pass=visitor_pass,
                        exhibitor=exhibitor,
                        choice=choice,
                        correct=choice == answer,
                        answered_at=moment,
                    )
                    for choice in tries
                )
                Stamp.objects.create(
                    visitor_pass=visitor_pass, exhibitor=exhibitor, stamped_at=moment
                )
                stamps += 1
            moment += dt.timedelta(minutes=rng.randint(20, 70))
            people += adults + children
            visits += 1
    # The のべ figure as the receptions would have counted it: every visit's people.
    area_day.visitors_recorded = people
    area_day.save(update_fields=["visitors_recorded"])
    winners = _prize_draw(edition, area_day)
    return (
        f"open factory demo passes {year}: created ({PARTIES} parties, {visits} visits, "
        f"{stamps} stamps and {winners} prize winners on {area_day}, invented and marked "
        "as demo)"
    )


def _prize_draw(edition: Edition, area_day: AreaDay) -> int:
    """The past demo edition's prize draw, a week after its day, drawn by the service with a
    fixed seed and by no one: demo data has no member of staff to record."""
    edition.stamps_for_draw = DEMO_DRAW_STAMPS
    edition.save(update_fields=["stamps_for_draw"])
    draw = prize_draw(
        edition=edition,
        prizes=DEMO_PRIZES,
        by=None,
        seed=SEED,
        instructions="賞品(綾瀬市の特産品セット)は市役所 商工振興課の窓口でお渡しします(デモ)。",
        instructions_en="Collect your prize at the city hall's commerce desk (demo).",
        now=timezone.make_aware(
            dt.datetime.combine(area_day.date + dt.timedelta(days=7), dt.time(10))
        ),
    )
    return draw.winners.count()
