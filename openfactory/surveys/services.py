"""The workflows of the surveys: building them (with the guards that keep results true),
copying one to the next edition, mailing the personal links, and storing a response."""

import datetime as dt
import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.errors import ServiceError
from core.mail import compose
from core.page_cache import pages_changed

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
    SurveyInvitation,
)

logger = logging.getLogger(__name__)

LINK_SALT = "openfactory.surveys.link"


class SurveyError(ServiceError):
    pass


class SurveyClosedError(SurveyError):
    pass


class AlreadyAnsweredError(SurveyError):
    def __init__(self, response: Response):
        super().__init__(_("This survey has already been answered."), code="answered")
        self.response = response


# --- Building: what answers forbid -------------------------------------------------------

DEFAULT_CHOICES = {
    Question.Kind.AGE_BAND: [
        ("under-13", "12歳以下", "12 or under"),
        ("13-18", "13〜18歳", "13–18"),
        ("19-29", "19〜29歳", "19–29"),
        ("30s", "30代", "30s"),
        ("40s", "40代", "40s"),
        ("50s", "50代", "50s"),
        ("60s", "60代", "60s"),
        ("70-plus", "70歳以上", "70 or over"),
    ],
    Question.Kind.RESIDENCE: [
        ("city", "綾瀬市内", "In Ayase"),
        ("prefecture", "神奈川県内(綾瀬市外)", "Elsewhere in Kanagawa"),
        ("outside", "神奈川県外", "Outside Kanagawa"),
    ],
    Question.Kind.HEARD_FROM: [
        ("sns", "SNS", "Social media"),
        ("website", "ホームページ", "Website"),
        ("flyer", "チラシ・ポスター", "Flyer or poster"),
        ("city-news", "広報あやせ", "City newsletter"),
        ("friend", "知人・家族", "Friends or family"),
        ("school", "学校", "School"),
    ],
}


def question_has_answers(question_id: int) -> bool:
    return Answer.objects.filter(question_id=question_id).exists()


def choice_has_answers(choice_id: int) -> bool:
    return (
        Answer.objects.filter(choice_id=choice_id).exists()
        or AnswerChoice.objects.filter(choice_id=choice_id).exists()
    )


def question_check_delete(*, question: Question) -> None:
    if question.pk and question_has_answers(question.pk):
        raise SurveyError(
            _(
                "“%(question)s” has answers: removing it would remove them from the results. "
                "Mark it optional or leave it in place."
            )
            % {"question": question.text},
            code="question_answered",
        )


def question_check_change(*, question: Question) -> None:
    """A kind changed after answers came would make the stored answers mean something else."""
    if not question.pk:
        return
    old_kind = Question.objects.filter(pk=question.pk).values_list("kind", flat=True).first()
    if old_kind and old_kind != question.kind and question_has_answers(question.pk):
        raise SurveyError(
            _("“%(question)s” has answers: its kind can no longer be changed.")
            % {"question": question.text},
            field="kind",
            code="kind_answered",
        )


def choice_check_change(*, choice: Choice, deleting: bool = False) -> None:
    """Labels may be corrected; a value or the choice itself, once answered, may not."""
    if not choice.pk or not choice_has_answers(choice.pk):
        return
    if deleting:
        raise SurveyError(
            _(
                "The choice “%(label)s” has been answered: removing it would change the "
                "results. Add a new choice instead."
            )
            % {"label": choice.label},
            code="choice_answered",
        )
    old = Choice.objects.filter(pk=choice.pk).values_list("value", "question_id").first()
    if old and (old[0] != choice.value or old[1] != choice.question_id):
        raise SurveyError(
            _(
                "The choice “%(label)s” has been answered: its value can no longer be changed "
                "(its label may be)."
            )
            % {"label": choice.label},
            field="value",
            code="choice_answered",
        )


@transaction.atomic
def question_delete(*, question: Question) -> None:
    question_check_delete(question=question)
    question.delete()


@transaction.atomic
def choice_delete(*, choice: Choice) -> None:
    choice_check_change(choice=choice, deleting=True)
    choice.delete()


@transaction.atomic
def question_add_default_choices(*, question: Question) -> int:
    """Age bands, residence and how they heard of it start with the usual choices (editable)."""
    defaults = DEFAULT_CHOICES.get(Question.Kind(question.kind))
    if not defaults or question.choices.exists():
        return 0
    Choice.objects.bulk_create(
        Choice(question=question, order=i, value=value, label=label, label_en=label_en)
        for i, (value, label, label_en) in enumerate(defaults, start=1)
    )
    pages_changed()  # bulk_create sends no signal; the results show the choices
    return len(defaults)


# --- Copying to the next edition ---------------------------------------------------------


@transaction.atomic
def survey_copy(*, from_survey: Survey, to_edition: Edition) -> Survey:
    """Next year's survey in one step: the questions, choices and conditions, as a draft.

    A survey of one area day goes to the same area's day in the new edition (none: the whole
    edition). Nothing of the answers is copied.
    """
    if to_edition.pk == from_survey.edition_id:
        raise SurveyError(
            _("A survey is copied to another edition, not its own."), code="same_edition"
        )
    area_day = None
    if from_survey.area_day is not None:
        area_day = AreaDay.objects.filter(
            edition=to_edition, area_id=from_survey.area_day.area_id
        ).first()
    copy = Survey.objects.create(
        edition=to_edition,
        area_day=area_day,
        audience=from_survey.audience,
        title=from_survey.title,
        title_en=from_survey.title_en,
        intro=from_survey.intro,
        intro_en=from_survey.intro_en,
        status=Survey.Status.DRAFT,
        results_published=False,
    )
    new_question_of = {}
    questions = list(from_survey.questions.prefetch_related("choices").order_by("order", "pk"))
    for question in questions:
        new_question_of[question.pk] = Question.objects.create(
            survey=copy,
            order=question.order,
            kind=question.kind,
            text=question.text,
            text_en=question.text_en,
            help_text=question.help_text,
            help_text_en=question.help_text_en,
            required=question.required,
            allow_other=question.allow_other,
            min_value=question.min_value,
            max_value=question.max_value,
        )
        Choice.objects.bulk_create(
            Choice(
                question=new_question_of[question.pk],
                order=c.order,
                label=c.label,
                label_en=c.label_en,
                value=c.value,
            )
            for c in question.choices.all()
        )
    pages_changed()  # the copy's choices (bulk_create sends no signal)
    for question in questions:
        if question.condition_question_id in new_question_of:
            new = new_question_of[question.pk]
            new.condition_question = new_question_of[question.condition_question_id]
            new.condition_value = question.condition_value
            new.save(update_fields=["condition_question", "condition_value"])
    return copy


def survey_previous_for(*, edition: Edition) -> list[Survey]:
    """The surveys of the latest edition before ``edition`` (what "copy last edition's" copies)."""
    previous = Edition.objects.filter(year__lt=edition.year).order_by("-year").first()
    if previous is None:
        return []
    return list(previous.surveys.order_by("pk"))


# --- The personal link mailed after the visit ---------------------------------------------


def survey_link_token(*, survey_id: int, reservation_id: int) -> str:
    return signing.dumps({"s": survey_id, "r": reservation_id}, salt=LINK_SALT)


def survey_link_read(token: str) -> tuple[int, int] | None:
    """(survey id, reservation id) of a link that the portal signed, or None."""
    try:
        data = signing.loads(
            token,
            salt=LINK_SALT,
            max_age=dt.timedelta(days=settings.OPENFACTORY_SURVEY_LINK_DAYS),
        )
    except (signing.BadSignature, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict):
        return None
    survey_id, reservation_id = data.get("s"), data.get("r")
    if not isinstance(survey_id, int) or not isinstance(reservation_id, int):
        return None
    return survey_id, reservation_id


def survey_for_area_day(area_day_id: int) -> Survey | None:
    """The open visitors' survey of a day: the day's own, else the edition's."""
    surveys = Survey.objects.filter(
        audience=Survey.Audience.VISITORS, status=Survey.Status.OPEN
    ).select_related("edition")
    area_day = AreaDay.objects.filter(pk=area_day_id).first()
    if area_day is None:
        return None
    return (
        surveys.filter(area_day=area_day).order_by("pk").first()
        or surveys.filter(edition_id=area_day.edition_id, area_day__isnull=True)
        .order_by("pk")
        .first()
    )


def survey_invitations_due(*, now: dt.datetime | None = None) -> list[tuple[int, int]]:
    """(survey id, reservation id) of every checked-in visitor not yet mailed the survey.

    The day's mail goes at OPENFACTORY_SURVEY_MAIL_HOUR (local time); days of the past few
    days are caught up, should the beat or the broker have been down that evening.
    """
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    first = today - dt.timedelta(days=settings.OPENFACTORY_SURVEY_CATCH_UP_DAYS)
    days = AreaDay.objects.filter(date__gte=first, date__lte=today)
    if now.hour < settings.OPENFACTORY_SURVEY_MAIL_HOUR:
        days = days.exclude(date=today)
    due: list[tuple[int, int]] = []
    for area_day_id in days.values_list("pk", flat=True):
        survey = survey_for_area_day(area_day_id)
        if survey is None or not survey.is_accepting(now):
            continue
        reservations = (
            Reservation.objects.filter(
                slot__programme__exhibitor__area_day_id=area_day_id,
                status=Reservation.Status.ATTENDED,
                checked_in_at__isnull=False,
                anonymised_at__isnull=True,
            )
            .exclude(email="")
            .exclude(survey_invitations__survey=survey)
            .order_by("pk")
        )
        due.extend((survey.pk, pk) for pk in reservations.values_list("pk", flat=True))
    return due


def survey_invitation_send(*, survey_id: int, reservation_id: int) -> bool:
    """Mail the personal link once: the invitation row is claimed in the transaction that
    sends, so a second run (or a second worker) sends nothing."""
    with transaction.atomic():
        reservation = (
            Reservation.objects.select_for_update()
            .filter(
                pk=reservation_id, status=Reservation.Status.ATTENDED, anonymised_at__isnull=True
            )
            .first()
        )
        survey = Survey.objects.filter(pk=survey_id).select_related("edition").first()
        if reservation is None or survey is None or not survey.is_accepting():
            return False
        if SurveyInvitation.objects.filter(survey=survey, reservation=reservation).exists():
            return False
        language = reservation.language or "ja"
        SurveyInvitation.objects.create(survey=survey, reservation=reservation, language=language)
        token = survey_link_token(survey_id=survey.pk, reservation_id=reservation.pk)
        message = compose(
            to=[reservation.email],
            subject="openfactory/surveys/email/invitation_subject.txt",
            body_template="openfactory/surveys/email/invitation.txt",
            context={
                "survey": survey,
                "reservation": reservation,
                "programme": reservation.slot.programme,
                "link": settings.SITE_URL
                + reverse("openfactory:surveys:answer", kwargs={"token": token}),
            },
            languages=(language,),
        )
        # Sent inside the transaction: should sending fail, the claim is rolled back and the
        # next run tries again.
        message.send()
    return True


# --- Storing a response --------------------------------------------------------------------


def questions_shown(questions: list[Question], values: dict[int, object]) -> set[int]:
    """The ids of the questions shown, given the answers (``values``: question id → the
    answer's value(s) as strings). A question whose condition's question is hidden is hidden."""
    shown: set[int] = set()
    by_id = {q.pk: q for q in questions}
    for question in questions:
        parent_id = question.condition_question_id
        if parent_id is None:
            shown.add(question.pk)
            continue
        if parent_id not in shown or parent_id not in by_id:
            continue
        value = values.get(parent_id)
        given = value if isinstance(value, list | tuple | set) else [value]
        if question.condition_value in {str(v) for v in given if v not in (None, "")}:
            shown.add(question.pk)
    return shown


def response_submit(
    *,
    survey: Survey,
    answers: dict[int, dict],
    language: str = "ja",
    reservation: Reservation | None = None,
    browser_key: str = "",
    venue: Exhibitor | None = None,
    company: Company | None = None,
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Store one response with its answers, once.

    ``answers`` maps a question id to what the form cleaned: ``number``, ``text``,
    ``choice`` (a Choice), ``choices`` (Choices), ``exhibitor`` (an Exhibitor), ``other_text``.
    The same idempotency key, reservation or browser a second time stores nothing and raises
    :class:`AlreadyAnsweredError` with the first response.
    """
    if not survey.is_accepting(now):
        raise SurveyClosedError(_("This survey is closed."), code="closed")
    if company is not None and (venue is None or venue.company_id != company.pk):
        raise SurveyError(_("An exhibitor answers for its own exhibit."), code="not_own_exhibit")
    existing = _existing_response(survey, reservation, browser_key, idempotency_key, venue, company)
    if existing is not None:
        raise AlreadyAnsweredError(existing)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                reservation=reservation,
                area_day_id=_day_of_response(survey, reservation, venue),
                venue=venue,
                company=company,
                browser_key=browser_key,
                idempotency_key=idempotency_key or None,
                language=language,
                submitted_at=now or timezone.now(),
            )
            links: list[AnswerChoice] = []
            for question_id, value in answers.items():
                answer = Answer.objects.create(
                    response=response,
                    question_id=question_id,
                    number=value.get("number"),
                    text=value.get("text", ""),
                    choice=value.get("choice"),
                    exhibitor=value.get("exhibitor"),
                    other_text=value.get("other_text", ""),
                )
                links.extend(
                    AnswerChoice(answer=answer, choice=c) for c in value.get("choices", ())
                )
            AnswerChoice.objects.bulk_create(links)
            pages_changed()  # the results count the choices (bulk_create sends no signal)
    except IntegrityError:
        # Two taps at once: the other request stored it.
        existing = _existing_response(
            survey, reservation, browser_key, idempotency_key, venue, company
        )
        if existing is None:
            raise
        raise AlreadyAnsweredError(existing) from None
    return response


def _existing_response(
    survey: Survey,
    reservation: Reservation | None,
    browser_key: str,
    idempotency_key: str | None,
    venue: Exhibitor | None = None,
    company: Company | None = None,
) -> Response | None:
    found = Response.objects.filter(survey=survey)
    if idempotency_key:
        hit = Response.objects.filter(idempotency_key=idempotency_key).first()
        if hit is not None:
            return hit
    if company is not None:
        return found.filter(venue=venue, company__isnull=False).first()
    if reservation is not None:
        return found.filter(reservation=reservation).first()
    if browser_key:
        return found.filter(browser_key=browser_key).first()
    return None


@transaction.atomic
def answer_hide(*, answer_id: int, hidden: bool) -> None:
    Answer.objects.filter(pk=answer_id).update(hidden_by_staff=hidden)
    pages_changed()  # the results' comments (update() sends no signal)


@transaction.atomic
def responses_anonymise() -> int:
    """Unlink responses from reservations whose personal data the retention task removed.

    The answers stay for the results; nothing then leads from them back to a visitor.
    """
    count = Response.objects.filter(
        reservation__anonymised_at__isnull=False, anonymised_at__isnull=True
    ).update(reservation=None, anonymised_at=timezone.now())
    pages_changed()  # the results count the answers given by a mailed link
    return count


def _day_of_response(
    survey: Survey, reservation: Reservation | None, venue: Exhibitor | None
) -> int | None:
    """The area day a response is about: its survey's, else its reservation's, else its
    venue's (Response.area_day)."""
    if survey.area_day_id:
        return survey.area_day_id
    if reservation is not None:
        return reservation.slot.programme.exhibitor.area_day_id
    return venue.area_day_id if venue is not None else None
