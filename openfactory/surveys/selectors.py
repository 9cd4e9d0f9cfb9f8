"""Read queries of the surveys."""

from collections.abc import Iterator

from django.db.models import Count, F, Q, QuerySet, Sum
from django.http import Http404

from accounts.types import AnyUser

from ..models import (
    Answer,
    AnswerChoice,
    Edition,
    Exhibitor,
    Question,
    ReceptionCount,
    Reservation,
    Response,
    Survey,
)


def survey_by_key(key: str) -> Survey:
    survey = Survey.objects.select_related("edition", "area_day__area").filter(public_key=key)
    found = survey.first()
    if found is None:
        raise Http404
    return found


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices").order_by("order", "pk"))


def survey_venues(survey: Survey) -> QuerySet[Exhibitor]:
    """The exhibitors a survey is about: its day's, or every day's of its edition."""
    found = Exhibitor.objects.select_related("company", "area_day__area")
    if survey.area_day_id:
        found = found.filter(area_day_id=survey.area_day_id)
    else:
        found = found.filter(area_day__edition_id=survey.edition_id)
    return found.order_by("area_day__date", "order", "company__name_kana", "pk")


def reservation_for_link(reservation_id: int) -> Reservation | None:
    return (
        Reservation.objects.select_related("slot__programme__exhibitor__company")
        .filter(pk=reservation_id)
        .first()
    )


def response_of(
    survey: Survey, *, reservation: Reservation | None = None, browser_key: str = ""
) -> Response | None:
    if reservation is not None:
        return Response.objects.filter(survey=survey, reservation=reservation).first()
    if browser_key:
        return Response.objects.filter(survey=survey, browser_key=browser_key).first()
    return None


# --- Results -------------------------------------------------------------------------------


def survey_or_404(pk: int) -> Survey:
    found = Survey.objects.select_related("edition", "area_day__area").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def answer_or_404(pk: int) -> Answer:
    found = Answer.objects.select_related("response").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _reservations_of(survey: Survey) -> QuerySet[Reservation]:
    found = Reservation.objects.filter(status=Reservation.Status.ATTENDED)
    if survey.area_day_id:
        return found.filter(slot__programme__exhibitor__area_day_id=survey.area_day_id)
    return found.filter(slot__programme__exhibitor__area_day__edition_id=survey.edition_id)


def survey_results(survey: Survey) -> dict:
    """Every figure of a survey's results page, in a fixed number of queries whatever the
    number of answers: counts are grouped in the database, never counted row by row here."""
    questions = survey_questions(survey)
    responses = Response.objects.filter(survey=survey).aggregate(
        total=Count("pk"), by_link=Count("pk", filter=Q(reservation__isnull=False))
    )
    reservations = _reservations_of(survey).aggregate(
        checked_in=Count("pk"), people=Sum(F("adults") + F("children"))
    )
    counts = ReceptionCount.objects.all()
    if survey.area_day_id:
        counts = counts.filter(programme__exhibitor__area_day_id=survey.area_day_id)
    else:
        counts = counts.filter(programme__exhibitor__area_day__edition_id=survey.edition_id)
    walk_ins = counts.aggregate(total=Sum("walk_ins"))["total"] or 0
    visitors = (reservations["people"] or 0) + walk_ins

    answers = Answer.objects.filter(response__survey=survey)
    answered = dict(
        answers.values_list("question_id").annotate(n=Count("pk")).values_list("question_id", "n")
    )
    numbers: dict[int, dict[int, int]] = {}
    for question_id, number, n in (
        answers.filter(number__isnull=False)
        .values_list("question_id", "number")
        .annotate(n=Count("pk"))
        .values_list("question_id", "number", "n")
    ):
        if number is not None:
            numbers.setdefault(question_id, {})[number] = n
    chosen: dict[int, int] = dict(
        answers.filter(choice__isnull=False)
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    )
    for choice_id, n in (
        AnswerChoice.objects.filter(answer__response__survey=survey)
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    ):
        chosen[choice_id] = chosen.get(choice_id, 0) + n
    others = dict(
        answers.exclude(other_text="")
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )
    votes: dict[int, list[tuple[int, int]]] = {}
    for question_id, exhibitor_id, n in (
        answers.filter(exhibitor__isnull=False)
        .values_list("question_id", "exhibitor_id")
        .annotate(n=Count("pk"))
        .order_by("question_id", "-n", "exhibitor_id")
        .values_list("question_id", "exhibitor_id", "n")
    ):
        votes.setdefault(question_id, []).append((exhibitor_id, n))
    exhibitor_ids = {e for ranking in votes.values() for e, _n in ranking}
    names = {
        e.pk: str(e.company)
        for e in Exhibitor.objects.select_related("company").filter(pk__in=exhibitor_ids)
    }

    figures = []
    for question in questions:
        count = answered.get(question.pk, 0)
        figure = {"question": question, "answered": count}
        if question.kind == Question.Kind.RATING:
            dist = numbers.get(question.pk, {})
            total = sum(dist.values())
            figure["rows"] = [
                {"label": str(i), "count": dist.get(i, 0), "share": _share(dist.get(i, 0), total)}
                for i in range(5, 0, -1)
            ]
            figure["mean"] = sum(k * v for k, v in dist.items()) / total if total else None
        elif question.kind == Question.Kind.NUMBER:
            dist = numbers.get(question.pk, {})
            total = sum(dist.values())
            figure["mean"] = sum(k * v for k, v in dist.items()) / total if total else None
            figure["total"] = sum(k * v for k, v in dist.items())
        elif question.has_choices:
            figure["rows"] = [
                {
                    "label": c.display_label,
                    "value": c.value,
                    "count": chosen.get(c.pk, 0),
                    "share": _share(chosen.get(c.pk, 0), count),
                }
                for c in question.choices.all()
            ]
            if question.allow_other:
                n = others.get(question.pk, 0)
                figure["rows"].append(
                    {"label": None, "value": "other", "count": n, "share": _share(n, count)}
                )
        elif question.kind == Question.Kind.EXHIBITOR:
            figure["rows"] = [
                {
                    "rank": rank,
                    "label": names.get(exhibitor_id, "?"),
                    "count": n,
                    "share": _share(n, count),
                }
                for rank, (exhibitor_id, n) in enumerate(votes.get(question.pk, []), start=1)
            ]
        figures.append(figure)
    return {
        "responses": responses["total"],
        "by_link": responses["by_link"],
        "checked_in": reservations["checked_in"],
        "visitors": visitors,
        "rate_checked_in": _share(responses["by_link"], reservations["checked_in"]),
        "rate_visitors": _share(responses["total"], visitors),
        "figures": figures,
    }


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def survey_comments(survey: Survey, *, query: str = "") -> QuerySet[Answer]:
    """Free-text answers, newest first, searchable; hidden ones included (marked)."""
    found = (
        Answer.objects.filter(response__survey=survey)
        .filter(~Q(text="") | ~Q(other_text=""))
        .select_related("question", "response")
        .order_by("-response__submitted_at", "-pk")
    )
    if query:
        found = found.filter(Q(text__icontains=query) | Q(other_text__icontains=query))
    return found


def survey_export_rows(survey: Survey) -> Iterator[list]:
    """Every answer of a survey as a CSV row (response, time, language, venue, by link,
    question number, question, kind, value, label, other, hidden), in answering order.

    Rows are read as plain tuples in chunks, never as model instances, and the few questions,
    choices and companies are looked up in dicts: 50,000 answers export in seconds with flat
    memory (bench/surveys.py). Only the choices picked in multiple-choice answers are held,
    two short strings each.
    """
    from django.utils import timezone

    questions = {q.pk: q for q in survey_questions(survey)}
    choices = {c.pk: c for q in questions.values() for c in q.choices.all()}
    companies = dict(
        Exhibitor.objects.filter(
            Q(survey_responses__survey=survey) | Q(survey_votes__response__survey=survey)
        )
        .distinct()
        .values_list("pk", "company__name")
    )
    picks: dict[int, list[int]] = {}
    for answer_id, choice_id in (
        AnswerChoice.objects.filter(answer__response__survey=survey)
        .order_by("answer_id", "choice__order", "choice_id")
        .values_list("answer_id", "choice_id")
        .iterator(chunk_size=5000)
    ):
        picks.setdefault(answer_id, []).append(choice_id)
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response__submitted_at", "response_id", "question__order", "question_id")
        .values_list(
            "pk",
            "response_id",
            "response__submitted_at",
            "response__language",
            "response__venue_id",
            "response__reservation_id",
            "question_id",
            "number",
            "text",
            "choice_id",
            "exhibitor_id",
            "other_text",
            "hidden_by_staff",
        )
    )
    for (
        answer_id,
        response_id,
        submitted_at,
        language,
        venue_id,
        reservation_id,
        question_id,
        number,
        text,
        choice_id,
        exhibitor_id,
        other_text,
        hidden,
    ) in answers.iterator(chunk_size=5000):
        question = questions[question_id]
        if choice_id:
            value, label = choices[choice_id].value, choices[choice_id].label
        elif question.kind == Question.Kind.MULTIPLE:
            picked = [choices[c] for c in picks.get(answer_id, ())]
            value = " / ".join(c.value for c in picked)
            label = " / ".join(c.label for c in picked)
        elif exhibitor_id:
            value, label = str(exhibitor_id), companies.get(exhibitor_id, "")
        elif number is not None:
            value, label = str(number), ""
        else:
            value, label = text, ""
        yield [
            response_id,
            timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M"),
            language,
            companies.get(venue_id, "") if venue_id else "",
            "1" if reservation_id else "0",
            question.order,
            question.text,
            question.kind,
            value,
            label,
            other_text,
            "1" if hidden else "0",
        ]


# --- Exhibitors' surveys ---------------------------------------------------------------------


def _exhibitor_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(
        audience=Survey.Audience.EXHIBITORS, status=Survey.Status.OPEN
    ).select_related("edition", "area_day")


def _covers(survey: Survey, exhibitor: Exhibitor) -> bool:
    if survey.area_day_id:
        return survey.area_day_id == exhibitor.area_day_id
    return survey.edition_id == exhibitor.area_day.edition_id


def exhibitor_survey_rows(user: AnyUser) -> list[dict]:
    """Each exhibit of the user's companies (all for city staff) with each open exhibitors'
    survey about it, and whether it was answered: three queries, whatever the numbers."""
    from companies.policies import editable_company_ids

    surveys = list(_exhibitor_surveys())
    if not surveys:
        return []
    exhibits = Exhibitor.objects.select_related("company", "area_day__area", "area_day__edition")
    exhibits = exhibits.filter(area_day__edition_id__in={s.edition_id for s in surveys})
    ids = editable_company_ids(user)
    if ids is not None:
        exhibits = exhibits.filter(company_id__in=ids)
    answered = set(
        Response.objects.filter(survey__in=surveys, company__isnull=False).values_list(
            "survey_id", "venue_id"
        )
    )
    return [
        {"exhibitor": e, "survey": s, "answered": (s.pk, e.pk) in answered}
        for e in exhibits.order_by("-area_day__date", "company__name_kana", "pk")
        for s in surveys
        if _covers(s, e)
    ]


def exhibit_and_survey(
    user: AnyUser, exhibitor_pk: int, survey_pk: int
) -> tuple[Exhibitor, Survey]:
    """The exhibit and the exhibitors' survey about it; a 404 for another company's exhibit,
    as every company page answers it."""
    from .policies import can_answer_for_exhibit

    exhibitor = (
        Exhibitor.objects.select_related("company", "area_day__area", "area_day__edition")
        .filter(pk=exhibitor_pk)
        .first()
    )
    survey = (
        Survey.objects.filter(pk=survey_pk, audience=Survey.Audience.EXHIBITORS)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("edition", "area_day")
        .first()
    )
    if (
        exhibitor is None
        or survey is None
        or not can_answer_for_exhibit(user, exhibitor)
        or not _covers(survey, exhibitor)
    ):
        raise Http404
    return exhibitor, survey


def response_of_exhibit(survey: Survey, exhibitor: Exhibitor) -> Response | None:
    return Response.objects.filter(survey=survey, venue=exhibitor, company__isnull=False).first()


# --- The public summary ------------------------------------------------------------------------


def published_summary(edition: Edition) -> dict:
    """What the edition's public statistics page may show once staff publish a visitors'
    survey's results: the mean of its satisfaction (its first rating question) and the vote
    winner. Two queries; never a comment, never a person."""
    from django.db.models import Avg, Min, OuterRef, Subquery

    published = Survey.objects.filter(
        edition=edition, audience=Survey.Audience.VISITORS, results_published=True
    )
    first_rating = (
        Question.objects.filter(survey=OuterRef("question__survey"), kind=Question.Kind.RATING)
        .values("survey")
        .annotate(first=Min("order"))
        .values("first")
    )
    satisfaction = Answer.objects.filter(
        response__survey__in=published,
        question__kind=Question.Kind.RATING,
        number__isnull=False,
        question__order=Subquery(first_rating),
    ).aggregate(mean=Avg("number"), count=Count("pk"))
    top = list(
        Answer.objects.filter(response__survey__in=published, exhibitor__isnull=False)
        .values("exhibitor__company__name")
        .annotate(votes=Count("pk"))
        .order_by("-votes", "exhibitor__company__name")[:5]
    )
    winners = [row["exhibitor__company__name"] for row in top if row["votes"] == top[0]["votes"]]
    return {
        "mean": satisfaction["mean"],
        "count": satisfaction["count"],
        "winners": winners,
        "votes": top[0]["votes"] if top else 0,
    }


# --- The printable report ----------------------------------------------------------------------


def previous_survey(survey: Survey) -> Survey | None:
    """Last edition's survey of the same audience and area (or of the whole edition), else
    its latest earlier survey of the same audience."""
    earlier = (
        Survey.objects.filter(audience=survey.audience, edition__year__lt=survey.edition.year)
        .select_related("edition", "area_day__area")
        .order_by("-edition__year", "pk")
    )
    if survey.area_day is not None:
        same = earlier.filter(area_day__area_id=survey.area_day.area_id)
    else:
        same = earlier.filter(area_day__isnull=True)
    return same.first() or earlier.first()


def survey_report(survey: Survey) -> dict:
    """The results with last edition's figure beside each question asked in both (the same
    kind and wording, as "copy last edition's survey" keeps them)."""
    results = survey_results(survey)
    previous = previous_survey(survey)
    if previous is not None:
        before = survey_results(previous)
        by_wording = {(f["question"].kind, f["question"].text): f for f in before["figures"]}
        for figure in results["figures"]:
            old = by_wording.get((figure["question"].kind, figure["question"].text))
            if old is not None:
                figure["previous"] = old
                counts = {r.get("value", r["label"]): r["count"] for r in old.get("rows", [])}
                for row in figure.get("rows", []):
                    row["previous"] = counts.get(row.get("value", row["label"]))
        results["previous"] = before
    results["previous_survey"] = previous
    return results
