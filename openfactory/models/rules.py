"""Visitor rules (one page per edition, and extra rules per programme on Programme) and
what each exhibiting factory tells of its accessibility.

An accessibility fact is a yes / no / not known: a factory that said nothing is "not known",
never "no", and a filter for step-free access lists only the factories that said yes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import in_language


class VisitorRules(models.Model):
    """The rules page of an edition, written by city staff in the admin (plain text; blank
    lines make paragraphs)."""

    edition = models.OneToOneField(
        "openfactory.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="visitor_rules",
    )
    body = models.TextField(
        _("rules"),
        max_length=10000,
        help_text=_(
            "Age limits, clothing and shoes, photography, groups, parking. Plain text; "
            "a blank line starts a new paragraph."
        ),
    )
    body_en = models.TextField(
        _("rules in English"),
        max_length=10000,
        blank=True,
        help_text=_("Shown on the English site; blank: the Japanese text is shown."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("visitor rules")
        verbose_name_plural = _("visitor rules")

    def __str__(self):
        return str(_("Visitor rules of %(edition)s") % {"edition": self.edition})

    @property
    def text(self) -> str:
        """The rules in the language of the request."""
        return in_language(self.body, self.body_en)


class Fact(models.TextChoices):
    """One accessibility fact as the factory told it (a value of its own for "not known", so
    that a form's radio button always sends one)."""

    YES = "yes", pgettext_lazy("accessibility fact", "Yes")
    NO = "no", pgettext_lazy("accessibility fact", "No")
    UNKNOWN = "unknown", pgettext_lazy("accessibility fact", "Not known")


FACT_VALUES = ["yes", "no", "unknown"]


def _fact(label):
    return models.CharField(label, max_length=7, choices=Fact.choices, default=Fact.UNKNOWN)


class ExhibitorAccessibility(models.Model):
    """What an exhibiting factory tells visitors of getting around it on its day."""

    # The facts in the order they are shown and filtered, with the query parameter of each.
    FACTS = ("step_free", "accessible_toilet", "parking", "pushchairs")

    exhibitor = models.OneToOneField(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="accessibility",
    )
    step_free = _fact(_("step-free access"))
    accessible_toilet = _fact(_("wheelchair-accessible toilet"))
    parking = _fact(_("parking"))
    pushchairs = _fact(_("pushchairs welcome"))
    quiet_hours = models.CharField(
        _("quiet hours"),
        max_length=200,
        blank=True,
        help_text=_(
            "When the factory is quieter (fewer machines running), for example 13:00〜14:00."
        ),
    )
    note = models.TextField(
        _("note"),
        max_length=1000,
        blank=True,
        help_text=_(
            "For example: two steps at the entrance, staff help; the toilet is in the office."
        ),
    )
    note_en = models.TextField(_("note in English"), max_length=1000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step_free__in=FACT_VALUES)
                & models.Q(accessible_toilet__in=FACT_VALUES)
                & models.Q(parking__in=FACT_VALUES)
                & models.Q(pushchairs__in=FACT_VALUES),
                name="openfactory_accessibility_facts",
            ),
        ]

    def __str__(self):
        return str(_("Accessibility of %(exhibitor)s") % {"exhibitor": self.exhibitor})

    @property
    def note_text(self) -> str:
        return in_language(self.note, self.note_en)

    @property
    def facts(self) -> list[tuple[str, str, str]]:
        """(name, label, value) of each fact, for the pages."""
        return [
            (name, self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in self.FACTS
        ]

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) == Fact.UNKNOWN for name in self.FACTS) and not (
            self.quiet_hours or self.note
        )
