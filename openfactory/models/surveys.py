"""Surveys, their questions and choices, and the answers visitors give.

An answer keeps what was chosen by reference (a ``Choice`` row), so results are counted by
joining, never by comparing texts; that is why choices that answers use cannot be removed or
given another value (``Answer.choice`` and ``AnswerChoice.choice`` restrict the delete, the
services say why first).
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import in_language

# Read aloud from a poster and typed on a phone: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
KEY_ALPHABET = "346789ACDEFGHJKMNPQRTUVWXY"


def new_public_key() -> str:
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(6))


class Survey(models.Model):
    class Audience(models.TextChoices):
        VISITORS = "visitors", _("Visitors")
        EXHIBITORS = "exhibitors", _("Exhibitors")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    edition = models.ForeignKey(
        "openfactory.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    area_day = models.ForeignKey(
        "openfactory.AreaDay",
        verbose_name=_("area day"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="surveys",
        help_text=_("Blank: the survey is about every day of the edition."),
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.VISITORS
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    intro = models.TextField(_("introduction"), blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    results_published = models.BooleanField(
        _("results published"),
        default=False,
        help_text=_("The satisfaction mean and the vote winner may be shown publicly."),
    )
    public_key = models.CharField(
        _("short key"),
        max_length=12,
        unique=True,
        default=new_public_key,
        editable=False,
        help_text=_("The short address on the QR posters."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-edition__year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="openfactory_survey_dates",
            ),
        ]

    def __str__(self):
        return f"{self.edition} {self.title}"

    def get_absolute_url(self):
        return reverse("openfactory:surveys:walk_in", kwargs={"key": self.public_key})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def display_intro(self) -> str:
        return in_language(self.intro, self.intro_en)

    def is_accepting(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or now < self.closes_at)
        )


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating 1–5")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")
        NUMBER = "number", _("Number")
        AGE_BAND = "age_band", _("Age band")
        RESIDENCE = "residence", _("Residence")
        HEARD_FROM = "heard_from", _("How they heard of it")
        EXHIBITOR = "exhibitor", _("Choose an exhibitor (vote)")

    # Kinds answered by picking Choice rows.
    ONE_CHOICE = ("single", "age_band", "residence", "heard_from")
    WITH_CHOICES = (*ONE_CHOICE, "multiple")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    help_text_en = models.CharField(_("help text in English"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(
        _("offer “other (free text)”"),
        default=False,
        help_text=_("For single and multiple choice questions."),
    )
    min_value = models.IntegerField(_("lowest number"), null=True, blank=True)
    max_value = models.IntegerField(_("highest number"), null=True, blank=True)
    condition_question = models.ForeignKey(
        "self",
        verbose_name=_("shown only when question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
    )
    condition_value = models.CharField(
        _("has the answer"),
        max_length=50,
        blank=True,
        help_text=_("A choice's value, a rating or a number."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="openfactory_question_number_range",
            ),
            models.CheckConstraint(
                condition=Q(condition_question__isnull=True) | ~Q(condition_value=""),
                name="openfactory_question_condition_has_value",
            ),
        ]

    def __str__(self):
        return f"{self.order}. {self.text}"

    def clean(self):
        """A condition names an earlier question of the same survey (the page and the server
        decide in order), with the answer that shows this one."""
        errors = {}
        parent = self.condition_question
        if parent is not None:
            if parent.pk == self.pk or parent.survey_id != self.survey_id:
                errors["condition_question"] = _("Choose an earlier question of this survey.")
            elif (parent.order, parent.pk or 0) >= (self.order, self.pk or 1 << 62):
                errors["condition_question"] = _(
                    "The condition must be an earlier question: give it a lower order."
                )
            if not self.condition_value:
                errors["condition_value"] = _("Give the answer that shows this question.")
        elif self.condition_value:
            errors["condition_question"] = _("Choose the question this answer belongs to.")
        if errors:
            raise ValidationError(errors)

    @property
    def display_text(self) -> str:
        return in_language(self.text, self.text_en)

    @property
    def display_help(self) -> str:
        return in_language(self.help_text, self.help_text_en)

    @property
    def has_choices(self) -> bool:
        return self.kind in self.WITH_CHOICES


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    value = models.SlugField(
        _("value"),
        max_length=50,
        help_text=_("What the results and the CSV export call it; fixed once answered."),
    )

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"], name="openfactory_choice_value_unique"
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        return in_language(self.label, self.label_en)


class Response(models.Model):
    """One person's answers to a survey: through a mailed link (``reservation``) or at the
    venue (``browser_key``, the signed cookie of the browser they answered on)."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="responses"
    )
    reservation = models.ForeignKey(
        "openfactory.Reservation",
        verbose_name=_("reservation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("exhibiting company"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    venue = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("venue"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        help_text=_("The exhibitor whose poster a walk-in visitor scanned."),
    )
    # The area day the response is about, set when it is given (it never changes): its
    # survey's day, else the day of the reservation it was mailed for, else the day of the
    # venue whose poster was scanned. The results group answers by it without joining the
    # reservations (docs/benchmarks.md).
    area_day = models.ForeignKey(
        "openfactory.AreaDay",
        verbose_name=_("area day"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    browser_key = models.CharField(max_length=64, blank=True, editable=False)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    language = models.CharField(_("language"), max_length=8, default="ja")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    anonymised_at = models.DateTimeField(_("personal link removed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "reservation"],
                condition=Q(reservation__isnull=False),
                name="openfactory_one_response_per_reservation",
            ),
            models.UniqueConstraint(
                fields=["survey", "browser_key"],
                condition=~Q(browser_key=""),
                name="openfactory_one_response_per_browser",
            ),
            # Exhibitors answer once per company and area day (their exhibit, ``venue``).
            models.UniqueConstraint(
                fields=["survey", "venue"],
                condition=Q(company__isnull=False),
                name="openfactory_one_response_per_exhibit",
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.RESTRICT, related_name="answers"
    )
    number = models.IntegerField(_("number or rating"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="answers",
    )
    choices = models.ManyToManyField(
        Choice, verbose_name=_("choices"), through="AnswerChoice", related_name="multi_answers"
    )
    exhibitor = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor voted for"),
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="survey_votes",
    )
    other_text = models.CharField(_("other (free text)"), max_length=200, blank=True)
    hidden_by_staff = models.BooleanField(
        _("hidden"), default=False, help_text=_("A comment city staff hid from the results.")
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["response", "question__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="openfactory_one_answer_per_question"
            ),
        ]

    def __str__(self):
        return f"{self.response_id}/{self.question_id}"


class AnswerChoice(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="+")
    choice = models.ForeignKey(Choice, on_delete=models.RESTRICT, related_name="+")

    class Meta:
        verbose_name = _("chosen choice")
        verbose_name_plural = _("chosen choices")
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="openfactory_answer_choice"),
        ]

    def __str__(self):
        return f"{self.answer_id}: {self.choice_id}"


class SurveyInvitation(models.Model):
    """The survey link mailed to a checked-in visitor: claimed in the transaction that sends
    the mail, so a task run twice mails each reservation once."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations"
    )
    reservation = models.ForeignKey(
        "openfactory.Reservation",
        verbose_name=_("reservation"),
        on_delete=models.CASCADE,
        related_name="survey_invitations",
    )
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "reservation"], name="openfactory_one_survey_mail"
            ),
        ]

    def __str__(self):
        return f"{self.survey_id} → {self.reservation_id}"


__all__ = [
    "Answer",
    "AnswerChoice",
    "Choice",
    "Question",
    "Response",
    "Survey",
    "SurveyInvitation",
]
