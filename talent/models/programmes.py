"""The city's talent-support schemes (支援制度) and the application form of each.

"Programme" in code means an open-factory tour or workshop, so the city's programmes are
``Scheme`` here; the UI calls them programmes (事業). City staff build each scheme's form in
the admin (``FormField`` rows), with no code.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import in_language


class Scheme(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    slug = models.SlugField(_("short name in addresses"), max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    summary = models.TextField(_("summary"))
    summary_en = models.TextField(_("summary in English"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    eligibility_en = models.TextField(_("eligibility in English"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    benefits_en = models.TextField(_("benefits in English"), blank=True)
    documents = models.TextField(_("documents required"), blank=True)
    documents_en = models.TextField(_("documents required in English"), blank=True)
    contact = models.TextField(_("contact"), blank=True)
    contact_en = models.TextField(_("contact in English"), blank=True)
    opens_on = models.DateField(_("applications open on"), null=True, blank=True)
    closes_on = models.DateField(
        _("applications close on"),
        null=True,
        blank=True,
        help_text=_("The last day on which an application can be submitted (until midnight)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Details invented for the demo.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("talent-support programme")
        verbose_name_plural = _("talent-support programmes")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=models.F("opens_on")),
                name="talent_scheme_period",
                violation_error_message=_("The period must close on or after the day it opens."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talent:scheme", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    def display(self, name: str) -> str:
        return in_language(getattr(self, name), getattr(self, f"{name}_en"))

    @property
    def display_summary(self) -> str:
        return self.display("summary")

    @property
    def display_eligibility(self) -> str:
        return self.display("eligibility")

    @property
    def display_benefits(self) -> str:
        return self.display("benefits")

    @property
    def display_documents(self) -> str:
        return self.display("documents")

    @property
    def display_contact(self) -> str:
        return self.display("contact")

    def accepts_on(self, day: dt.date) -> bool:
        """Open, and ``day`` (a date in Japan) inside the application period."""
        return (
            self.status == self.Status.OPEN
            and (self.opens_on is None or self.opens_on <= day)
            and (self.closes_on is None or day <= self.closes_on)
        )

    def is_accepting(self) -> bool:
        return self.accepts_on(timezone.localdate())

    def not_yet_open(self) -> bool:
        return self.opens_on is not None and timezone.localdate() < self.opens_on


class FormField(models.Model):
    """One question of a scheme's application form; answers are kept by the field's id."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        AMOUNT = "amount", _("Amount in yen")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice")
        FILE = "file", _("File (PDF or image)")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="fields"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    label = models.CharField(_("label"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    help_text_en = models.CharField(_("help text in English"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=True)
    choices = models.TextField(
        _("choices"),
        blank=True,
        help_text=_("For a choice: one per line, in Japanese, then “ | ” and the English."),
    )

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["scheme", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="choice") | ~Q(choices=""),
                name="talent_formfield_choice_has_choices",
                violation_error_message=_("A choice needs at least one choice."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def display_label(self) -> str:
        return in_language(self.label, self.label_en)

    @property
    def display_help(self) -> str:
        return in_language(self.help_text, self.help_text_en)

    @property
    def name(self) -> str:
        """The form field's name, and the key of its answer."""
        return f"f{self.pk}"

    def choice_pairs(self) -> list[tuple[str, str]]:
        """(stored value, shown label): the Japanese wording is the value."""
        pairs = []
        for line in self.choices.splitlines():
            japanese, _sep, english = line.partition("|")
            japanese, english = japanese.strip(), english.strip()
            if japanese:
                pairs.append((japanese, in_language(japanese, english)))
        return pairs
