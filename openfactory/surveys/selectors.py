"""Read queries of the surveys."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import (
    Avg,
    CharField,
    Count,
    Exists,
    Expression,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.http import Http404
from django.utils import timezone

from accounts.types import AnyUser
from core.db import unique_or_none

from ..models import (
    Answer,
    AnswerChoice,
    AreaDay,
    Choice,
    Edition,
    Exhibitor,
    Question,
    Reservation,
    Response,
    Survey,
)
from ..visitor_stats import area_days_counted, received


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
    found = unique_or_none(
        Survey.objects.select_related("edition", "area_day__area").filter(public_key=key)
    )
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
    return unique_or_none(
        Reservation.objects.select_related("slot__programme__exhibitor__company").filter(
            pk=reservation_id
        )
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
    found = unique_or_none(Survey.objects.select_related("edition", "area_day__area").filter(pk=pk))
    if found is None:
        raise Http404
    return found


def answer_or_404(pk: int) -> Answer:
    found = Answer.objects.select_related("response").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# The area day a response is about (None: not known): stored when it was given
# (Response.area_day); for responses made without the service (the demo's and the
# benchmarks', never by a mailed link), its survey's day, else its venue's.
def _day_of(prefix: str = "") -> Coalesce:
    return Coalesce(
        f"{prefix}area_day_id", f"{prefix}survey__area_day_id", f"{prefix}venue__area_day_id"
    )


# The results pages build every figure in Python from a few grouped rows (``_counts``), so that
# a page asks the same few queries whatever the number of questions, answers and area days.

_NO_ID = Value(None, output_field=IntegerField())
_NO_TEXT = Value(None, output_field=CharField())


def _grouped(rows: QuerySet, tag: str, **keys: Expression | F) -> QuerySet:
    """``rows`` grouped by ``keys``, in the columns every branch of a ``_counts`` union shares
    (``k_of`` is the survey, or the edition on the edition's page)."""
    columns: dict[str, Expression | F] = {
        "k_of": _NO_ID,
        "k_day": _NO_ID,
        "k_question": _NO_ID,
        "k_number": _NO_ID,
        "k_choice": _NO_ID,
        "k_exhibitor": _NO_ID,
        "k_name": _NO_TEXT,
    }
    columns.update(keys)
    return rows.order_by().values(k_tag=Value(tag, output_field=CharField()), **columns)


def _counts(survey_ids: list[int], *, comments: QuerySet[Answer] | None = None) -> list[dict]:
    """Every count of the surveys' results by survey and area day (see ``_day_of``), in one
    query: answers by question and value (``m``: those with an "other" text), multiple-choice
    picks by choice, responses (``m``: by the mailed link), and the number of ``comments``."""
    answers = _grouped(
        Answer.objects.filter(response__survey_id__in=survey_ids),
        "answer",
        k_of=F("response__survey_id"),
        k_day=_day_of("response__"),
        k_question=F("question_id"),
        k_number=F("number"),
        k_choice=F("choice_id"),
        k_exhibitor=F("exhibitor_id"),
        k_name=F("exhibitor__company__name"),
    ).annotate(n=Count("pk"), m=Count("pk", filter=~Q(other_text="")))
    picks = _grouped(
        AnswerChoice.objects.filter(answer__response__survey_id__in=survey_ids),
        "pick",
        k_of=F("answer__response__survey_id"),
        k_day=_day_of("answer__response__"),
        k_question=F("answer__question_id"),
        k_choice=F("choice_id"),
    ).annotate(n=Count("pk"), m=Value(0))
    responses = _grouped(
        Response.objects.filter(survey_id__in=survey_ids),
        "response",
        k_of=F("survey_id"),
        k_day=_day_of(),
    ).annotate(n=Count("pk"), m=Count("pk", filter=Q(reservation__isnull=False)))
    branches = [picks, responses]
    if comments is not None:
        branches.append(_grouped(comments, "comments").annotate(n=Count("pk"), m=Value(0)))
    return list(answers.union(*branches, all=True))


def _previous_pk() -> Coalesce:
    """The survey beside the outer one: last edition's of the same audience and area (or of
    the whole edition), else the latest earlier one of the same audience."""
    earlier = Survey.objects.filter(
        audience=OuterRef("audience"), edition__year__lt=OuterRef("edition__year")
    ).order_by("-edition__year", "pk")
    same = earlier.filter(
        Q(area_day__area_id=OuterRef("area_day__area_id"))
        | Q(IsNull(OuterRef("area_day_id"), True), area_day__isnull=True)
    )
    return Coalesce(Subquery(same.values("pk")[:1]), Subquery(earlier.values("pk")[:1]))


def _survey_and_previous(
    pk: int,
) -> tuple[Survey, Survey | None, dict[int, list[Question]], dict[int, list[Choice]]]:
    """The survey, the one ``_previous_pk`` finds, and the questions and choices of both, in
    one query (a row per survey, question and choice); a 404 for no survey."""
    question_fields = [f.attname for f in Question._meta.concrete_fields]
    choice_fields = [f.attname for f in Choice._meta.concrete_fields]
    wanted = Survey.objects.filter(pk=pk).annotate(previous=_previous_pk()).values("previous")
    rows = (
        Survey.objects.filter(Q(pk=pk) | Q(pk__in=wanted))
        .select_related("edition", "area_day__area")
        .annotate(
            **{f"question_{f}": F(f"questions__{f}") for f in question_fields},
            **{f"choice_{f}": F(f"questions__choices__{f}") for f in choice_fields},
        )
        .order_by(
            "pk",
            "questions__order",
            "questions__pk",
            "questions__choices__order",
            "questions__choices__pk",
        )
    )
    surveys: dict[int, Survey] = {}
    questions: dict[int, list[Question]] = {}
    choices: dict[int, list[Choice]] = {}
    for row in rows:
        survey = surveys.setdefault(row.pk, row)
        own = questions.setdefault(row.pk, [])
        question_values = [getattr(row, f"question_{f}") for f in question_fields]
        choice_values = [getattr(row, f"choice_{f}") for f in choice_fields]
        question_id = question_values[question_fields.index("id")]
        if question_id is None:
            continue  # a survey with no question yet
        if not own or own[-1].pk != question_id:
            question = Question.from_db(Survey.objects.db, question_fields, question_values)
            question.survey = survey
            own.append(question)
            choices[question_id] = []
        if choice_values[choice_fields.index("id")] is not None:
            choice = Choice.from_db(Survey.objects.db, choice_fields, choice_values)
            choice.question = own[-1]
            choices[question_id].append(choice)
    if pk not in surveys:
        raise Http404
    survey = surveys.pop(pk)
    return survey, next(iter(surveys.values()), None), questions, choices


def _in_scope(survey: Survey, row: dict, area_day_id: int | None) -> bool:
    """Whether a grouped row counts for ``survey`` narrowed to ``area_day_id`` (None: every
    day): a survey of one day is about that day, whatever the day asked."""
    if row["k_of"] != survey.pk:
        return False
    return not area_day_id or bool(survey.area_day_id) or row["k_day"] == area_day_id


def _results(
    survey: Survey,
    questions: list[Question],
    choices: dict[int, list[Choice]],
    counts: list[dict],
    days: list[AreaDay],
    area_day_id: int | None = None,
) -> dict:
    """The figures of ``survey_results`` from the rows of ``_counts`` and the area days of
    ``area_days_counted``; no query."""
    answered: Counter[int] = Counter()
    numbers: dict[int, Counter[int]] = defaultdict(Counter)
    chosen: Counter[int] = Counter()
    others: Counter[int] = Counter()
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    names: dict[int, str] = {}
    responses = by_link = 0
    for row in counts:
        if not _in_scope(survey, row, area_day_id):
            continue
        tag, question_id, n = row["k_tag"], row["k_question"], row["n"]
        if tag == "response":
            responses += n
            by_link += row["m"]
        elif tag == "pick":
            chosen[row["k_choice"]] += n
        elif tag == "answer":
            answered[question_id] += n
            others[question_id] += row["m"]
            if row["k_number"] is not None:
                numbers[question_id][row["k_number"]] += n
            if row["k_choice"] is not None:
                chosen[row["k_choice"]] += n
            if row["k_exhibitor"] is not None:
                votes[question_id][row["k_exhibitor"]] += n
                names[row["k_exhibitor"]] = row["k_name"]
    day_id = area_day_id or survey.area_day_id
    counted = [d for d in days if (d.pk == day_id if day_id else d.edition_id == survey.edition_id)]
    checked_in, visitors = received(counted)

    figures = []
    for question in questions:
        count = answered[question.pk]
        figure: dict = {"question": question, "answered": count}
        if question.kind == Question.Kind.RATING:
            dist = numbers[question.pk]
            total = sum(dist.values())
            figure["rows"] = [
                {"label": str(i), "count": dist[i], "share": _share(dist[i], total)}
                for i in range(5, 0, -1)
            ]
            figure["mean"] = sum(k * v for k, v in dist.items()) / total if total else None
        elif question.kind == Question.Kind.NUMBER:
            dist = numbers[question.pk]
            total = sum(dist.values())
            figure["mean"] = sum(k * v for k, v in dist.items()) / total if total else None
            figure["total"] = sum(k * v for k, v in dist.items())
        elif question.has_choices:
            figure["rows"] = [
                {
                    "label": c.display_label,
                    "value": c.value,
                    "count": chosen[c.pk],
                    "share": _share(chosen[c.pk], count),
                }
                for c in choices.get(question.pk, [])
            ]
            if question.allow_other:
                n = others[question.pk]
                figure["rows"].append(
                    {"label": None, "value": "other", "count": n, "share": _share(n, count)}
                )
        elif question.kind == Question.Kind.EXHIBITOR:
            ranking = sorted(votes[question.pk].items(), key=lambda item: (-item[1], item[0]))
            figure["rows"] = [
                {
                    "rank": rank,
                    "label": names.get(exhibitor_id, "?"),
                    "count": n,
                    "share": _share(n, count),
                }
                for rank, (exhibitor_id, n) in enumerate(ranking, start=1)
            ]
        figures.append(figure)
    return {
        "responses": responses,
        "by_link": by_link,
        "checked_in": checked_in,
        "visitors": visitors,
        "rate_checked_in": _share(by_link, checked_in),
        "rate_visitors": _share(responses, visitors),
        "figures": figures,
    }


def survey_results(survey: Survey, *, area_day_id: int | None = None) -> dict:
    """Every figure of a survey's results page, in four queries whatever the number of
    questions, answers or area days: counts are grouped in the database, never counted row by
    row here.

    ``area_day_id`` narrows an edition-wide survey to the answers about one area day.
    """
    questions = survey_questions(survey)
    choices = {q.pk: list(q.choices.all()) for q in questions}
    days = area_days_counted([survey.edition_id])
    return _results(survey, questions, choices, _counts([survey.pk]), days, area_day_id)


def _satisfaction_answers(surveys: QuerySet[Survey]) -> QuerySet[Answer]:
    """The answers to each survey's satisfaction question: its first rating question."""
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


def _day_table(
    days: list[AreaDay],
    responses: dict[int | None, tuple[int, int]],
    satisfaction: dict[int | None, tuple[int, int]],
) -> dict:
    """Per area day of an edition (``days``, from ``area_days_counted``): responses (total and
    by the mailed link, by day, see ``_day_of``), reservations checked in, visitors (people
    checked in and walk-ins), both response rates and the satisfaction mean (``satisfaction``:
    answers and their sum of stars, by day); then the edition's total and the responses whose
    day is not known (a poster without a venue on an edition-wide survey). No query."""
    by_day = {d.pk: d for d in days}

    def row(day_ids: list[int | None]) -> dict:
        total = sum(responses.get(d, (0, 0))[0] for d in day_ids)
        by_link = sum(responses.get(d, (0, 0))[1] for d in day_ids)
        counted = [by_day[d] for d in day_ids if d in by_day]
        reservations, visitors = received(counted)
        rated = sum(satisfaction.get(d, (0, 0))[0] for d in day_ids)
        stars = sum(satisfaction.get(d, (0, 0))[1] for d in day_ids)
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

    ids: list[int | None] = [d.pk for d in days]
    return {
        "days": [dict(row([day.pk]), day=day) for day in days],
        "unknown": row([None]),
        "total": row([*ids, None]),
    }


def _survey_day_table(
    survey: Survey, questions: list[Question], counts: list[dict], days: list[AreaDay]
) -> dict:
    """``_day_table`` of one edition-wide survey, from the rows of ``_counts``."""
    ratings = [q for q in questions if q.kind == Question.Kind.RATING]
    first = {q.pk for q in ratings if q.order == min(r.order for r in ratings)}
    responses: dict[int | None, tuple[int, int]] = {}
    satisfaction: dict[int | None, tuple[int, int]] = {}
    for row in counts:
        if row["k_of"] != survey.pk:
            continue
        day, n = row["k_day"], row["n"]
        if row["k_tag"] == "response":
            total, by_link = responses.get(day, (0, 0))
            responses[day] = (total + n, by_link + row["m"])
        elif (
            row["k_tag"] == "answer" and row["k_question"] in first and row["k_number"] is not None
        ):
            rated, stars = satisfaction.get(day, (0, 0))
            satisfaction[day] = (rated + n, stars + row["k_number"] * n)
    return _day_table(
        [d for d in days if d.edition_id == survey.edition_id], responses, satisfaction
    )


def survey_day_rows(survey: Survey) -> dict | None:
    """An edition-wide survey's responses, rates and satisfaction per area day (None for a
    survey of one day: its results are that day's)."""
    if survey.area_day_id:
        return None
    questions = survey_questions(survey)
    days = area_days_counted([survey.edition_id])
    return _survey_day_table(survey, questions, _counts([survey.pk]), days)


def survey_results_page(pk: int, *, day: str = "", query: str | None = "") -> dict:
    """Everything on a survey's results page: the survey, its area days (an edition-wide
    survey's) and the one of ``day`` (``?day=``; anything else is every day, never an error),
    the results with last edition's beside (``_put_beside``), the table per area day,
    and the comments matching ``query`` with their number (None: no comments, for the
    printable report).

    Four queries whatever the number of questions, answers, area days or comments: the two
    surveys with their questions and choices, the area days with their counts, every count
    grouped in one query, and (when the page shows some) the comments.
    """
    survey, previous, questions, choices = _survey_and_previous(pk)
    days = area_days_counted({survey.edition_id, *([previous.edition_id] if previous else [])})
    own_days = [] if survey.area_day_id else [d for d in days if d.edition_id == survey.edition_id]
    area_day = next((d for d in own_days if str(d.pk) == day), None)
    previous, previous_day_id = _previous_scope(previous, area_day, days)
    comments = None if query is None else survey_comments(survey, query=query)
    ids = [survey.pk, *([previous.pk] if previous else [])]
    counts = _counts(ids, comments=comments)
    results = _results(
        survey, questions[survey.pk], choices, counts, days, area_day.pk if area_day else None
    )
    if previous is not None:
        before = _results(previous, questions[previous.pk], choices, counts, days, previous_day_id)
        _put_beside(results, before)
    results["previous_survey"] = previous
    return {
        "survey": survey,
        "days": own_days,
        "area_day": area_day,
        "results": results,
        "day_rows": None
        if area_day or survey.area_day_id
        else _survey_day_table(survey, questions[survey.pk], counts, days),
        "comments": comments,
        "comment_count": next((row["n"] for row in counts if row["k_tag"] == "comments"), 0),
    }


def _edition_and_previous(pk: int) -> tuple[Edition, Edition | None]:
    """The edition and the one before it (by year), in one query; a 404 for no edition."""
    year = Edition.objects.filter(pk=pk).values("year")
    before = Edition.objects.filter(year__lt=Subquery(year)).order_by("-year").values("pk")[:1]
    found = {e.pk: e for e in Edition.objects.filter(Q(pk=pk) | Q(pk=Subquery(before)))}
    if pk not in found:
        raise Http404
    edition = found.pop(pk)
    return edition, next(iter(found.values()), None)


def _edition_counts(edition_ids: list[int]) -> list[dict]:
    """The responses to the editions' visitors' surveys (``m``: by the mailed link) and their
    satisfaction answers (``m``: the stars), by edition and area day, in one query."""
    surveys = Survey.objects.filter(edition_id__in=edition_ids, audience=Survey.Audience.VISITORS)
    responses = _grouped(
        Response.objects.filter(survey__in=surveys),
        "response",
        k_of=F("survey__edition_id"),
        k_day=_day_of(),
    ).annotate(n=Count("pk"), m=Count("pk", filter=Q(reservation__isnull=False)))
    satisfaction = _grouped(
        _satisfaction_answers(surveys),
        "satisfaction",
        k_of=F("response__survey__edition_id"),
        k_day=_day_of("response__"),
    ).annotate(n=Count("pk"), m=Sum("number"))
    return list(responses.union(satisfaction, all=True))


def _edition_day_table(edition: Edition, counts: list[dict], days: list[AreaDay]) -> dict:
    responses: dict[int | None, tuple[int, int]] = {}
    satisfaction: dict[int | None, tuple[int, int]] = {}
    for row in counts:
        if row["k_of"] == edition.pk:
            found = responses if row["k_tag"] == "response" else satisfaction
            found[row["k_day"]] = (row["n"], row["m"] or 0)
    return _day_table([d for d in days if d.edition_id == edition.pk], responses, satisfaction)


def _edition_results(edition: Edition, previous: Edition | None) -> dict:
    ids = [edition.pk, *([previous.pk] if previous else [])]
    days = area_days_counted(ids)
    counts = _edition_counts(ids)
    results = _edition_day_table(edition, counts, days)
    results["edition"] = edition
    results["surveys"] = list(
        Survey.objects.filter(edition=edition)
        .select_related("area_day__area")
        .annotate(response_count=Count("responses"))
        .order_by("audience", "area_day__date", "pk")
    )
    results["previous_edition"] = previous
    if previous is not None:
        before = _edition_day_table(previous, counts, days)
        by_area = {row["day"].area_id: row for row in before["days"]}
        for row in results["days"]:
            row["previous"] = by_area.get(row["day"].area_id)
        results["total"]["previous"] = before["total"]
    return results


def edition_results(edition: Edition) -> dict:
    """The visitors' surveys of an edition taken together, per area day and for the whole
    edition, with the previous edition's figures beside (the same area's day, and the total).
    A fixed number of queries whatever the number of days, surveys or answers."""
    previous = Edition.objects.filter(year__lt=edition.year).order_by("-year").first()
    return _edition_results(edition, previous)


def edition_results_or_404(pk: int) -> dict:
    """``edition_results`` of the edition ``pk`` (the edition as ``edition``), in four queries:
    the edition with the one before it, their area days with their counts, the responses and
    satisfaction grouped by edition and day, and the edition's surveys."""
    return _edition_results(*_edition_and_previous(pk))


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


def published_visitor_ratings() -> QuerySet[Answer]:
    """The satisfaction answers of every published visitors' survey."""
    return _satisfaction_answers(
        Survey.objects.filter(audience=Survey.Audience.VISITORS, results_published=True)
    )


def published_summary(edition: Edition, previous: Edition | None = None) -> dict:
    """What the edition's public statistics page may show once staff publish a visitors'
    survey's results: the mean of its satisfaction (its first rating question) and the vote
    winner; and the mean satisfaction of ``previous`` (``previous_mean``). One query; never a
    comment, never a person."""
    published = Survey.objects.filter(
        edition_id__in=[edition.pk, *([previous.pk] if previous else [])],
        audience=Survey.Audience.VISITORS,
        results_published=True,
    )
    satisfaction = _grouped(
        _satisfaction_answers(published), "satisfaction", k_of=F("response__survey__edition_id")
    ).annotate(n=Count("pk"), m=Avg("number"))
    votes = _grouped(
        Answer.objects.filter(
            response__survey__in=published.filter(edition=edition), exhibitor__isnull=False
        ),
        "votes",
        k_name=F("exhibitor__company__name"),
    ).annotate(n=Count("pk"), m=Value(None, output_field=FloatField()))
    rows = list(satisfaction.union(votes, all=True).order_by("-n", "k_name"))
    means = {row["k_of"]: row for row in rows if row["k_tag"] == "satisfaction"}
    top = sorted(
        ((row["n"], row["k_name"]) for row in rows if row["k_tag"] == "votes"),
        key=lambda vote: (-vote[0], vote[1]),
    )[:5]
    winners = [name for n, name in top if n == top[0][0]]
    own = means.get(edition.pk, {})
    return {
        "mean": own.get("m"),
        "count": own.get("n", 0),
        "winners": winners,
        "votes": top[0][0] if top else 0,
        "previous_mean": means[previous.pk]["m"] if previous and previous.pk in means else None,
    }


# --- The printable report ----------------------------------------------------------------------


def _previous_scope(
    previous: Survey | None, area_day: AreaDay | None, days: list[AreaDay]
) -> tuple[Survey | None, int | None]:
    """Last edition's survey and the area day its figures are narrowed to: narrowed to one
    area day of an edition-wide survey, they are those of the same area's day (``days`` holds
    the previous edition's), and there are none if that edition had no day there."""
    if previous is None or area_day is None or previous.area_day_id is not None:
        return previous, None
    same = [
        d for d in days if d.edition_id == previous.edition_id and d.area_id == area_day.area_id
    ]
    return (previous, same[0].pk) if same else (None, None)


def _put_beside(results: dict, before: dict) -> None:
    """Last edition's figure beside each question asked in both (the same kind and wording,
    as "copy last edition's survey" keeps them)."""
    by_wording = {(f["question"].kind, f["question"].text): f for f in before["figures"]}
    for figure in results["figures"]:
        old = by_wording.get((figure["question"].kind, figure["question"].text))
        if old is not None:
            figure["previous"] = old
            counts = {
                r.get("value", r["label"]): (r["count"], r["share"]) for r in old.get("rows", [])
            }
            for row in figure.get("rows", []):
                row["previous"], row["previous_share"] = counts.get(
                    row.get("value", row["label"]), (None, None)
                )
    results["previous"] = before
