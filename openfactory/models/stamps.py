"""The digital stamp rally (スタンプラリー): a quiz question per factory, and the stamps a
visitor pass collects by answering it right at the factory's poster.

The poster's QR code carries a signed code of the factory and its area day
(services.stamps.poster_code): a photo of it used away from the venue on another day stamps
nothing. One stamp per pass and factory, which the database holds too. After the edition, the
passes with enough stamps enter its prize draw: one draw per edition, one win per pass.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_CHOICES = 5


class ExhibitorQuiz(models.Model):
    exhibitor = models.OneToOneField(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="quiz",
    )
    question = models.CharField(_("question"), max_length=300)
    choices = models.TextField(
        _("choices"), max_length=1000, help_text=_("One per line, two to five.")
    )
    answer = models.PositiveSmallIntegerField(
        _("right answer"),
        default=1,
        help_text=_("The number of the right choice (1 is the first)."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stamp rally quiz")
        verbose_name_plural = _("stamp rally quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__gte=1, answer__lte=MAX_CHOICES), name="openfactory_quiz_answer"
            ),
        ]

    def __str__(self):
        return self.question

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self):
        count = len(self.choice_list)
        if not 2 <= count <= MAX_CHOICES:
            raise ValidationError(
                {"choices": _("Give two to five choices, one per line.")}, code="choices"
            )
        if not 1 <= (self.answer or 0) <= count:
            raise ValidationError(
                {"answer": _("The right answer is the number of one of the choices.")},
                code="answer",
            )


class Stamp(models.Model):
    visitor_pass = models.ForeignKey(
        "openfactory.VisitorPass",
        verbose_name=_("visitor pass"),
        on_delete=models.CASCADE,
        related_name="stamps",
    )
    exhibitor = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="stamps",
    )
    stamped_at = models.DateTimeField(_("stamped at"))

    class Meta:
        verbose_name = _("stamp")
        verbose_name_plural = _("stamps")
        ordering = ["stamped_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visitor_pass", "exhibitor"], name="openfactory_one_stamp_per_factory"
            ),
        ]

    def __str__(self):
        return f"{self.visitor_pass_id} @ {self.exhibitor_id}"


class QuizAnswer(models.Model):
    """One answer a visitor pass gave to a factory's quiz at its poster, right or wrong: the
    exhibitor's report counts the passes that took its quiz and their answers (a right one
    also gives a Stamp)."""

    visitor_pass = models.ForeignKey(
        "openfactory.VisitorPass",
        verbose_name=_("visitor pass"),
        on_delete=models.CASCADE,
        related_name="quiz_answers",
    )
    exhibitor = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="quiz_answers",
    )
    choice = models.PositiveSmallIntegerField(_("choice"))
    correct = models.BooleanField(_("right"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        ordering = ["answered_at", "pk"]

    def __str__(self):
        return f"{self.visitor_pass_id} @ {self.exhibitor_id}: {self.choice}"


class PrizeDraw(models.Model):
    """The stamp rally's prize draw of an edition: once, after its last area day.

    The entrants are the edition's passes with at least ``stamps_needed`` stamps in all, or with
    at least an area day's ``stamps_for_draw`` stamps from that day's factories (kept in
    ``day_stamps_needed`` and in the draw's admin history); their ids in ascending order are shuffled with
    ``random.Random(seed)``, so that anyone holding the stored seed can draw again and get the
    same winners (services.prize_draw).
    """

    edition = models.OneToOneField(
        "openfactory.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="prize_draw",
    )
    prizes = models.PositiveSmallIntegerField(_("prizes"))
    stamps_needed = models.PositiveSmallIntegerField(
        _("stamps needed"),
        null=True,
        blank=True,
        help_text=_(
            "The edition's stamps for the prize draw when drawn (blank: only area days had "
            "theirs; the history of the draw records the area days' numbers)."
        ),
    )
    # {area day id: its stamps for the draw} when drawn: whether a pass entered is judged
    # by the numbers of the draw, whatever staff set afterwards.
    day_stamps_needed = models.JSONField(
        _("area days' stamps needed"), default=dict, blank=True, editable=False
    )
    entrants = models.PositiveIntegerField(_("entrants"))
    # random.Random's seed, 0 to 2**64 - 1 (beyond PostgreSQL's bigint).
    seed = models.DecimalField(_("seed"), max_digits=20, decimal_places=0)
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    instructions = models.TextField(
        _("what winners do"),
        max_length=1000,
        blank=True,
        help_text=_("Shown to the winners on their pass page: where and when to collect it."),
    )
    instructions_en = models.TextField(_("what winners do (English)"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("prize draw")
        verbose_name_plural = _("prize draws")
        ordering = ["-drawn_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(prizes__gte=1), name="openfactory_draw_prizes"),
            models.CheckConstraint(
                condition=Q(stamps_needed__isnull=True) | Q(stamps_needed__gte=1),
                name="openfactory_draw_stamps_needed",
            ),
            models.CheckConstraint(
                condition=Q(seed__gte=0, seed__lt=2**64), name="openfactory_draw_seed"
            ),
        ]

    def __str__(self):
        return str(self.edition)

    def instructions_in(self, language: str) -> str:
        if language.startswith("en") and self.instructions_en:
            return self.instructions_en
        return self.instructions


class PrizeWinner(models.Model):
    """A winning pass, at its place in the draw's order (1 is drawn first)."""

    draw = models.ForeignKey(
        PrizeDraw, verbose_name=_("prize draw"), on_delete=models.CASCADE, related_name="winners"
    )
    visitor_pass = models.OneToOneField(
        "openfactory.VisitorPass",
        verbose_name=_("visitor pass"),
        # A winning pass is not deleted alone (the draw would lose a winner); with its
        # edition, it goes.
        on_delete=models.RESTRICT,
        related_name="prize_win",
    )
    position = models.PositiveSmallIntegerField(_("drawn"))

    class Meta:
        verbose_name = _("prize winner")
        verbose_name_plural = _("prize winners")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "position"], name="openfactory_one_winner_per_position"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1), name="openfactory_winner_position"
            ),
        ]

    def __str__(self):
        return f"{self.position}: {self.visitor_pass_id}"
