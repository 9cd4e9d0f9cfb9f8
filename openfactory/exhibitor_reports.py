"""Each exhibitor's figures after its area day, beside its area day's average, and every
exhibitor's for the edition report of the committee's 報告会 (issue 15, item 7).

Per exhibitor:

- visits (のべ): people checked in with a reservation at its programmes, plus walk-ins counted
  at its reception (as visitor_stats counts an area day);
- parties: visitor passes that visited it (each party once);
- reservations (every one that held or asked for a seat, cancellations left out) and no-shows;
- quiz: the passes that answered its stamp-rally quiz at its poster and all their answers,
  right or wrong; stamps: the right ones (each gives the pass its stamp);
- survey: responses to published visitors' surveys answered at its poster or by a visitor
  who reserved one of its programmes, their mean satisfaction, and their comments that city
  staff did not hide.

The counts are grouped queries over all the exhibitors asked for (one each), so the pages do
not grow with visitors; comments and the exhibitors' survey answers are read for one exhibitor
only.

An area's average is shown to an exhibitor only when the area day had at least
``MIN_FOR_AVERAGE`` exhibitors: beside its own figures, the average of two would give away the
other company's.
"""

from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from core.i18n import in_language

from .models import (
    Answer,
    Exhibitor,
    Question,
    QuizAnswer,
    ReceptionCount,
    Reservation,
    Stamp,
    Visit,
)
from .surveys.selectors import published_visitor_ratings
from .visitor_stats import per_outer_row

MIN_FOR_AVERAGE = 3
COUNTED = (
    "visits",
    "parties",
    "reservations",
    "no_shows",
    "quiz_passes",
    "quiz_answers",
    "stamps",
    "responses",
)


@dataclass
class ExhibitorFigures:
    exhibitor: Exhibitor | None
    visits: float = 0
    parties: float = 0
    reservations: float = 0
    no_shows: float = 0
    quiz_passes: float = 0
    quiz_answers: float = 0
    stamps: float = 0
    responses: float = 0
    satisfaction: float | None = None


def _tied_to(ids: list[int]) -> Q:
    """Answers given at one of the exhibitors' posters, or by a visitor who reserved one of
    their programmes (the mailed survey link)."""
    return Q(response__venue_id__in=ids) | Q(
        response__reservation__slot__programme__exhibitor_id__in=ids
    )


def exhibitor_figures(exhibitors: QuerySet[Exhibitor]) -> list[ExhibitorFigures]:
    """Figures of the exhibitors, in the queryset's order (two queries)."""
    # The exhibitors with their reservations, walk-ins, parties, stamps and quiz: a subquery
    # each.
    held = Reservation.objects.exclude(status=Reservation.Status.CANCELLED)
    at_its_programmes = "slot__programme__exhibitor"
    found_exhibitors = list(
        exhibitors.annotate(
            reservation_count=per_outer_row(held, at_its_programmes, Count("pk")),
            no_show_count=per_outer_row(
                held.filter(status=Reservation.Status.NO_SHOW), at_its_programmes, Count("pk")
            ),
            attended_people=per_outer_row(
                held.filter(status=Reservation.Status.ATTENDED),
                at_its_programmes,
                Sum(F("adults") + F("children")),
            ),
            walk_ins=per_outer_row(
                ReceptionCount.objects.all(), "programme__exhibitor", Sum("walk_ins")
            ),
            party_count=per_outer_row(Visit.objects.all(), "exhibitor", Count("pk")),
            stamp_count=per_outer_row(Stamp.objects.all(), "exhibitor", Count("pk")),
            quiz_pass_count=per_outer_row(
                QuizAnswer.objects.all(), "exhibitor", Count("visitor_pass_id", distinct=True)
            ),
            quiz_answer_count=per_outer_row(QuizAnswer.objects.all(), "exhibitor", Count("pk")),
        )
    )
    ids = [e.pk for e in found_exhibitors]
    # A response counts at its poster's factory, or else at its reservation's.
    ratings = (
        published_visitor_ratings()
        .filter(_tied_to(ids))
        .values(
            at=Coalesce(
                "response__venue_id", "response__reservation__slot__programme__exhibitor_id"
            )
        )
        .annotate(mean=Avg("number"), n=Count("pk"))
        .order_by()
    )
    figures = {
        e.pk: ExhibitorFigures(
            e,
            visits=e.attended_people + e.walk_ins,
            parties=e.party_count,
            reservations=e.reservation_count,
            no_shows=e.no_show_count,
            stamps=e.stamp_count,
            quiz_passes=e.quiz_pass_count,
            quiz_answers=e.quiz_answer_count,
        )
        for e in found_exhibitors
    }
    for row in ratings:
        if row["at"] in figures:
            figures[row["at"]].responses = row["n"]
            figures[row["at"]].satisfaction = round(row["mean"], 2)
    return list(figures.values())


def average(figures: list[ExhibitorFigures]) -> ExhibitorFigures:
    """The mean of each count over the exhibitors (one decimal), and of their satisfaction."""
    mean = ExhibitorFigures(None)
    if not figures:
        return mean
    for name in COUNTED:
        setattr(mean, name, round(sum(getattr(f, name) for f in figures) / len(figures), 1))
    rated = [f.satisfaction for f in figures if f.satisfaction is not None]
    mean.satisfaction = round(sum(rated) / len(rated), 2) if rated else None
    return mean


def visitor_comments(exhibitor: Exhibitor, limit: int = 50) -> list[str]:
    """Free-text answers of published visitors' surveys tied to the exhibitor, except those
    city staff hid (one query)."""
    answers: QuerySet[Answer] = Answer.objects.filter(
        _tied_to([exhibitor.pk]),
        response__survey__audience="visitors",
        response__survey__results_published=True,
        question__kind=Question.Kind.TEXT,
        hidden_by_staff=False,
    )
    return list(
        answers.exclude(text="")
        .order_by("-response__submitted_at", "pk")
        .values_list("text", flat=True)[:limit]
    )


@dataclass
class ExhibitAnswer:
    question: str
    answer: str


def exhibit_survey_answers(exhibitor: Exhibitor) -> list[ExhibitAnswer]:
    """The company's own answers to the exhibitors' surveys about this exhibit, question by
    question, in the page's language (one query: an answer of several choices comes as one
    row per choice, each with the choice's labels, and is put together here)."""
    rows = (
        Answer.objects.filter(response__venue=exhibitor, response__company__isnull=False)
        .select_related("question", "choice", "exhibitor__company")
        .annotate(chosen=F("choices__label"), chosen_en=F("choices__label_en"))
        .order_by(
            "response__survey_id",
            "question__order",
            "question_id",
            "pk",
            "choices__order",
            "choices__pk",
        )
    )
    found = []
    for _pk, same_answer in groupby(rows, key=attrgetter("pk")):
        per_choice = list(same_answer)
        answer = per_choice[0]
        if answer.choice is not None:
            value = answer.choice.display_label
        elif answer.question.kind == Question.Kind.MULTIPLE:
            chosen = [row for row in per_choice if row.chosen is not None]
            value = " / ".join(in_language(row.chosen, row.chosen_en) for row in chosen)
        elif answer.exhibitor is not None:
            value = answer.exhibitor.company.name
        elif answer.number is not None:
            value = str(answer.number)
        else:
            value = answer.text
        if answer.other_text:
            value = " / ".join(v for v in (value, answer.other_text) if v)
        if value:
            found.append(ExhibitAnswer(answer.question.display_text, value))
    return found
