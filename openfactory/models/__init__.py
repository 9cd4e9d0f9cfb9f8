"""あやせ工場オープンファクトリー: editions, areas and their days, exhibitors, programmes (tours
and workshops) with time slots and seats, reservations, and the counts taken at the reception.

Seats are counted twice on purpose: ``Slot.seats_taken`` is kept by the services under a row
lock and checked by the database (never more than ``seats``), and the reservations themselves
are the truth the services count before they write it.
"""

import datetime as dt
import secrets
from enum import nonmember

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import Area as CityArea
from core.i18n import in_language

from .announcements import Announcement, AnnouncementDelivery
from .passes import Residence, Visit, VisitorPass
from .recruitment import ExhibitorApplication, ExhibitorCall, RecruitmentStep  # noqa: F401
from .routes import Route, RouteStop  # noqa: F401  (model routes and their stops)
from .rules import ExhibitorAccessibility, VisitorRules
from .stamps import ExhibitorQuiz, PrizeDraw, PrizeWinner, QuizAnswer, Stamp
from .surveys import (
    Answer,
    AnswerChoice,
    Choice,
    Question,
    Response,
    Survey,
    SurveyInvitation,
)

__all__ = [
    "PROGRAMME_FIELDS",
    "Announcement",
    "AnnouncementDelivery",
    "Answer",
    "AnswerChoice",
    "Area",
    "AreaDay",
    "Choice",
    "Edition",
    "Exhibitor",
    "ExhibitorAccessibility",
    "ExhibitorQuiz",
    "PrizeDraw",
    "PrizeWinner",
    "Programme",
    "Question",
    "QuizAnswer",
    "ReceptionCount",
    "Reservation",
    "ReservationMail",
    "ReservationStatus",
    "Residence",
    "Response",
    "Slot",
    "Stamp",
    "Survey",
    "SurveyInvitation",
    "Visit",
    "VisitorPass",
    "VisitorRules",
    "new_code",
    "new_token",
]

# Check-in codes are read aloud and typed at the reception: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "346789ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """The one rule for every page of the open factory: drafts are city staff's."""
        from ..policies import can_manage_editions

        return self if can_manage_editions(user) else self.published()


class Edition(models.Model):
    """One year's open factory (第N回), held in several areas on several days."""

    class Status(models.TextChoices):
        OPEN = "open", _("Reservations open")
        CLOSED = "closed", _("Reservations closed")

    number = models.PositiveSmallIntegerField(
        _("number"), unique=True, help_text=_("The N of 第N回.")
    )
    reservations_open_at = models.DateTimeField(
        _("reservations open at"),
        null=True,
        blank=True,
        help_text=_("Blank: as soon as the edition is published with reservations open."),
    )
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Unpublished editions are seen by city staff only."),
    )
    status = models.CharField(
        _("reservations"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made up by load_demo; not a real event.")
    )
    stamps_for_draw = models.PositiveSmallIntegerField(
        _("stamps for the prize draw"),
        null=True,
        blank=True,
        help_text=_(
            "The stamps in all a visitor pass needs to enter the prize draw. Blank: none for "
            "the whole edition (its area days may have their own); with neither, no draw."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="openfactory_edition_number"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="openfactory_edition_year"
            ),
        ]

    def __str__(self):
        return f"第{self.number}回 {self.title}"

    def get_absolute_url(self):
        return reverse("openfactory:edition_detail", kwargs={"year": self.year})

    @property
    def is_open(self) -> bool:
        return self.is_published and self.status == self.Status.OPEN

    @property
    def reservations_pending(self) -> bool:
        return self.is_open and self.reservations_not_yet_open()

    def reservations_not_yet_open(self, now: dt.datetime | None = None) -> bool:
        """Announced, with the moment reservations open still to come."""
        return self.reservations_open_at is not None and (now or timezone.now()) < (
            self.reservations_open_at
        )


class Area(models.Model):
    """An area of the city where factories open on the same day (吉岡, 綾瀬工業団地 …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_kana = models.CharField(_("name in kana"), max_length=100, blank=True)
    # The city's area it is, as the company directory names it: one name per area, translated
    # once (companies.Area), on the open factory's pages and in the directory alike.
    city_area = models.CharField(
        _("area of the city"),
        max_length=20,
        choices=CityArea.choices,
        blank=True,
        help_text=_("Its name on the pages, in Japanese and English, as in the company directory."),
    )
    slug = models.SlugField(_("address in the URL"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["order", "name_kana"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """吉岡 / Yoshioka: the directory's name in the reader's language, else ``name``."""
        return str(CityArea(self.city_area).label) if self.city_area else self.name


class AreaDay(models.Model):
    """The day an area opens in an edition, with its hours and main venue."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="area_days"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="days"
    )
    date = models.DateField(_("date"))
    opens_at = models.TimeField(_("opens at"), default=dt.time(10, 0))
    closes_at = models.TimeField(_("closes at"), default=dt.time(16, 0))
    main_venue = models.CharField(_("main venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address of the main venue"), max_length=200, blank=True)
    # Where the main venue is (WGS84): the start of the day's walking order.
    venue_latitude = models.DecimalField(
        _("latitude of the main venue"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    venue_longitude = models.DecimalField(
        _("longitude of the main venue"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    map_url = models.URLField(
        _("map"),
        blank=True,
        help_text=_("A link to a map of the area, used when the main venue has no position."),
    )
    visitors_recorded = models.PositiveIntegerField(
        _("visitors (recorded)"),
        null=True,
        blank=True,
        help_text=_("のべ来場者数 of an edition without online reception, as reported."),
    )
    exhibitors_recorded = models.PositiveIntegerField(
        _("exhibiting companies (recorded)"),
        null=True,
        blank=True,
        help_text=_("出展企業数 of an edition without online exhibitor lists, as reported."),
    )
    stamps_for_draw = models.PositiveSmallIntegerField(
        _("stamps for the prize draw"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Stamps collected at this area day's factories that enter a visitor pass in the "
            "edition's prize draw, whatever the edition's own number (a small area with fewer "
            "factories may ask for fewer). Blank: none for this day."
        ),
    )

    class Meta:
        verbose_name = _("area day")
        verbose_name_plural = _("area days")
        ordering = ["date", "area__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "area"], name="openfactory_one_day_per_area"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="openfactory_areaday_hours"
            ),
            models.CheckConstraint(
                condition=Q(venue_latitude__isnull=True, venue_longitude__isnull=True)
                | Q(venue_latitude__isnull=False, venue_longitude__isnull=False),
                name="openfactory_areaday_position_whole",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
                violation_error_code="position",
            ),
            models.CheckConstraint(
                condition=Q(stamps_for_draw__isnull=True) | Q(stamps_for_draw__gte=1),
                name="openfactory_areaday_stamps_for_draw",
            ),
        ]

    def __str__(self):
        return f"{self.area} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse(
            "openfactory:areaday_detail", kwargs={"year": self.edition.year, "area": self.area.slug}
        )

    @property
    def has_position(self) -> bool:
        return self.venue_latitude is not None and self.venue_longitude is not None


class Exhibitor(models.Model):
    """A company opening its doors on an area day."""

    area_day = models.ForeignKey(
        AreaDay, verbose_name=_("area day"), on_delete=models.CASCADE, related_name="exhibitors"
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="openfactory_exhibits",
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where to come: the factory or booth.")
    )
    shows = models.TextField(_("what it shows"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["order", "company__name_kana"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_day", "company"], name="openfactory_one_exhibit_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.company} ({self.area_day})"


# What an exhibiting company sets about its programme, from its own pages or in the admin.
PROGRAMME_FIELDS = (
    "kind",
    "title",
    "description",
    "age_min",
    "age_max",
    "duration_minutes",
    "fee",
    "admission",
    "allocation",
    "lottery_closes_at",
    "max_party_size",
    "photo_alt",
    "extra_rules",
    "extra_rules_en",
)


class Programme(models.Model):
    """A tour, workshop, booth or exhibit that an exhibitor offers on its day."""

    class Kind(models.TextChoices):
        TOUR = "tour", _("Factory tour")
        WORKSHOP = "workshop", _("Workshop")
        BOOTH = "booth", _("Booth")
        EXHIBIT = "exhibit", _("Exhibit")

    class Admission(models.TextChoices):
        RESERVATION = "reservation", _("Reservation required")
        WALK_IN = "walk_in", _("Walk-in only")

    class Allocation(models.TextChoices):
        FIRST_COME = "first_come", _("First come, first served")
        LOTTERY = "lottery", _("Lottery")

    exhibitor = models.ForeignKey(
        Exhibitor, verbose_name=_("exhibitor"), on_delete=models.CASCADE, related_name="programmes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TOUR)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    fee = models.PositiveIntegerField(_("fee (yen)"), default=0, help_text=_("0 for free."))
    admission = models.CharField(
        _("admission"), max_length=12, choices=Admission.choices, default=Admission.RESERVATION
    )
    allocation = models.CharField(
        _("allocation"), max_length=12, choices=Allocation.choices, default=Allocation.FIRST_COME
    )
    lottery_closes_at = models.DateTimeField(
        _("lottery applications close"),
        null=True,
        blank=True,
        help_text=_("Required for a lottery; the draw runs soon after."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("people per reservation"), default=4, help_text=_("Adults and children together.")
    )
    photo = models.ImageField(_("photo"), upload_to="openfactory/programmes/", blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=200, blank=True)
    extra_rules = models.TextField(
        _("extra rules"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Rules of this programme beyond the edition's, for example long trousers and "
            "closed shoes; visitors read them before reserving."
        ),
    )
    extra_rules_en = models.TextField(_("extra rules in English"), max_length=2000, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["exhibitor__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="openfactory_programme_ages",
                violation_error_message=_("The upper age must not be below the lower age."),
                violation_error_code="ages",
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1, max_party_size__lte=20),
                name="openfactory_programme_party_size",
                violation_error_message=_("Between 1 and 20 people."),
                violation_error_code="party_size",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1),
                name="openfactory_programme_duration",
            ),
            models.CheckConstraint(
                condition=~Q(allocation="lottery") | Q(lottery_closes_at__isnull=False),
                name="openfactory_lottery_has_deadline",
                violation_error_message=_("A lottery needs the time its entries close."),
                violation_error_code="lottery_deadline",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("openfactory:programme_detail", kwargs={"pk": self.pk})

    @property
    def takes_reservations(self) -> bool:
        return self.admission == self.Admission.RESERVATION

    @property
    def is_lottery(self) -> bool:
        return self.allocation == self.Allocation.LOTTERY

    @property
    def extra_rules_text(self) -> str:
        return in_language(self.extra_rules, self.extra_rules_en)


class SlotQuerySet(models.QuerySet):
    def with_seats_left(self):
        return self.filter(seats_taken__lt=F("seats"))

    def awaiting_draw(self):
        """Lottery slots not drawn yet: they take entries, not reservations (see
        ``Slot.awaits_draw``)."""
        return self.filter(
            programme__allocation=Programme.Allocation.LOTTERY, drawn_at__isnull=True
        )


class Slot(models.Model):
    """A time of a programme with a number of seats."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    seats = models.PositiveSmallIntegerField(_("seats"))
    seats_taken = models.PositiveSmallIntegerField(
        _("seats taken"),
        default=0,
        editable=False,
        help_text=_("Confirmed and attended people; kept by the reservation services."),
    )
    reservations_close_at = models.DateTimeField(
        _("reservations close"),
        null=True,
        blank=True,
        help_text=_("Blank: a set time before the start (OPENFACTORY_RESERVATION_CLOSE_MINUTES)."),
    )
    drawn_at = models.DateTimeField(_("lottery drawn at"), null=True, blank=True, editable=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="openfactory_slot_times",
                violation_error_message=_("The end must be after the start."),
                violation_error_code="slot_times",
            ),
            models.CheckConstraint(condition=Q(seats__gte=0), name="openfactory_slot_seats"),
            models.CheckConstraint(
                condition=Q(seats_taken__gte=0), name="openfactory_slot_seats_taken"
            ),
            # The database's own guard against overbooking, whatever the code above it does.
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("seats")), name="openfactory_slot_not_overbooked"
            ),
        ]
        indexes = [
            # The slots in their order (the admin's list): without it the 192,000 slots of
            # twenty editions were sorted for each page of it (62 ms, docs/benchmarks.md).
            models.Index(fields=["starts_at", "id"], name="openfactory_slot_by_time"),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{self.programme} {start:%Y-%m-%d %H:%M}–{end:%H:%M}"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.seats_taken, 0)

    @property
    def closes_at(self) -> dt.datetime:
        if self.reservations_close_at:
            return self.reservations_close_at
        return self.starts_at - dt.timedelta(minutes=settings.OPENFACTORY_RESERVATION_CLOSE_MINUTES)

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def awaits_draw(self) -> bool:
        """A lottery slot not drawn yet: it takes entries, and seats nobody until the draw."""
        return self.programme.is_lottery and self.drawn_at is None

    def entries_closed(self, now: dt.datetime | None = None) -> bool:
        """The lottery's entries have closed and the draw is under way."""
        return self.awaits_draw and (now or timezone.now()) >= self.programme.lottery_closes_at


class ReservationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Reservation.Status.ACTIVE)

    def seated(self):
        return self.filter(status__in=Reservation.Status.SEATED)

    def upcoming(self):
        return self.filter(status__in=Reservation.Status.UPCOMING)

    def held(self):
        return self.filter(status__in=Reservation.Status.HELD)

    def waitlist(self):
        """Waiting in turn: lottery draw order first, then who came first."""
        return self.filter(status=Reservation.Status.WAITLISTED).order_by(
            F("draw_order").asc(nulls_last=True), "created_at", "pk"
        )


class ReservationStatus(models.TextChoices):
    """Where a reservation stands (``Reservation.Status``), and the groups the workflows ask
    about."""

    APPLIED = "applied", _("Lottery entry")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")
    ATTENDED = "attended", _("Checked in")
    NO_SHOW = "no_show", _("No-show")

    # The groups of statuses the workflows ask about, each written here only. Tuples, so
    # that the SQL (and Reservation's constraint) lists them in one stable order.
    # Holds or waits for a place in the slot: one per address and slot.
    ACTIVE = nonmember(("applied", "confirmed", "waitlisted", "attended"))
    # Counted in Slot.seats_taken.
    SEATED = nonmember(("confirmed", "attended"))
    # Still expects to come or to hear: the visitor may cancel it, and the secretariat's
    # announcements are mailed to it (lottery entrants too).
    UPCOMING = nonmember(("applied", "confirmed", "waitlisted"))
    # Still matters to a visitor or to the statistics: a slot holding one is not deleted.
    HELD = nonmember(("applied", "confirmed", "waitlisted", "attended", "no_show"))


class Reservation(models.Model):
    """A visitor's seat (or place on the waitlist, or lottery entry) in a slot.

    No account is needed: the secret token in the mailed link shows and cancels it.
    """

    Status = ReservationStatus

    class HeardFrom(models.TextChoices):
        CITY_NEWS = "city_news", _("広報あやせ (city newsletter)")
        WEBSITE = "website", _("Website")
        SNS = "sns", _("Social media")
        FLYER = "flyer", _("Flyer or poster")
        SCHOOL = "school", _("School")
        FRIEND = "friend", _("Family or friends")
        OTHER = "other", _("Other")

    # Short names of the groups most used (Reservation.ACTIVE is Reservation.Status.ACTIVE).
    ACTIVE = Status.ACTIVE
    SEATED = Status.SEATED

    slot = models.ForeignKey(
        Slot, verbose_name=_("time slot"), on_delete=models.PROTECT, related_name="reservations"
    )
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone number"), max_length=20)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=500, blank=True)
    heard_from = models.CharField(
        _("how you heard of it"), max_length=12, choices=HeardFrom.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    code = models.CharField(
        _("check-in code"), max_length=CODE_LENGTH, unique=True, default=new_code, editable=False
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ja"
    )
    idempotency_key = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    draw_order = models.PositiveIntegerField(
        _("lottery draw order"), null=True, blank=True, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="openfactory_reservations",
    )
    created_at = models.DateTimeField(_("reserved at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    rules_accepted_at = models.DateTimeField(
        _("rules read at"),
        null=True,
        blank=True,
        help_text=_("When the visitor ticked that they had read the visitor rules."),
    )
    anonymised_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)
    # The party's visitor pass (来場パス), made with the reservation: its check-in is a visit.
    visitor_pass = models.ForeignKey(
        VisitorPass,
        verbose_name=_("visitor pass"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="reservations",
    )

    objects = ReservationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["slot", "status"], name="openfactory_res_slot_status"),
            models.Index(fields=["email", "status"], name="openfactory_res_email_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(adults__gte=1) | Q(children__gte=1),
                name="openfactory_reservation_party_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(adults__lte=20, children__lte=20),
                name="openfactory_reservation_party_bounded",
            ),
            models.UniqueConstraint(
                fields=["slot", "email"],
                condition=Q(
                    status__in=list(ReservationStatus.ACTIVE),
                    anonymised_at__isnull=True,
                ),
                name="openfactory_one_active_reservation_per_email",
            ),
        ]

    def __str__(self):
        # No name: this text is kept in the admin's history (LogEntry.object_repr), which
        # outlives the visitor's personal data.
        return f"{self.code} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("openfactory:reservation_detail", kwargs={"token": self.token})

    @property
    def party_size(self) -> int:
        return self.adults + self.children

    @property
    def is_active(self) -> bool:
        return self.status in self.Status.ACTIVE

    @property
    def is_cancellable(self) -> bool:
        return self.status in self.Status.UPCOMING


class ReservationMail(models.Model):
    """A mail sent about a reservation: the record that makes the mail tasks idempotent."""

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmation")
        APPLIED = "applied", _("Lottery entry received")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        LOTTERY_WON = "lottery_won", _("Lottery won")
        LOTTERY_WAITLISTED = "lottery_waitlisted", _("Lottery not won, on the waitlist")
        CANCELLED = "cancelled", _("Cancellation")
        REMINDER = "reminder", _("Reminder")

    reservation = models.ForeignKey(
        Reservation, verbose_name=_("reservation"), on_delete=models.CASCADE, related_name="mails"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reservation mail")
        verbose_name_plural = _("reservation mails")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reservation", "kind"], name="openfactory_one_mail_per_kind"
            ),
        ]

    def __str__(self):
        return f"{self.reservation_id} {self.kind}"


class ReceptionCount(models.Model):
    """Walk-in visitors counted at a programme's reception on a day (予約なしの来場者)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="reception_counts",
    )
    date = models.DateField(_("date"))
    walk_ins = models.PositiveIntegerField(_("walk-in visitors"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reception count")
        verbose_name_plural = _("reception counts")
        ordering = ["-date", "programme"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "date"], name="openfactory_one_count_per_day"
            ),
            models.CheckConstraint(
                condition=Q(walk_ins__gte=0), name="openfactory_walk_ins_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.programme} {self.date}: {self.walk_ins}"
