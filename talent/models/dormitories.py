"""あやせ工場社員寮事業: houses, companies' requests for places, and the city's allocation.

A request holds a count and a note, never a person's data. ``places_taken`` is kept under the
house's row lock (services.dormitories) and the database refuses it above ``capacity``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company


class House(models.Model):
    class Kind(models.TextChoices):
        HOUSE = "house", _("House")
        APARTMENT = "apartment", _("Apartment")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOUSE)
    area = models.CharField(_("area"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    places_taken = models.PositiveIntegerField(_("places taken"), default=0)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["area", "name", "pk"]
        verbose_name = _("dormitory house")
        verbose_name_plural = _("dormitory houses")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")),
                name="talent_house_not_overfull",
                violation_error_message=_("More places are taken than the house has."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def vacancies(self) -> int:
        return max(self.capacity - self.places_taken, 0)


class DormitoryRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the city")
        ALLOCATED = "allocated", _("Places allocated")
        DECLINED = "declined", _("Declined")

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="talent_dormitory_requests"
    )
    places = models.PositiveSmallIntegerField(_("places"))
    from_date = models.DateField(_("from"))
    for_whom = models.CharField(
        _("for whom"), max_length=200, help_text=_("For example: technical intern trainees.")
    )
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    house = models.ForeignKey(
        House, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    places_allocated = models.PositiveSmallIntegerField(_("places allocated"), default=0)
    decline_reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("dormitory request")
        verbose_name_plural = _("dormitory requests")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="talent_request_places_min")
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.places})"


class DormitoryMail(models.Model):
    """One row per request and kind: the mail about a decision is sent once."""

    request = models.ForeignKey(DormitoryRequest, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=10)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "kind"], name="talent_dormitorymail_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"
