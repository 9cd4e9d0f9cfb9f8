"""Benchmark of a survey's results page and CSV export with 50,000 answers, on PostgreSQL.

    python bench/surveys.py [--responses 10000]

Fills BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/ayase_surveys_bench,
created if missing, emptied of surveys first) with one visitors' survey of the demo kinds and
``--responses`` responses of five answers each (10,000 × 5 = 50,000 answers), then calls the
results view, the report view and the CSV export as city staff, in process (the view and its
template; no middleware, no network), and prints for each: SQL queries and the peak of Python
memory (one call under tracemalloc), and the best wall time of three calls without it. Record the figures in docs/benchmarks.md.
"""

import argparse
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import view_measure  # noqa: E402 (bench/, put on the path above)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ayase_surveys_bench"


def fill(responses: int):
    from django.db import transaction

    from accounts.models import User
    from companies.models import Company
    from openfactory.models import (
        Answer,
        AnswerChoice,
        Area,
        AreaDay,
        Choice,
        Edition,
        Exhibitor,
        Question,
        Response,
        Survey,
    )
    from openfactory.surveys.services import question_add_default_choices

    rng = random.Random(50_000)
    with transaction.atomic():
        AnswerChoice.objects.all().delete()
        Answer.objects.all().delete()
        Response.objects.all().delete()
        Survey.objects.all().delete()
        edition, _ = Edition.objects.get_or_create(
            year=2099, defaults={"number": 99, "title": "ベンチマーク"}
        )
        area, _ = Area.objects.get_or_create(slug="bench", defaults={"name": "ベンチ"})
        day, _ = AreaDay.objects.get_or_create(
            edition=edition, area=area, defaults={"date": "2099-09-05"}
        )
        venues = []
        for i in range(20):
            company, _ = Company.objects.get_or_create(
                slug=f"bench-{i}", defaults={"name": f"ベンチ工業{i}", "name_kana": f"べんち{i}"}
            )
            venues.append(Exhibitor.objects.get_or_create(area_day=day, company=company)[0])
        survey = Survey.objects.create(edition=edition, area_day=day, title="ベンチ", status="open")
        rating = Question.objects.create(survey=survey, order=1, kind="rating", text="満足度")
        heard = Question.objects.create(survey=survey, order=2, kind="heard_from", text="きっかけ")
        question_add_default_choices(question=heard)
        liked = Question.objects.create(survey=survey, order=3, kind="multiple", text="良かった点")
        Choice.objects.bulk_create(
            Choice(question=liked, order=i, value=f"v{i}", label=f"選択肢{i}") for i in range(4)
        )
        vote = Question.objects.create(survey=survey, order=4, kind="exhibitor", text="投票")
        comment = Question.objects.create(survey=survey, order=5, kind="text", text="ご意見")
        Response.objects.bulk_create(
            (Response(survey=survey, browser_key=f"b{i}") for i in range(responses)),
            batch_size=5000,
        )
        heard_choices = list(heard.choices.all())
        liked_choices = list(liked.choices.all())
        answers, picks = [], []
        for response_id in Response.objects.filter(survey=survey).values_list("pk", flat=True):
            answers += [
                Answer(response_id=response_id, question=rating, number=rng.randint(1, 5)),
                Answer(response_id=response_id, question=heard, choice=rng.choice(heard_choices)),
                Answer(response_id=response_id, question=vote, exhibitor=rng.choice(venues)),
                Answer(response_id=response_id, question=comment, text="楽しかったです。" * 3),
            ]
            multi = Answer(response_id=response_id, question=liked)
            answers.append(multi)
            picks.append((multi, rng.sample(liked_choices, 2)))
        Answer.objects.bulk_create(answers, batch_size=5000)
        AnswerChoice.objects.bulk_create(
            (AnswerChoice(answer=a, choice=c) for a, chosen in picks for c in chosen),
            batch_size=5000,
        )
        staff = User.objects.filter(email="bench-staff@example.jp").first() or User.objects.create(
            email="bench-staff@example.jp", is_staff=True, is_superuser=True
        )
    return survey, staff, Answer.objects.filter(response__survey=survey).count()


def measure(label, call):
    view_measure.measure(label, call, width=14)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=10_000)
    args = parser.parse_args()
    view_measure.setup(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    from django.test import RequestFactory

    from openfactory.surveys import views

    survey, staff, answers = fill(args.responses)
    print(f"{args.responses} responses, {answers} answers")
    factory = RequestFactory()

    def get(view, path):
        def call():
            request = factory.get(path)
            request.user = staff
            return view(request, pk=survey.pk)

        return call

    measure("results page", get(views.results, f"/openfactory/surveys/{survey.pk}/results/"))
    measure("report", get(views.report, f"/openfactory/surveys/{survey.pk}/report/"))
    measure("CSV export", get(views.results_csv, f"/openfactory/surveys/{survey.pk}/results.csv"))


if __name__ == "__main__":
    main()
