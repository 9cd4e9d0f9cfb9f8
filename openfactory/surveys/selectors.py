"""Read queries of the surveys."""

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.types import AnyUser

from ..models import (
    Answer,
    AnswerChoice,
    AreaDay,
    Edition,
    Exhibitor,
    Question,
    ReceptionCount,
    Reservation,
    Response,
    Survey,
)


def invitation_unsent_since(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the oldest survey link still unsent was due: the evening
    (OPENFACTORY_SURVEY_MAIL_HOUR) of the area day of a checked-in visitor with no survey
    link yet, on the days the evening task still catches up, where an open visitors' survey
    covers that day. One query, for the health check."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    first = local.date() - dt.timedelta(days=settings.OPENFACTORY_SURVEY_CATCH_UP_DAYS)
    last = local.date() - dt.timedelta(days=local.hour < settings.OPENFACTORY_SURVEY_MAIL_HOUR)
    accepting = Survey.objects.filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now),
        Q(closes_at__isnull=True) | Q(closes_at__gt=now),
        audience=Survey.Audience.VISITORS,
        status=Survey.Status.OPEN,
    )
    day = "slot__programme__exhibitor__area_day"
    oldest = (
        Reservation.objects.filter(
            Exists(accepting.filter(area_day=OuterRef(day)))
            | Exists(accepting.filter(area_day__isnull=True, edition=OuterRef(f"{day}__edition"))),
            status=Reservation.Status.ATTENDED,
            checked_in_at__isnull=False,
            anonymised_at__isnull=True,
            survey_invitations__isnull=True,
            **{f"{day}__date__gte": first, f"{day}__date__lte": last},
        )
        .exclude(email="")
        .aggregate(oldest=Min(f"{day}__date"))["oldest"]
    )
    if oldest is None:
        return None
    evening = dt.time(hour=settings.OPENFACTORY_SURVEY_MAIL_HOUR)
    return timezone.make_aware(dt.datetime.combine(oldest, evening))


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


# The area day a response is about: its survey's day, else the day of the reservation it was
# mailed for, else the day of the venue whose poster was scanned (None: not known).
def _day_of(prefix: str = "") -> Coalesce:
    return Coalesce(
        f"{prefix}survey__area_day_id",
        f"{prefix}reservation__slot__programme__exhibitor__area_day_id",
        f"{prefix}venue__area_day_id",
    )


def _reservations_of(survey: Survey, area_day_id: int | None = None) -> QuerySet[Reservation]:
    found = Reservation.objects.filter(status=Reservation.Status.ATTENDED)
    if area_day_id or survey.area_day_id:
        return found.filter(
            slot__programme__exhibitor__area_day_id=area_day_id or survey.area_day_id
        )
    return found.filter(slot__programme__exhibitor__area_day__edition_id=survey.edition_id)


def _responses_of(survey: Survey, area_day_id: int | None = None) -> QuerySet[Response]:
    found = Response.objects.filter(survey=survey)
    if area_day_id and not survey.area_day_id:
        found = found.alias(day=_day_of()).filter(day=area_day_id)
    return found


def survey_area_days(survey: Survey) -> list[AreaDay]:
    """The days an edition-wide survey's results can be narrowed to (none for a day's own)."""
    if survey.area_day_id:
        return []
    return list(
        AreaDay.objects.filter(edition_id=survey.edition_id)
        .select_related("area")
        .order_by("date", "area__order", "pk")
    )


def survey_results(survey: Survey, *, area_day_id: int | None = None) -> dict:
    """Every figure of a survey's results page, in a fixed number of queries whatever the
    number of answers: counts are grouped in the database, never counted row by row here.

    ``area_day_id`` narrows an edition-wide survey to the answers about one area day.
    """
    questions = survey_questions(survey)
    in_scope = _responses_of(survey, area_day_id)
    responses = in_scope.aggregate(
        total=Count("pk"), by_link=Count("pk", filter=Q(reservation__isnull=False))
    )
    reservations = _reservations_of(survey, area_day_id).aggregate(
        checked_in=Count("pk"), people=Sum(F("adults") + F("children"))
    )
    counts = ReceptionCount.objects.all()
    if area_day_id or survey.area_day_id:
        counts = counts.filter(programme__exhibitor__area_day_id=area_day_id or survey.area_day_id)
    else:
        counts = counts.filter(programme__exhibitor__area_day__edition_id=survey.edition_id)
    walk_ins = counts.aggregate(total=Sum("walk_ins"))["total"] or 0
    visitors = (reservations["people"] or 0) + walk_ins

    answers = Answer.objects.filter(response__survey=survey)
    picks = AnswerChoice.objects.filter(answer__response__survey=survey)
    if area_day_id and not survey.area_day_id:
        answers = answers.filter(response__in=in_scope.values("pk"))
        picks = picks.filter(answer__response__in=in_scope.values("pk"))
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
        picks.values_list("choice_id").annotate(n=Count("pk")).values_list("choice_id", "n")
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


def _satisfaction_answers(surveys: QuerySet[Survey]) -> QuerySet[Answer]:
    """The answers to each survey's satisfaction question: its first rating question."""
    from django.db.models import Min, OuterRef, Subquery

    first_rating = (
        Question.objects.filter(survey=OuterRef("question__survey"), kind=Question.Kind.RATING)
        .values("survey")
        .annotate(first=Min("order"))
        .values("first")
    )
    return Answer.objects.filter(
        response__survey__in=surveys,
        question__kind=Question.Kind.RATING,
        number__isnull=False,
        question__order=Subquery(first_rating),
    )


def _day_rows(surveys: QuerySet[Survey], edition_id: int) -> dict:
    """Per area day of an edition: responses to ``surveys`` (by day, see ``_day_of``),
    reservations checked in, visitors (people checked in and walk-ins), both response rates
    and the satisfaction mean; then the edition's total and the responses whose day is not
    known (a poster without a venue on an edition-wide survey). Six queries."""
    from django.db.models import Avg

    days = list(
        AreaDay.objects.filter(edition_id=edition_id)
        .select_related("area")
        .order_by("date", "area__order", "pk")
    )
    responses = {
        row["day"]: row
        for row in Response.objects.filter(survey__in=surveys)
        .annotate(day=_day_of())
        .values("day")
        .annotate(total=Count("pk"), by_link=Count("pk", filter=Q(reservation__isnull=False)))
    }
    satisfaction = {
        row["day"]: row
        for row in _satisfaction_answers(surveys)
        .annotate(day=_day_of("response__"))
        .values("day")
        .annotate(mean=Avg("number"), n=Count("pk"), total=Sum("number"))
    }
    checked_in = {
        row["day"]: row
        for row in Reservation.objects.filter(
            status=Reservation.Status.ATTENDED,
            slot__programme__exhibitor__area_day__edition_id=edition_id,
        )
        .values(day=F("slot__programme__exhibitor__area_day_id"))
        .annotate(n=Count("pk"), people=Sum(F("adults") + F("children")))
    }
    walk_ins: dict[int | None, int] = dict(
        ReceptionCount.objects.filter(programme__exhibitor__area_day__edition_id=edition_id)
        .values_list("programme__exhibitor__area_day_id")
        .annotate(n=Sum("walk_ins"))
        .values_list("programme__exhibitor__area_day_id", "n")
    )

    def row(day_ids: list[int | None]) -> dict:
        total = sum(responses.get(d, {}).get("total", 0) for d in day_ids)
        by_link = sum(responses.get(d, {}).get("by_link", 0) for d in day_ids)
        reservations = sum(checked_in.get(d, {}).get("n", 0) for d in day_ids)
        visitors = sum(
            (checked_in.get(d, {}).get("people") or 0) + (walk_ins.get(d) or 0) for d in day_ids
        )
        rated = sum(satisfaction.get(d, {}).get("n", 0) for d in day_ids)
        stars = sum(satisfaction.get(d, {}).get("total") or 0 for d in day_ids)
        return {
            "responses": total,
            "by_link": by_link,
            "checked_in": reservations,
            "visitors": visitors,
            "rate_checked_in": _share(by_link, reservations),
            "rate_visitors": _share(total, visitors),
            "rated": rated,
            "mean": stars / rated if rated else None,
        }

    ids = [d.pk for d in days]
    return {
        "days": [dict(row([day.pk]), day=day) for day in days],
        "unknown": row([None]),
        "total": row([*ids, None]),
    }


def survey_day_rows(survey: Survey) -> dict | None:
    """An edition-wide survey's responses, rates and satisfaction per area day (None for a
    survey of one day: its results are that day's)."""
    if survey.area_day_id:
        return None
    return _day_rows(Survey.objects.filter(pk=survey.pk), survey.edition_id)


def edition_or_404(pk: int) -> Edition:
    found = Edition.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def edition_results(edition: Edition) -> dict:
    """The visitors' surveys of an edition taken together, per area day and for the whole
    edition, with the previous edition's figures beside (the same area's day, and the total).
    A fixed number of queries whatever the number of days, surveys or answers."""
    surveys = Survey.objects.filter(edition=edition, audience=Survey.Audience.VISITORS)
    results = _day_rows(surveys, edition.pk)
    results["surveys"] = list(
        Survey.objects.filter(edition=edition)
        .select_related("area_day__area")
        .annotate(response_count=Count("responses"))
        .order_by("audience", "area_day__date", "pk")
    )
    previous = Edition.objects.filter(year__lt=edition.year).order_by("-year").first()
    results["previous_edition"] = previous
    if previous is not None:
        before = _day_rows(
            Survey.objects.filter(edition=previous, audience=Survey.Audience.VISITORS),
            previous.pk,
        )
        by_area = {row["day"].area_id: row for row in before["days"]}
        for row in results["days"]:
            row["previous"] = by_area.get(row["day"].area_id)
        results["total"]["previous"] = before["total"]
    return results


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


def _published_visitor_surveys(edition: Edition) -> QuerySet[Survey]:
    return Survey.objects.filter(
        edition=edition, audience=Survey.Audience.VISITORS, results_published=True
    )


def published_visitor_ratings() -> QuerySet[Answer]:
    """The satisfaction answers of every published visitors' survey."""
    return _satisfaction_answers(
        Survey.objects.filter(audience=Survey.Audience.VISITORS, results_published=True)
    )


def published_satisfaction(edition: Edition) -> float | None:
    """The mean satisfaction of the edition's published visitors' surveys (one query)."""
    from django.db.models import Avg

    return _satisfaction_answers(_published_visitor_surveys(edition)).aggregate(mean=Avg("number"))[
        "mean"
    ]


def published_summary(edition: Edition) -> dict:
    """What the edition's public statistics page may show once staff publish a visitors'
    survey's results: the mean of its satisfaction (its first rating question) and the vote
    winner. Two queries; never a comment, never a person."""
    from django.db.models import Avg

    published = _published_visitor_surveys(edition)
    satisfaction = _satisfaction_answers(published).aggregate(mean=Avg("number"), count=Count("pk"))
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


def survey_report(survey: Survey, *, area_day: AreaDay | None = None) -> dict:
    """The results with last edition's figure beside each question asked in both (the same
    kind and wording, as "copy last edition's survey" keeps them).

    Narrowed to one area day of an edition-wide survey, last edition's figures are those of
    the same area's day.
    """
    results = survey_results(survey, area_day_id=area_day.pk if area_day else None)
    previous = previous_survey(survey)
    previous_day_id = None
    if previous is not None and area_day is not None and previous.area_day_id is None:
        previous_day_id = (
            AreaDay.objects.filter(edition_id=previous.edition_id, area_id=area_day.area_id)
            .values_list("pk", flat=True)
            .first()
        )
        if previous_day_id is None:
            previous = None
    if previous is not None:
        before = survey_results(previous, area_day_id=previous_day_id)
        by_wording = {(f["question"].kind, f["question"].text): f for f in before["figures"]}
        for figure in results["figures"]:
            old = by_wording.get((figure["question"].kind, figure["question"].text))
            if old is not None:
                figure["previous"] = old
                counts = {
                    r.get("value", r["label"]): (r["count"], r["share"])
                    for r in old.get("rows", [])
                }
                for row in figure.get("rows", []):
                    row["previous"], row["previous_share"] = counts.get(
                        row.get("value", row["label"]), (None, None)
                    )
        results["previous"] = before
    results["previous_survey"] = previous
    return results
