"""A demo survey on the demo edition, with a few hundred invented answers (marked as demo), so
that the results page shows something on a fresh `make run`."""

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from ..models import Answer, AnswerChoice, Choice, Edition, Exhibitor, Question, Response, Survey
from .ready_made import survey_add_ready_made
from .selectors import survey_questions
from .services import question_add_default_choices

RESPONSES = 300
COMMENTS = [
    "子どもが旋盤の音に夢中でした。また来たいです。",
    "普段見られない工場の中を見られて貴重な体験でした。",
    "駐車場の案内がもう少し分かりやすいと助かります。",
    "社員の方の説明が丁寧で、ものづくりの仕事に興味がわきました。",
    "スタンプラリーがあると回りやすいと思います。",
    "就職先として考えたいと思いました。",
]

EXHIBITOR_COMMENTS = [
    "学生の来場が多く、採用につながりそうです。",
    "事前予約で人数が読めたので準備しやすかったです。",
    "駐車場の案内看板を増やしてほしいです。",
]


@transaction.atomic
def load() -> list[str]:
    edition = Edition.objects.filter(is_demo=True).order_by("-year").first()
    if edition is None:
        return ["open factory demo survey: skipped (no demo edition)"]
    return [_visitors(edition), _exhibitors(edition)]


def _visitors(edition: Edition) -> str:
    if Survey.objects.filter(
        edition=edition, is_demo=True, audience=Survey.Audience.VISITORS
    ).exists():
        return "open factory demo survey: kept"
    survey = Survey.objects.create(
        edition=edition,
        title="ご来場アンケート(デモ)",
        title_en="Visitor survey (demo)",
        intro="ご来場ありがとうございました。次回の開催のため、ご感想をお聞かせください。",
        intro_en="Thank you for visiting. Please tell us how it was.",
        status=Survey.Status.OPEN,
        is_demo=True,
    )

    def question(order, kind, text, text_en, **fields):
        made = Question.objects.create(
            survey=survey, order=order, kind=kind, text=text, text_en=text_en, **fields
        )
        question_add_default_choices(question=made)
        return made

    rating = question(1, "rating", "満足度", "How satisfied were you?", required=True)
    why = question(
        2,
        "text",
        "ご不満だった点をお聞かせください",
        "What disappointed you?",
        condition_question=rating,
        condition_value="1",
    )
    heard = question(3, "heard_from", "何で知りましたか", "How did you hear of it?")
    residence = question(4, "residence", "お住まい", "Where do you live?")
    age = question(5, "age_band", "年代", "Your age")
    liked = question(6, "multiple", "良かった点", "What did you like?", allow_other=True)
    Choice.objects.bulk_create(
        Choice(question=liked, order=i, value=value, label=label, label_en=label_en)
        for i, (value, label, label_en) in enumerate(
            [
                ("tour", "工場見学", "The factory tour"),
                ("workshop", "ものづくり体験", "The workshop"),
                ("staff", "社員との会話", "Talking with the staff"),
            ],
            start=1,
        )
    )
    vote = question(7, "exhibitor", "社名看板コンテスト", "Signboard contest")
    comment = question(8, "text", "ご意見・ご感想", "Comments")

    rng = random.Random(2026)  # noqa: S311 (invented answers, the same every time)
    venues = list(Exhibitor.objects.filter(area_day__edition=edition))
    choices = {q.pk: list(q.choices.all()) for q in (heard, residence, age, liked)}
    now = timezone.now()
    Response.objects.bulk_create(
        Response(
            survey=survey,
            venue=rng.choice(venues) if venues else None,
            browser_key=f"demo-{i}",
            language="en" if rng.random() < 0.05 else "ja",
            submitted_at=now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 3)),
            is_demo=True,
        )
        for i in range(RESPONSES)
    )
    responses = list(Response.objects.filter(survey=survey).order_by("pk"))
    answers, picks = [], []
    for response in responses:
        stars = rng.choices([5, 4, 3, 2, 1], weights=[45, 35, 12, 5, 3])[0]
        answers.append(Answer(response=response, question=rating, number=stars))
        if stars == 1:
            answers.append(Answer(response=response, question=why, text="待ち時間が長かった"))
        for q in (heard, residence, age):
            if rng.random() < 0.9:
                answers.append(
                    Answer(response=response, question=q, choice=rng.choice(choices[q.pk]))
                )
        if venues and rng.random() < 0.6:
            answers.append(Answer(response=response, question=vote, exhibitor=rng.choice(venues)))
        if rng.random() < 0.2:
            answers.append(Answer(response=response, question=comment, text=rng.choice(COMMENTS)))
        if rng.random() < 0.8:
            picked = rng.sample(choices[liked.pk], rng.randint(1, 2))
            answer = Answer(response=response, question=liked)
            answers.append(answer)
            picks.append((answer, picked))
    Answer.objects.bulk_create(answers, batch_size=1000)
    AnswerChoice.objects.bulk_create(
        (AnswerChoice(answer=answer, choice=c) for answer, picked in picks for c in picked),
        batch_size=1000,
    )
    return f"open factory demo survey: created ({RESPONSES} invented responses, marked as demo)"


def _exhibitors(edition: Edition) -> str:
    """The ready-made exhibitors' survey, answered by about two thirds of the demo exhibits."""
    if Survey.objects.filter(
        edition=edition, is_demo=True, audience=Survey.Audience.EXHIBITORS
    ).exists():
        return "open factory demo exhibitors' survey: kept"
    survey = Survey.objects.create(
        edition=edition,
        audience=Survey.Audience.EXHIBITORS,
        title="出展者アンケート(デモ)",
        title_en="Exhibitors' survey (demo)",
        intro="ご出展ありがとうございました。次回に向けてお聞かせください。",
        intro_en="Thank you for exhibiting. Please tell us how it went.",
        status=Survey.Status.OPEN,
        is_demo=True,
    )
    survey_add_ready_made(survey=survey)
    felt, worked, again, helped, comment = survey_questions(survey)
    choices = {q.pk: list(q.choices.all()) for q in (worked, again, helped)}
    rng = random.Random(2027)  # noqa: S311 (invented answers, the same every time)
    exhibits = [
        e
        for e in Exhibitor.objects.filter(area_day__edition=edition).order_by("pk")
        if rng.random() < 0.67
    ]
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            company_id=exhibit.company_id,
            venue=exhibit,
            submitted_at=now - dt.timedelta(hours=rng.randint(1, 72)),
            is_demo=True,
        )
        for exhibit in exhibits
    )
    answers, picks = [], []
    for response in Response.objects.filter(pk__in=[r.pk for r in responses]):
        answers.append(Answer(response=response, question=felt, number=rng.randint(20, 400)))
        answers.append(
            Answer(
                response=response,
                question=again,
                choice=rng.choices(choices[again.pk], weights=[70, 25, 5])[0],
            )
        )
        for question in (worked, helped):
            answer = Answer(response=response, question=question)
            answers.append(answer)
            picks.append((answer, rng.sample(choices[question.pk], rng.randint(1, 2))))
        if rng.random() < 0.3:
            answers.append(
                Answer(
                    response=response,
                    question=comment,
                    text=rng.choice(EXHIBITOR_COMMENTS),
                )
            )
    Answer.objects.bulk_create(answers, batch_size=1000)
    AnswerChoice.objects.bulk_create(
        AnswerChoice(answer=answer, choice=c) for answer, picked in picks for c in picked
    )
    return (
        f"open factory demo exhibitors' survey: created ({len(exhibits)} invented answers, "
        "marked as demo)"
    )
