"""Model routes (モデルコース): an ordered walk through an area day's factories, written by city
staff for a kind of visitor (families, students, job seekers), with the minutes between stops.

First-time visitors "don't know which factories to visit": a route answers that on the area
day's page and in the printed guide. Every stop is an exhibitor of the route's own day; the
model says so in ``RouteStop.clean`` (the admin's forms call it) and the services check it
again before they write (``openfactory.services.routes``).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.i18n import in_language


class Route(models.Model):
    class Audience(models.TextChoices):
        FAMILIES = "families", _("Families")
        STUDENTS = "students", _("Students")
        JOB_SEEKERS = "job_seekers", _("Job seekers")
        OTHER = "other", _("Everyone")

    area_day = models.ForeignKey(
        "openfactory.AreaDay",
        verbose_name=_("area day"),
        on_delete=models.CASCADE,
        related_name="routes",
    )
    audience = models.CharField(
        _("for"), max_length=12, choices=Audience.choices, default=Audience.FAMILIES
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("model route")
        verbose_name_plural = _("model routes")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.title} ({self.area_day})"

    @property
    def display_title(self) -> str:
        return in_language(self.title, self.title_en)

    @property
    def display_description(self) -> str:
        return in_language(self.description, self.description_en)

    def total_minutes(self) -> int:
        """The minutes between stops, added up; the last stop's own figure leads nowhere.
        Reads ``stops.all()``, so a prefetch makes it free."""
        stops = list(self.stops.all())
        return sum(stop.minutes_to_next or 0 for stop in stops[:-1])


class RouteStop(models.Model):
    class Travel(models.TextChoices):
        WALKING = "walking", _("on foot")
        CYCLING = "cycling", _("by bicycle")

    route = models.ForeignKey(
        Route, verbose_name=_("model route"), on_delete=models.CASCADE, related_name="stops"
    )
    exhibitor = models.ForeignKey(
        "openfactory.Exhibitor",
        verbose_name=_("factory"),
        on_delete=models.CASCADE,
        related_name="route_stops",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    minutes_to_next = models.PositiveSmallIntegerField(
        _("minutes to the next stop"),
        null=True,
        blank=True,
        help_text=_("Blank at the last stop."),
    )
    travel = models.CharField(
        _("how"), max_length=10, choices=Travel.choices, default=Travel.WALKING
    )

    class Meta:
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["route", "exhibitor"],
                name="openfactory_route_stop_once",
                violation_error_message=_("This factory is already a stop of the route."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_to_next__isnull=True) | Q(minutes_to_next__lte=600),
                name="openfactory_route_stop_minutes",
                violation_error_message=_("At most 600 minutes to the next stop."),
            ),
        ]

    def __str__(self):
        return f"{self.route.title}: {self.exhibitor.company}"

    def clean(self):
        super().clean()
        # On the admin's add page the route is not saved yet: it is set, without an id.
        try:
            route = self.route
        except Route.DoesNotExist:
            return
        if self.exhibitor_id:
            error = stop_day_error(route, self.exhibitor)
            if error:
                raise ValidationError({"exhibitor": error})


def stop_day_error(route: Route, exhibitor) -> str | None:
    """Why ``exhibitor`` cannot be a stop of ``route`` (another area day), or None."""
    if exhibitor.area_day_id == route.area_day_id:
        return None
    return str(
        _(
            "%(company)s does not open on this route's day (%(day)s): a route only visits "
            "the factories of its own area day."
        )
        % {"company": exhibitor.company, "day": route.area_day}
    )
