"""The stamp rally: the poster's signed code, the quiz a company sets, and the stamp a right
answer gives a visitor pass (once per factory, on the factory's area day only)."""

import datetime as dt

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from japanese.dates import format_date
from japanese.text import normalize, normalize_multiline

from ..errors import StampError
from ..models import Exhibitor, ExhibitorQuiz, QuizAnswer, Stamp, VisitorPass
from ..models.stamps import MAX_CHOICES

_SALT = "openfactory.stamp-poster"


def poster_code(exhibitor: Exhibitor) -> str:
    """The code in the poster's QR code: the factory and its area day, signed with the site's
    secret (so it cannot be made up, nor moved to another day or factory)."""
    return signing.dumps([exhibitor.pk, exhibitor.area_day.date.isoformat()], salt=_SALT)


def poster_check(code: str, *, now: dt.datetime | None = None) -> Exhibitor:
    """The factory of a poster code, on its area day; otherwise a StampError saying why."""
    try:
        exhibitor_id, day = signing.loads(code or "", salt=_SALT)
        date = dt.date.fromisoformat(day)
        exhibitor_id = int(exhibitor_id)
    except (signing.BadSignature, ValueError, TypeError):
        raise StampError(
            _("This is not a code of the open factory's posters. Scan the poster again."),
            code="forged",
        ) from None
    exhibitor = (
        Exhibitor.objects.select_related("company", "area_day__edition", "area_day__area")
        .filter(pk=exhibitor_id, area_day__date=date)
        .first()
    )
    if exhibitor is None:
        raise StampError(_("This poster's factory no longer takes part."), code="gone")
    if timezone.localdate(now or timezone.now()) != date:
        raise StampError(
            _("This poster stamps on its area day only (%(date)s), at the factory.")
            % {"date": format_date(date, translation.get_language() or "ja")},
            code="not_today",
        )
    return exhibitor


@transaction.atomic
def quiz_set(*, exhibitor: Exhibitor, question: str, choices: str, answer: int) -> ExhibitorQuiz:
    """The factory's quiz question, written by its company or by city staff."""
    lines = [normalize(line) for line in normalize_multiline(choices).splitlines()]
    lines = [line for line in lines if line]
    if not 2 <= len(lines) <= MAX_CHOICES:
        raise StampError(
            _("Give two to five choices, one per line."), field="choices", code="choices"
        )
    if not 1 <= answer <= len(lines):
        raise StampError(
            _("The right answer is the number of one of the choices."),
            field="answer",
            code="answer",
        )
    quiz, _created = ExhibitorQuiz.objects.update_or_create(
        exhibitor=exhibitor,
        defaults={"question": normalize(question), "choices": "\n".join(lines), "answer": answer},
    )
    return quiz


def stamp_answer(
    *, code: str, visitor_pass: VisitorPass, choice: int, now: dt.datetime | None = None
) -> QuizAnswer:
    """The pass's answer to the quiz at the factory's poster, recorded right or wrong; a
    right one stamps the pass, once per factory. A pass that cannot answer here (a forged or
    other-day code, another edition's pass, no quiz, a stamp already given) gets a
    StampError, and nothing is recorded."""
    now = now or timezone.now()
    exhibitor = poster_check(code, now=now)
    if visitor_pass.edition_id != exhibitor.area_day.edition_id:
        raise StampError(_("This visitor pass is of another open factory."), code="edition")
    quiz = ExhibitorQuiz.objects.filter(exhibitor=exhibitor).first()
    if quiz is None:
        raise StampError(_("This factory has no quiz yet."), code="no_quiz")
    if Stamp.objects.filter(visitor_pass=visitor_pass, exhibitor=exhibitor).exists():
        raise StampError(_("Your pass has this factory's stamp already."), code="already")
    correct = choice == quiz.answer
    try:
        with transaction.atomic():
            if correct:
                Stamp.objects.create(visitor_pass=visitor_pass, exhibitor=exhibitor, stamped_at=now)
            return QuizAnswer.objects.create(
                visitor_pass=visitor_pass,
                exhibitor=exhibitor,
                choice=choice,
                correct=correct,
                answered_at=now,
            )
    except IntegrityError:
        raise StampError(_("Your pass has this factory's stamp already."), code="already") from None
