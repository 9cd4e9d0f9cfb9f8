"""Guidance on hiring staff from abroad, and the per-hire checklist a company keeps.

The pages are city staff's (edited in the admin), public, in plain Japanese and in English.
The checklist holds no personal data beyond what a company chooses to call the hire (a name
or initials): the portal stores no residence-card number or image, and has no field for one.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from companies.models import Company


class GuidancePage(models.Model):
    class Format(models.TextChoices):
        PLAIN = "plain", _("Plain text (links are made clickable)")
        MARKDOWN = "markdown", _("Simple markup (headings, lists, bold, links)")

    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    body_ja = models.TextField(_("text (plain Japanese)"))
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    text_format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.MARKDOWN
    )
    is_published = models.BooleanField(_("published"), default=True)
    needs_check = models.BooleanField(
        _("demo text, to be checked by the city"),
        default=False,
        help_text=_("Shown to readers as a note until city staff have checked the text."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("guidance page")
        verbose_name_plural = _("guidance pages")

    def __str__(self) -> str:
        return self.title_ja

    def get_absolute_url(self) -> str:
        return reverse("talent:guidance_detail", kwargs={"slug": self.slug})

    def title_in(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_ja

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_ja


class ChecklistItem(models.Model):
    """One thing a company checks for a hire from abroad; defined by city staff."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text_ja = models.CharField(_("item (Japanese)"), max_length=300)
    text_en = models.CharField(_("item (English)"), max_length=300)
    asks_date = models.BooleanField(
        _("asks for a date"),
        default=False,
        help_text=_("For example: the day the period of stay ends."),
    )
    date_label_ja = models.CharField(_("date label (Japanese)"), max_length=100, blank=True)
    date_label_en = models.CharField(_("date label (English)"), max_length=100, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    def __str__(self) -> str:
        return self.text_ja

    def text_in(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_ja

    def date_label_in(self, language: str) -> str:
        label = self.date_label_en if language == "en" else self.date_label_ja
        return label or str(_("Date noted"))


class Hire(models.Model):
    """A company's hire from abroad, known only by a name or initials the company chooses."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="talent_hires", verbose_name=_("company")
    )
    label = models.CharField(_("name or initials"), max_length=50)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("hire from abroad")
        verbose_name_plural = _("hires from abroad")

    def __str__(self) -> str:
        return self.label


class HireCheck(models.Model):
    """One ticked (or dated) item of one hire's checklist."""

    hire = models.ForeignKey(Hire, on_delete=models.CASCADE, related_name="checks")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="+")
    done = models.BooleanField(default=False)
    date = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hire", "item"], name="talent_hirecheck_once")
        ]

    def __str__(self) -> str:
        return f"{self.hire_id}: {self.item_id}"
