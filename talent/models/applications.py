"""A company's application to a scheme, its attachments, and every change of its status.

The answers are kept as the strings typed (normalised), keyed by the form field's name, so
that a draft keeps what was typed even where it is not valid yet; submitting checks them.
Every status change is a ``Transition`` row (who, when, from, to, comments), the audit
trail the company reads as the application's history.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .programmes import FormField, Scheme


def private_storage():
    """Attachments are served by a view that checks who asks: never a public media URL."""
    from django.core.files.storage import storages

    return storages["private"]


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The company edits its application in these states; the others are city staff's.
EDITABLE = (Status.DRAFT, Status.RETURNED)
DECIDED = (Status.APPROVED, Status.REJECTED)
# Waiting for city staff, oldest first on the dashboard.
WAITING = (Status.SUBMITTED, Status.IN_REVIEW)


class Application(models.Model):
    Status = Status

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="applications"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="talent_applications",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # What the company's profile already knew, then corrected by the applicant.
    company_name = models.CharField(_("company name"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    representative = models.CharField(_("representative"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    employees = models.CharField(_("number of employees"), max_length=20, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        default="ja",
        help_text=_("The language the company used: its mails are written in it."),
    )
    amount_granted = models.PositiveBigIntegerField(
        _("amount granted (yen)"), null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), null=True, blank=True, db_index=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(
        _("deadline reminder sent at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            # One draft per company and scheme: "apply" again continues it.
            models.UniqueConstraint(
                fields=["scheme", "company"],
                condition=Q(status="draft"),
                name="talent_application_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(status="approved"),
                name="talent_application_amount_only_approved",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="talent_application_submitted_at",
            ),
        ]

    def __str__(self):
        return f"{self.scheme} — {self.company_name or self.company_id} (#{self.pk})"

    def get_absolute_url(self):
        return reverse("talent:application", kwargs={"pk": self.pk})

    def get_review_url(self):
        return reverse("talent:review", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_decided(self) -> bool:
        return self.status in DECIDED


def _attachment_path(instance, filename):
    return f"talent/applications/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    field = models.ForeignKey(
        FormField,
        verbose_name=_("form field"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, storage=private_storage)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "field", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("talent:attachment", kwargs={"pk": self.pk})


class Transition(models.Model):
    """One change of an application's status: the audit trail and the company's history."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    # For a return: {field name: what to change}, shown beside each field.
    field_comments = models.JSONField(_("comments per field"), default=dict, blank=True)
    amount = models.PositiveBigIntegerField(_("amount granted (yen)"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["application", "created_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"
