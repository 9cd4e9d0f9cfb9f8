"""Recruiting exhibitors: an edition's call (募集要項) and the companies' applications to it.

An application is reviewed once: accepted (which creates the exhibitor) or declined with a
message. Every step is a ``RecruitmentStep`` row (who, when, what was said), which is also the
record that makes the step's mail go out once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def private_storage():
    """The manual is served by a view that checks who asks: never a public media URL."""
    from django.core.files.storage import storages

    return storages["private"]


def _manual_path(instance, filename):
    return f"openfactory/recruitment/{instance.edition_id}/{filename}"


class ExhibitorCall(models.Model):
    """An edition's call for exhibitors: public text, a deadline and a manual for companies."""

    edition = models.OneToOneField(
        "openfactory.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="exhibitor_call",
    )
    benefits = models.TextField(_("benefits of exhibiting"))
    benefits_en = models.TextField(_("benefits of exhibiting (English)"), blank=True)
    duties = models.TextField(_("duties of exhibitors"))
    duties_en = models.TextField(_("duties of exhibitors (English)"), blank=True)
    deadline = models.DateTimeField(_("deadline for applications"))
    manual = models.FileField(
        _("manual for the open day (PDF)"),
        upload_to=_manual_path,
        storage=private_storage,
        blank=True,
        help_text=_("Shown to company staff and city staff only."),
    )
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("A closed call is not shown and takes no application.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("call for exhibitors")
        verbose_name_plural = _("calls for exhibitors")
        ordering = ["-edition__year"]

    def __str__(self):
        return f"{self.edition} 出展企業募集"

    def takes_applications(self, now=None) -> bool:
        return self.is_open and (now or timezone.now()) < self.deadline

    @property
    def benefits_display(self) -> str:
        return self.benefits_en if get_language() == "en" and self.benefits_en else self.benefits

    @property
    def duties_display(self) -> str:
        return self.duties_en if get_language() == "en" and self.duties_en else self.duties


class Accessibility(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not sure")


class ExhibitorApplication(models.Model):
    """A company's application to exhibit in an edition: one per company and edition."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("exhibitor application", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("exhibitor application", "Accepted")
        DECLINED = "declined", pgettext_lazy("exhibitor application", "Declined")

    call = models.ForeignKey(
        ExhibitorCall,
        verbose_name=_("call for exhibitors"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="openfactory_applications",
    )
    area_day = models.ForeignKey(
        "openfactory.AreaDay",
        verbose_name=_("area day"),
        on_delete=models.PROTECT,
        related_name="exhibitor_applications",
    )
    shows = models.TextField(_("what you will show"), max_length=2000)
    programme_ideas = models.TextField(_("first programme ideas"), max_length=2000, blank=True)
    step_free = models.CharField(
        _("step-free access (wheelchairs, pushchairs)"),
        max_length=8,
        choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )
    accessible_toilet = models.CharField(
        _("accessible toilet"),
        max_length=8,
        choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )
    accessibility_notes = models.TextField(
        _("other accessibility facts"), max_length=1000, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    decision_message = models.TextField(_("message to the company"), blank=True)
    exhibitor = models.OneToOneField(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="application",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(
        pgettext_lazy("exhibitor application", "submitted at"), default=timezone.now
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("exhibitor application")
        verbose_name_plural = _("exhibitor applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "company"],
                name="openfactory_one_application_per_call",
                violation_error_message=_("This company has already applied to this edition."),
            ),
            models.CheckConstraint(
                condition=Q(status="submitted", reviewed_at__isnull=True)
                | Q(~Q(status="submitted"), reviewed_at__isnull=False),
                name="openfactory_application_reviewed_when_decided",
            ),
        ]

    def __str__(self):
        return f"{self.company} → {self.call.edition}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.SUBMITTED


class RecruitmentStep(models.Model):
    """One step of an application (submitted, accepted, declined): who, when, and its mail."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("exhibitor application", "Submitted")
        ACCEPTED = "accepted", pgettext_lazy("exhibitor application", "Accepted")
        DECLINED = "declined", pgettext_lazy("exhibitor application", "Declined")

    application = models.ForeignKey(
        ExhibitorApplication,
        verbose_name=_("exhibitor application"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="openfactory_one_step_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.kind}"
