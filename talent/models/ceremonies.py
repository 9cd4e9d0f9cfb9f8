"""あやせ工場合同入社式・合同研修 (since 2017): events, and the new hires companies register.

``seats_taken`` is kept under the event's row lock (services.ceremonies) and the database
refuses it above ``capacity``: the last guard against an overbooking.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Company


class CeremonyEvent(models.Model):
    class Kind(models.TextChoices):
        CEREMONY = "ceremony", _("Joint entrance ceremony")
        TRAINING = "training", _("Joint training")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CEREMONY)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    seats_taken = models.PositiveIntegerField(_("registered"), default=0, editable=False)
    registration_closes_at = models.DateTimeField(_("registration closes at"))
    note = models.TextField(_("note for companies"), blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("ceremony or training")
        verbose_name_plural = _("ceremonies and trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="talent_ceremony_not_overbooked",
                violation_error_message=_("The capacity is below the people registered."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken, 0)

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.registration_closes_at


class CeremonyRegistration(models.Model):
    """A new hire a company registers for an event: what the badge and the list need."""

    event = models.ForeignKey(CeremonyEvent, on_delete=models.PROTECT, related_name="registrations")
    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="talent_registrations",
        verbose_name=_("company"),
    )
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100)
    start_date = models.DateField(_("start date"))
    job = models.CharField(_("job"), max_length=100)
    language_needs = models.CharField(_("language needs"), max_length=200, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name_kana", "pk"]
        verbose_name = _("ceremony registration")
        verbose_name_plural = _("ceremony registrations")

    def __str__(self) -> str:
        return self.name
