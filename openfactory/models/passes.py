"""来場パス (visitor passes) and the visits recorded against them.

The festival's own figures are のべ counts: a family is counted at every factory it walks
into. A pass is one party of one edition (a QR code and a short code on the visitor's phone,
no account), and a visit is that party at one factory, once: from them come the unique
parties, the factories per party and the flows between factories (openfactory.pass_stats).

A pass belongs to the edition, not to an area day: a party that comes on two area days of one
edition is one party of the edition, and one party of each of those days.
No personal data is kept on a pass: the party's size and, if the visitor gave a postcode, only
whether it is in the city, the prefecture or beyond (never the postcode itself).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# As the reservations' check-in codes: read aloud and typed at the reception, so no 0/O,
# 1/I/L, 2/Z, 5/S, 8/B.
CODE_LETTERS = "346789ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


def new_pass_token() -> str:
    return secrets.token_urlsafe(32)


def new_pass_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


class Residence(models.TextChoices):
    """Where a party lives, as far as the statistics ask (市内・県内・県外)."""

    CITY = "city", _("In Ayase city")
    PREFECTURE = "prefecture", _("Elsewhere in Kanagawa")
    OUTSIDE = "outside", _("Outside Kanagawa")


class VisitorPass(models.Model):
    edition = models.ForeignKey(
        "openfactory.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="visitor_passes",
    )
    token = models.CharField(max_length=64, unique=True, default=new_pass_token, editable=False)
    code = models.CharField(
        _("pass code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_pass_code,
        editable=False,
    )
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    residence = models.CharField(_("lives"), max_length=12, choices=Residence.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The reception staff who made it; blank when the visitor did."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("visitor pass")
        verbose_name_plural = _("visitor passes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(adults__gte=1) | Q(children__gte=1),
                name="openfactory_pass_party_not_empty",
                violation_error_message=_("A party has at least one person."),
                violation_error_code="party_empty",
            ),
            models.CheckConstraint(
                condition=Q(adults__lte=20, children__lte=20),
                name="openfactory_pass_party_bounded",
                violation_error_message=_("At most 20 adults and 20 children."),
                violation_error_code="party_size",
            ),
        ]

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("openfactory:pass_detail", kwargs={"token": self.token})

    @property
    def party_size(self) -> int:
        return self.adults + self.children


class Visit(models.Model):
    """A party (its pass) at one factory: once per pass and factory, whoever records it."""

    visitor_pass = models.ForeignKey(
        VisitorPass, verbose_name=_("visitor pass"), on_delete=models.CASCADE, related_name="visits"
    )
    exhibitor = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("exhibitor"),
        on_delete=models.CASCADE,
        related_name="visits",
    )
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["visited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visitor_pass", "exhibitor"], name="openfactory_one_visit_per_factory"
            ),
        ]

    def __str__(self):
        return f"{self.visitor_pass_id} @ {self.exhibitor_id}"
