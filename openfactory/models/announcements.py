"""The secretariat's announcements: what was mailed to whom (see services.announcements)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Announcement(models.Model):
    """A mail from the secretariat to everyone holding a reservation in a slot or on an area
    day (for example a change for the weather). One Celery task sends it, one mail per
    address; ``AnnouncementDelivery`` rows make a second run send nothing twice."""

    class Scope(models.TextChoices):
        AREA_DAY = "area_day", _("Everyone on the area day")
        SLOT = "slot", _("Everyone in the time slot")

    scope = models.CharField(_("to"), max_length=10, choices=Scope.choices)
    area_day = models.ForeignKey(
        "openfactory.AreaDay",
        verbose_name=_("area day"),
        on_delete=models.CASCADE,
        related_name="announcements",
    )
    slot = models.ForeignKey(
        "openfactory.Slot",
        verbose_name=_("time slot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
    )
    target = models.CharField(
        _("sent to"), max_length=300, help_text=_("The day or slot, as it was when written.")
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    subject_en = models.CharField(_("subject in English"), max_length=150, blank=True)
    body_en = models.TextField(_("message in English"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="area_day", slot__isnull=True) | Q(scope="slot"),
                name="openfactory_announcement_scope",
            ),
        ]

    def __str__(self):
        return f"{self.subject} ({self.target})"

    def get_absolute_url(self):
        return reverse("openfactory:announcement_detail", kwargs={"pk": self.pk})

    @property
    def has_english(self) -> bool:
        return bool(self.subject_en and self.body_en)


class AnnouncementDelivery(models.Model):
    """One address mailed an announcement: claimed in the transaction that sends the mail,
    so a task run twice (or two workers at once) mails each address once."""

    announcement = models.ForeignKey(
        "openfactory.Announcement",
        verbose_name=_("announcement"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    reservation = models.ForeignKey(
        "openfactory.Reservation",
        verbose_name=_("reservation"),
        on_delete=models.CASCADE,
        related_name="announcement_deliveries",
    )
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("announcement mail")
        verbose_name_plural = _("announcement mails")
        ordering = ["announcement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "reservation"], name="openfactory_one_delivery"
            ),
        ]

    def __str__(self):
        return f"{self.announcement_id} → {self.reservation_id}"
