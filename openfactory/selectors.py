"""Read queries of the open factory's pages, each a fixed number of SQL queries."""

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import CITY_STAFF_GROUP, is_city_staff
from accounts.types import AnyUser
from companies.models import Company, Membership
from companies.selectors import company_ids_for_user
from core.db import unique_or_none
from japanese.text import normalize

from .maps import Leg, Point, walking_order
from .models import (
    Announcement,
    AreaDay,
    Edition,
    Exhibitor,
    ExhibitorAccessibility,
    PrizeDraw,
    PrizeWinner,
    Programme,
    ReceptionCount,
    Reservation,
    ReservationMail,
    Slot,
    Stamp,
    Visit,
    VisitorPass,
    VisitorRules,
)
from .models.recruitment import ExhibitorApplication, ExhibitorCall
from .models.routes import Route, RouteStop
from .policies import (
    can_manage_editions,
    can_manage_programmes,
    can_see_visitors_of,
    own_reservations_q,
)
from .visitor_stats import per_outer_row, with_area_day_visitors

MailKind = ReservationMail.Kind


def slot_open_q(now: dt.datetime, prefix: str = "") -> Q:
    """Slots that still take reservations at ``now`` (their closing time is in the future)."""
    before = dt.timedelta(minutes=settings.OPENFACTORY_RESERVATION_CLOSE_MINUTES)
    return Q(**{f"{prefix}reservations_close_at__gt": now}) | Q(
        **{f"{prefix}reservations_close_at__isnull": True, f"{prefix}starts_at__gt": now + before}
    )


def _with_seats(programmes: QuerySet[Programme], now: dt.datetime) -> QuerySet[Programme]:
    """Annotate seats left over the slots that still take reservations."""
    open_slots = slot_open_q(now, "slots__")
    return programmes.annotate(
        seats_left=Sum(F("slots__seats") - F("slots__seats_taken"), filter=open_slots),
        open_slot_count=Count("slots", filter=open_slots),
    )


def _visible(user: AnyUser, path: str) -> Q:
    """The editions ``user`` may see (Edition.objects.visible_to), as a condition on ``path``,
    a relation to Edition: a lookup filtered with it plans faster than with
    ``path__in=visible_to(user)``, a subquery PostgreSQL joins (docs/benchmarks.md)."""
    return Q() if can_manage_editions(user) else Q(**{f"{path}__is_published": True})


def edition_list(user: AnyUser) -> QuerySet[Edition]:
    return Edition.objects.visible_to(user).order_by("-year")


def edition_for_page(user: AnyUser, year: int) -> Edition:
    edition = unique_or_none(
        Edition.objects.visible_to(user).select_related("visitor_rules").filter(year=year)
    )
    if edition is None:
        raise Http404
    return edition


def edition_and_previous_for_page(user: AnyUser, year: int) -> tuple[Edition, Edition | None]:
    """``edition_for_page`` and the edition before it that the user may see, in one query."""
    found = list(
        Edition.objects.visible_to(user)
        .select_related("visitor_rules")
        .filter(year__lte=year)
        .order_by("-year")[:2]
    )
    if not found or found[0].year != year:
        raise Http404
    return found[0], found[1] if len(found) > 1 else None


def area_days_of(edition: Edition) -> QuerySet[AreaDay]:
    """An edition's days with their companies, programmes, and the programmes that can still
    be reserved (a time to come with a seat left).

    A subquery per figure, not counts of distinct rows over the days × exhibitors ×
    programmes × slots join: at 60 exhibitors a day that join was 9,600 rows to sort for
    each render of the home and edition pages (8–15 ms, docs/benchmarks.md).
    """
    open_with_seats = Slot.objects.filter(
        programme=OuterRef("pk"), starts_at__gt=timezone.now(), seats_taken__lt=F("seats")
    )
    programmes = Programme.objects.all()
    return (
        AreaDay.objects.filter(edition=edition)
        .select_related("area")
        .annotate(
            exhibitor_count=per_outer_row(Exhibitor.objects.all(), "area_day", Count("pk")),
            programme_count=per_outer_row(programmes, "exhibitor__area_day", Count("pk")),
            reservable_count=per_outer_row(
                programmes.filter(Exists(open_with_seats)), "exhibitor__area_day", Count("pk")
            ),
        )
        .order_by("date", "area__order")
    )


def areaday_for_page(user: AnyUser, year: int, area_slug: str) -> AreaDay:
    area_day = unique_or_none(
        AreaDay.objects.filter(
            _visible(user, "edition"), edition__year=year, area__slug=area_slug
        ).select_related("edition__visitor_rules", "area")
    )
    if area_day is None:
        raise Http404
    return area_day


def exhibitors_of(area_day: AreaDay, *, now: dt.datetime | None = None) -> QuerySet[Exhibitor]:
    now = now or timezone.now()
    programmes = _with_seats(Programme.objects.all(), now).order_by("pk")
    return (
        Exhibitor.objects.filter(area_day=area_day)
        .select_related("company", "accessibility")
        .prefetch_related(Prefetch("programmes", queryset=programmes))
    )


def published_edition(year: int) -> Edition:
    """An edition for the open data: published, whoever asks (city staff's drafts are not
    public data)."""
    edition = Edition.objects.published().filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def programmes_for_open_data(edition: Edition) -> QuerySet[Programme]:
    return (
        Programme.objects.filter(exhibitor__area_day__edition=edition)
        .select_related("exhibitor__company", "exhibitor__area_day__area")
        .prefetch_related(Prefetch("slots", queryset=Slot.objects.order_by("starts_at", "pk")))
        .order_by(
            "exhibitor__area_day__date",
            "exhibitor__area_day__area__order",
            "exhibitor__order",
            "pk",
        )
    )


def area_day_route(area_day: AreaDay) -> list[Leg[Exhibitor]]:
    """Every exhibitor of the day in walking order from the main venue (``maps.walking_order``),
    in one query: a day has a few dozen factories at most, and a walk cannot be paginated."""
    exhibitors = list(
        Exhibitor.objects.filter(area_day=area_day)
        .select_related("company")
        .only(
            "pk",
            "place",
            "order",
            "area_day_id",
            "company__name",
            "company__name_kana",
            "company__slug",
            "company__is_listed",
            "company__address",
            "company__latitude",
            "company__longitude",
        )
        .order_by("order", "company__name_kana", "pk")
    )
    return walking_order(
        Point.of(area_day.venue_latitude, area_day.venue_longitude),
        exhibitors,
        lambda e: Point.of(e.company.latitude, e.company.longitude),
    )


def other_open_slots(
    slot: Slot, *, party_size: int = 1, now: dt.datetime | None = None
) -> list[Slot]:
    """The same programme's other times that still take reservations and have seats for the
    party: what a visitor told that this slot is full may take instead."""
    now = now or timezone.now()
    if not slot.programme.exhibitor.area_day.edition.is_open:
        return []
    return list(
        Slot.objects.filter(slot_open_q(now), programme_id=slot.programme_id)
        .exclude(pk=slot.pk)
        .filter(seats__gte=F("seats_taken") + max(party_size, 1))
        .exclude(programme__allocation=Programme.Allocation.LOTTERY, drawn_at__isnull=True)
        .order_by("starts_at", "pk")
    )


def programme_for_page(user: AnyUser, pk: int) -> Programme:
    programme = unique_or_none(
        Programme.objects.filter(
            _visible(user, "exhibitor__area_day__edition"), pk=pk
        ).select_related(
            # Not the exhibitor's accessibility: a ninth table joined here took PostgreSQL
            # 1.1 ms to plan, against 0.7 ms without it and 0.1 ms for its own query.
            "exhibitor__company",
            "exhibitor__area_day__edition__visitor_rules",
            "exhibitor__area_day__area",
        )
    )
    if programme is None:
        raise Http404
    return programme


def slots_of(programme: Programme) -> QuerySet[Slot]:
    # Through the programme's manager: each slot knows its programme without a query.
    return (
        programme.slots.all()
        .annotate(
            entries=Count("reservations", filter=Q(reservations__status=Reservation.Status.APPLIED))
        )
        .order_by("starts_at", "pk")
    )


def slot_for_reservation(user: AnyUser, pk: int) -> Slot:
    slot = unique_or_none(
        Slot.objects.filter(
            _visible(user, "programme__exhibitor__area_day__edition"), pk=pk
        ).select_related(
            "programme__exhibitor__company",
            "programme__exhibitor__area_day__edition__visitor_rules",
            "programme__exhibitor__area_day__area",
        )
    )
    if slot is None:
        raise Http404
    return slot


def programme_search(
    edition: Edition,
    *,
    area: str = "",
    date: dt.date | None = None,
    kind: str = "",
    age: int | None = None,
    seats_left: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Programme]:
    """Programmes of an edition filtered as the visitor asked, soonest day first."""
    now = now or timezone.now()
    programmes = Programme.objects.filter(exhibitor__area_day__edition=edition)
    if area:
        programmes = programmes.filter(exhibitor__area_day__area__slug=area)
    if date:
        programmes = programmes.filter(exhibitor__area_day__date=date)
    if kind:
        programmes = programmes.filter(kind=kind)
    if age is not None:
        programmes = programmes.filter(
            Q(age_min__isnull=True) | Q(age_min__lte=age),
            Q(age_max__isnull=True) | Q(age_max__gte=age),
        )
    if seats_left:
        open_with_seats = Slot.objects.filter(
            slot_open_q(now), programme=OuterRef("pk"), seats_taken__lt=F("seats")
        )
        programmes = programmes.filter(
            Exists(open_with_seats), admission=Programme.Admission.RESERVATION
        )
    return (
        _with_seats(programmes, now)
        .select_related("exhibitor__company", "exhibitor__area_day__area")
        .order_by("exhibitor__area_day__date", "exhibitor__order", "pk")
    )


def overlapping_reservations(
    *, email: str, slot: Slot, user: AnyUser | None = None, remembered_ids: Iterable[int] = ()
) -> QuerySet[Reservation]:
    """The address's other active reservations whose times overlap this slot's, of those the
    visitor has shown to be theirs (policies.own_reservations_q): never a stranger's."""
    if not remembered_ids and not isinstance(user, User):
        # Nothing shown to be theirs (a first reservation in this browser, not signed in):
        # no overlap can be told, and the joined query is not even built (every step of a
        # reservation rush asks this).
        return Reservation.objects.none()
    email = normalize(email).lower()
    return (
        Reservation.objects.active()
        .filter(own_reservations_q(user, remembered_ids))
        .filter(email=email, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at)
        .exclude(slot=slot)
        .select_related("slot__programme__exhibitor__company")
    )


_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def reservation_for_token(token: str) -> Reservation:
    if not _TOKEN.fullmatch(token or ""):
        raise Http404  # a NUL byte would be a DataError on PostgreSQL, not a "not found"
    reservation = unique_or_none(
        Reservation.objects.filter(token=token, anonymised_at__isnull=True).select_related(
            "slot__programme__exhibitor__company",
            "slot__programme__exhibitor__area_day__edition",
            "slot__programme__exhibitor__area_day__area",
            "visitor_pass",
        )
    )
    if reservation is None:
        raise Http404
    return reservation


def reservations_of_user(user: User) -> QuerySet[Reservation]:
    """A signed-in visitor's reservations: made while signed in, or to their address."""
    return (
        Reservation.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .filter(anonymised_at__isnull=True)
        .select_related(
            "slot__programme__exhibitor__company", "slot__programme__exhibitor__area_day__area"
        )
        .order_by("-slot__starts_at", "-pk")
    )


def reservations_for_export(edition: Edition) -> QuerySet[Reservation]:
    """Every reservation of an edition with what the CSV export shows (city staff only)."""
    return (
        Reservation.objects.filter(slot__programme__exhibitor__area_day__edition=edition)
        .select_related(
            "slot__programme__exhibitor__company", "slot__programme__exhibitor__area_day__area"
        )
        .order_by("slot__starts_at", "slot__programme_id", "pk")
    )


# --- Reception ----------------------------------------------------------------------------


def reception_exhibitors(user: AnyUser) -> QuerySet[Exhibitor]:
    """The exhibits whose reception the user runs: their companies', or all for city staff."""
    exhibitors = Exhibitor.objects.select_related(
        "company", "area_day__area", "area_day__edition"
    ).order_by("-area_day__date", "company__name_kana", "pk")
    if is_city_staff(user):
        return exhibitors
    return exhibitors.filter(company_id__in=list(company_ids_for_user(user)))


def _exhibitor_allowed(
    pk: int, allowed: Callable[[Company], bool], exhibitors: QuerySet[Exhibitor] | None = None
) -> Exhibitor:
    """The exhibitor (of ``exhibitors``, all by default), or 404 when it does not exist or
    ``allowed(company)`` says no."""
    exhibitors = Exhibitor.objects.all() if exhibitors is None else exhibitors
    exhibitor = unique_or_none(
        exhibitors.select_related("company", "area_day__area", "area_day__edition").filter(pk=pk)
    )
    if exhibitor is None or not allowed(exhibitor.company):
        raise Http404
    return exhibitor


def reception_exhibitor(user: AnyUser, pk: int) -> Exhibitor:
    """With its area day's visitors counted (``visitor_stats.with_area_day_visitors``)."""
    return _exhibitor_allowed(
        pk,
        lambda company: can_see_visitors_of(user, company),
        with_area_day_visitors(Exhibitor.objects.all()),
    )


def exhibitor_has_slot(exhibitor: Exhibitor, slot_id: int) -> bool:
    return exhibitor.programmes.filter(slots__pk=slot_id).exists()


def exhibitor_has_programme(exhibitor: Exhibitor, programme_id: int) -> bool:
    return exhibitor.programmes.filter(pk=programme_id).exists()


def reception_programmes(exhibitor: Exhibitor, *, with_history: bool) -> QuerySet[Programme]:
    """The exhibitor's programmes with their slots, the visitors of each slot and today's
    walk-in count (``walk_ins_today``); with_history adds each holder's no-shows elsewhere
    (city staff only)."""
    visitors = Reservation.objects.filter(
        status__in=[*Reservation.Status.SEATED, Reservation.Status.NO_SHOW]
    ).order_by("name_kana", "pk")
    if with_history:
        no_shows = (
            Reservation.objects.filter(email=OuterRef("email"), status=Reservation.Status.NO_SHOW)
            .exclude(pk=OuterRef("pk"))
            .exclude(email="")
            .order_by()
            .values("email")
            .annotate(n=Count("pk"))
            .values("n")
        )
        visitors = visitors.annotate(
            past_no_shows=Coalesce(Subquery(no_shows, output_field=IntegerField()), Value(0))
        )
    slots = Slot.objects.order_by("starts_at", "pk").prefetch_related(
        Prefetch("reservations", queryset=visitors, to_attr="visitors")
    )
    today = ReceptionCount.objects.filter(date=exhibitor.area_day.date)
    return (
        Programme.objects.filter(exhibitor=exhibitor)
        .annotate(walk_ins_today=per_outer_row(today, "programme", Sum("walk_ins")))
        .order_by("pk")
        .prefetch_related(Prefetch("slots", queryset=slots))
    )


# --- Programmes and slots, run by the company's staff ------------------------------------


def managed_exhibitors(user: AnyUser) -> QuerySet[Exhibitor]:
    """The exhibits whose programmes the user runs: their companies', or all for city staff."""
    return reception_exhibitors(user).annotate(programme_count=Count("programmes"))


def managed_exhibitor(user: AnyUser, pk: int) -> Exhibitor:
    return _exhibitor_allowed(pk, lambda company: can_manage_programmes(user, company))


def managed_programmes(exhibitor: Exhibitor) -> QuerySet[Programme]:
    """The exhibitor's programmes with their slots and how many people hold what in each."""
    slots = Slot.objects.annotate(
        waitlisted=Coalesce(
            Sum(
                F("reservations__adults") + F("reservations__children"),
                filter=Q(reservations__status=Reservation.Status.WAITLISTED),
            ),
            0,
        ),
        entries=Count("reservations", filter=Q(reservations__status=Reservation.Status.APPLIED)),
    ).order_by("starts_at", "pk")
    return (
        Programme.objects.filter(exhibitor=exhibitor)
        .order_by("pk")
        .prefetch_related(Prefetch("slots", queryset=slots))
    )


def managed_programme(user: AnyUser, pk: int) -> Programme:
    programme = unique_or_none(
        Programme.objects.select_related(
            "exhibitor__company", "exhibitor__area_day__area", "exhibitor__area_day__edition"
        ).filter(pk=pk)
    )
    if programme is None or not can_manage_programmes(user, programme.exhibitor.company):
        raise Http404
    return programme


def managed_slot(user: AnyUser, pk: int) -> Slot:
    slot = unique_or_none(
        Slot.objects.select_related(
            "programme__exhibitor__company",
            "programme__exhibitor__area_day__area",
            "programme__exhibitor__area_day__edition",
        ).filter(pk=pk)
    )
    if slot is None or not can_manage_programmes(user, slot.programme.exhibitor.company):
        raise Http404
    return slot


class AddressReservation(NamedTuple):
    """What reserving needs to know of one of an address's reservations."""

    pk: int
    slot_id: int
    area_day_id: int
    email: str
    status: str
    visitor_pass_id: int | None
    idempotency_key: str | None


def address_reservations(
    *, email: str, edition_id: int, idempotency_key: str | None = None
) -> list[AddressReservation]:
    """The address's held reservations in an edition, and the reservation made with this
    form's idempotency key (whatever its address): in one query, what reserving checks of
    an address (one per slot, a few per day, a double click) and the pass it shares."""
    wanted = Q(
        email=email,
        slot__programme__exhibitor__area_day__edition_id=edition_id,
        status__in=Reservation.Status.HELD,
    )
    if idempotency_key:
        wanted |= Q(idempotency_key=idempotency_key)
    return [
        AddressReservation(*row)
        for row in Reservation.objects.filter(wanted)
        .order_by("pk")
        .values_list(
            "pk",
            "slot_id",
            "slot__programme__exhibitor__area_day_id",
            "email",
            "status",
            "visitor_pass_id",
            "idempotency_key",
        )
    ]


def seated_count(slot: Slot) -> int:
    """People confirmed or checked in in a slot: the truth ``Slot.seats_taken`` is kept to
    (read under the slot's row lock by the services)."""
    total = (
        Reservation.objects.filter(slot=slot)
        .seated()
        .aggregate(n=Sum(F("adults") + F("children")))["n"]
        or 0
    )
    return total


def held_counts(slots: Iterable[Slot] | QuerySet[Slot]) -> dict[str, int]:
    """People per status of the reservations that still matter in these slots."""
    rows = (
        Reservation.objects.filter(slot__in=slots)
        .held()
        .values("status")
        .annotate(n=Sum(F("adults") + F("children")))
    )
    return {row["status"]: row["n"] or 0 for row in rows}


def held_people(slots: Iterable[Slot] | QuerySet[Slot]) -> dict[str, int]:
    """People per status in these slots, for the delete pages (one query)."""
    rows = (
        Reservation.objects.filter(slot__in=slots)
        .exclude(status=Reservation.Status.CANCELLED)
        .values("status")
        .annotate(n=Sum(F("adults") + F("children")))
    )
    return {row["status"]: row["n"] or 0 for row in rows}


# --- Announcements ------------------------------------------------------------------------


def announcement_recipients(
    *, area_day: AreaDay, slot: Slot | None = None
) -> QuerySet[Reservation]:
    """The reservations an announcement is mailed about: confirmed, waitlisted and lottery
    entries (not cancelled, not past visits), with an address (not anonymised)."""
    reservations = (
        Reservation.objects.upcoming().filter(anonymised_at__isnull=True).exclude(email="")
    )
    if slot is not None:
        reservations = reservations.filter(slot=slot)
    else:
        reservations = reservations.filter(slot__programme__exhibitor__area_day=area_day)
    return reservations.select_related("slot__programme__exhibitor__company").order_by(
        "slot__starts_at", "pk"
    )


def announcement_recipient_count(*, area_day: AreaDay, slot: Slot | None = None) -> int:
    """How many addresses will be mailed (one mail per address), in one query."""
    return (
        announcement_recipients(area_day=area_day, slot=slot)
        .order_by()
        .values("email")
        .distinct()
        .count()
    )


def announcement_target(scope: str, pk: int) -> tuple[AreaDay, Slot | None]:
    """The area day (and slot) an announcement is written for; 404 for anything else."""
    if scope == "slot":
        slot = unique_or_none(
            Slot.objects.select_related(
                "programme__exhibitor__company",
                "programme__exhibitor__area_day__area",
                "programme__exhibitor__area_day__edition",
            ).filter(pk=pk)
        )
        if slot is None:
            raise Http404
        return slot.programme.exhibitor.area_day, slot
    if scope == "day":
        area_day = unique_or_none(AreaDay.objects.select_related("area", "edition").filter(pk=pk))
        if area_day is None:
            raise Http404
        return area_day, None
    raise Http404


def announcement_for_page(pk: int) -> Announcement:
    announcement = unique_or_none(
        Announcement.objects.select_related(
            "area_day__area", "area_day__edition", "created_by"
        ).filter(pk=pk)
    )
    if announcement is None:
        raise Http404
    return announcement


def announcement_list() -> QuerySet[Announcement]:
    return Announcement.objects.select_related("area_day__area", "created_by").order_by(
        "-created_at", "-pk"
    )


# --- For the companies app: a company's programmes, the current edition's exhibitors ----


def programmes_of_company(company: Company, *, today: dt.date | None = None) -> QuerySet[Programme]:
    """The company's programmes on area days to come, in published editions only."""
    today = today or timezone.localdate()
    return (
        Programme.objects.filter(
            exhibitor__company=company,
            exhibitor__area_day__edition__is_published=True,
            exhibitor__area_day__date__gte=today,
        )
        .select_related("exhibitor__area_day__area", "exhibitor__area_day__edition")
        .order_by("exhibitor__area_day__date", "pk")
    )


def current_edition_company_ids() -> QuerySet[Exhibitor, Any]:
    """Ids of the companies exhibiting at the latest published edition, as a subquery (so
    that a filter on it adds no query of its own)."""
    current = Edition.objects.published().order_by("-year").values("pk")[:1]
    return Exhibitor.objects.filter(area_day__edition=Subquery(current)).values("company_id")


# --- For the periodic tasks: what is due, what never went out ----------------------------


def lottery_slots_due(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Slot.objects.awaiting_draw()
        .filter(programme__lottery_closes_at__lte=now)
        .values_list("pk", flat=True)
    )


# The mails a reservation in each status must have had (any one of the kinds).
_EXPECTED_MAILS = {
    Reservation.Status.CONFIRMED: [MailKind.CONFIRMED, MailKind.PROMOTED, MailKind.LOTTERY_WON],
    Reservation.Status.WAITLISTED: [MailKind.WAITLISTED, MailKind.LOTTERY_WAITLISTED],
    Reservation.Status.APPLIED: [MailKind.APPLIED],
    Reservation.Status.CANCELLED: [MailKind.CANCELLED],
}
# The sweep gives up on a mail after this long: a reservation this old is no longer news.
MAIL_SWEEP_DAYS = 2


def mails_missing(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Reservations whose mail for their present status never went out (the broker was
    down when they were made): changed more than 5 minutes and less than 2 days ago."""
    now = now or timezone.now()
    recent = {
        "updated_at__lt": now - dt.timedelta(minutes=5),
        "updated_at__gt": now - dt.timedelta(days=MAIL_SWEEP_DAYS),
    }
    missing: list[tuple[int, str]] = []
    for state, kinds in _EXPECTED_MAILS.items():
        rows = (
            Reservation.objects.filter(status=state, anonymised_at__isnull=True, **recent)
            .exclude(mails__kind__in=kinds)
            .values_list("pk", "draw_order")
        )
        for pk, draw_order in rows:
            lottery = draw_order is not None and len(kinds) > 1
            missing.append((pk, kinds[-1] if lottery else kinds[0]))
    return missing


def mail_unsent_since(*, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the oldest reservation mail or announcement still unsent should have gone out:
    what the sweep (send_missing_mails) will send, counted from the moment the row changed,
    without the sweep's 5 minutes of grace. Two queries, for the health check."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=MAIL_SWEEP_DAYS)
    without_its_mail = Q()
    for state, kinds in _EXPECTED_MAILS.items():
        sent = ReservationMail.objects.filter(reservation=OuterRef("pk"), kind__in=kinds)
        without_its_mail |= Q(Q(status=state), ~Exists(sent))
    reservation = (
        Reservation.objects.filter(
            without_its_mail, anonymised_at__isnull=True, updated_at__gt=since
        )
        .exclude(email="")
        .aggregate(oldest=Min("updated_at"))["oldest"]
    )
    announcement = Announcement.objects.filter(
        sent_at__isnull=True, created_at__gt=since
    ).aggregate(oldest=Min("created_at"))["oldest"]
    return min((t for t in (reservation, announcement) if t is not None), default=None)


def reservation_counts() -> dict[str, int]:
    """Reservations by status, every status named (0 where none): for the metrics."""
    counts = dict.fromkeys(Reservation.Status.values, 0)
    rows = Reservation.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts.update(rows)
    return counts


def reminders_due(*, today: dt.date | None = None) -> list[int]:
    """Confirmed reservations of slots that start tomorrow and were not reminded yet."""
    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    return list(
        Reservation.objects.filter(
            status=Reservation.Status.CONFIRMED,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
            anonymised_at__isnull=True,
        )
        .exclude(mails__kind=MailKind.REMINDER)
        .values_list("pk", flat=True)
    )


def announcements_unsent(*, now: dt.datetime | None = None) -> list[int]:
    """Announcements stored but never sent (the broker was down): 5 minutes to 2 days old."""
    now = now or timezone.now()
    return list(
        Announcement.objects.filter(
            sent_at__isnull=True,
            created_at__lt=now - dt.timedelta(minutes=5),
            created_at__gt=now - dt.timedelta(days=MAIL_SWEEP_DAYS),
        ).values_list("pk", flat=True)
    )


# --- Model routes and the printed guide (openfactory.models.routes) -----------------------


def routes_of(area_day: AreaDay) -> QuerySet[Route]:
    """The day's model routes with their stops, each stop's company and programmes: three
    queries, however many routes and stops."""
    return (
        Route.objects.filter(area_day=area_day)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "stops",
                queryset=RouteStop.objects.select_related("exhibitor__company")
                .prefetch_related(
                    Prefetch(
                        "exhibitor__programmes",
                        queryset=Programme.objects.only(
                            "pk", "title", "kind", "exhibitor_id"
                        ).order_by("pk"),
                    )
                )
                .order_by("order", "pk"),
            )
        )
    )


def guide_area_days(edition: Edition) -> QuerySet[AreaDay]:
    """Everything the printed guide shows, day by day, in a fixed number of queries: days,
    exhibitors with their companies, programmes, slots, routes and their stops."""
    programmes = Programme.objects.prefetch_related(
        Prefetch("slots", queryset=Slot.objects.order_by("starts_at", "pk"))
    ).order_by("pk")
    exhibitors = (
        Exhibitor.objects.select_related("company")
        .prefetch_related(Prefetch("programmes", queryset=programmes))
        .order_by("order", "company__name_kana", "pk")
    )
    routes = Route.objects.order_by("order", "pk").prefetch_related(
        Prefetch(
            "stops",
            queryset=RouteStop.objects.select_related("exhibitor__company").order_by("order", "pk"),
        )
    )
    return (
        AreaDay.objects.filter(edition=edition)
        .select_related("area")
        .prefetch_related(
            Prefetch("exhibitors", queryset=exhibitors), Prefetch("routes", queryset=routes)
        )
        .order_by("date", "area__order", "pk")
    )


# --- Visitor rules and accessibility --------------------------------------------------------


def visitor_rules_of(edition: Edition) -> VisitorRules | None:
    """The edition's rules page, if city staff wrote one (its select_related row, else one
    query)."""
    try:
        return edition.visitor_rules
    except VisitorRules.DoesNotExist:
        return None


def has_visitor_rules(edition: Edition) -> bool:
    """Whether the edition has a rules page."""
    return visitor_rules_of(edition) is not None


def exhibitor_accessibility(exhibitor: Exhibitor) -> ExhibitorAccessibility:
    """The exhibitor's accessibility facts, a new unsaved row (all not known) if none yet."""
    try:
        return exhibitor.accessibility
    except ExhibitorAccessibility.DoesNotExist:
        return ExhibitorAccessibility(exhibitor=exhibitor)


def rules_to_read(programme: Programme) -> bool:
    """Whether a visitor must tick that they read rules to reserve the programme: its
    edition has a rules page or the programme has extra rules."""
    return bool(programme.extra_rules) or has_visitor_rules(programme.exhibitor.area_day.edition)


# Recruiting exhibitors (models/recruitment.py).


def open_exhibitor_call() -> ExhibitorCall | None:
    """The newest open call of a published edition, its deadline passed or not (a form sent
    a minute late is told so beside what was typed, not shown a 404)."""
    return (
        ExhibitorCall.objects.filter(is_open=True, edition__is_published=True)
        .select_related("edition")
        .order_by("-edition__year")
        .first()
    )


def exhibitor_call_of(edition: Edition) -> ExhibitorCall | None:
    """The edition's call, while it takes applications (the public's "出展企業を募集しています")."""
    return (
        ExhibitorCall.objects.filter(edition=edition, is_open=True, deadline__gt=timezone.now())
        .select_related("edition")
        .first()
    )


def exhibitor_application_for(
    user: AnyUser, company: Company, call: ExhibitorCall
) -> ExhibitorApplication | None:
    """The company's application to the call, for its own staff and city staff only."""
    if not can_manage_programmes(user, company):
        raise Http404
    return (
        ExhibitorApplication.objects.filter(call=call, company=company)
        .select_related("area_day__area", "exhibitor__area_day__area", "call__edition")
        .first()
    )


def recruitment_staff_emails() -> list[str]:
    """Who hears of a new application: the committee's address if set, else city staff."""
    if getattr(settings, "OPENFACTORY_RECRUITMENT_EMAIL", ""):
        return [settings.OPENFACTORY_RECRUITMENT_EMAIL]
    return list(
        User.objects.filter(is_active=True, is_staff=True, groups__name=CITY_STAFF_GROUP)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def company_owner_emails(company_id: int) -> list[str]:
    return list(
        Membership.objects.filter(
            company_id=company_id, role=Membership.Role.OWNER, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def latest_exhibitor_application(user: AnyUser, company: Company) -> ExhibitorApplication | None:
    """With no call open, the company's last application (its status stays readable)."""
    if not can_manage_programmes(user, company):
        raise Http404
    return (
        ExhibitorApplication.objects.filter(company=company)
        .select_related("area_day__area", "exhibitor__area_day__area", "call__edition")
        .order_by("-call__edition__year")
        .first()
    )


def exhibitor_call_with_manual(year: int) -> ExhibitorCall:
    call = ExhibitorCall.objects.filter(edition__year=year).exclude(manual="").first()
    if call is None:
        raise Http404
    return call


# Visitor passes (models/passes.py).


def pass_for_token(token: str) -> VisitorPass:
    """The pass of its secret link, with its visits in the order they were made."""
    if not _TOKEN.fullmatch(token or ""):
        raise Http404
    visitor_pass = (
        VisitorPass.objects.filter(token=token)
        .select_related("edition")
        .prefetch_related(
            Prefetch(
                "visits",
                queryset=Visit.objects.select_related(
                    "exhibitor__company", "exhibitor__area_day__area"
                ).order_by("visited_at", "pk"),
            ),
            Prefetch(
                "stamps",
                queryset=Stamp.objects.select_related(
                    "exhibitor__company", "exhibitor__area_day__area"
                ),
            ),
        )
        .first()
    )
    if visitor_pass is None:
        raise Http404
    return visitor_pass


@dataclass(frozen=True)
class DayStampProgress:
    """A pass's stamps from the factories of an area day with its own number for the draw."""

    area_day: AreaDay
    have: int
    need: int

    @property
    def enough(self) -> bool:
        return self.have >= self.need


@dataclass(frozen=True)
class StampProgress:
    """A pass's way to its edition's prize draw: ``have`` stamps in all of the edition's
    ``need`` (None when the edition has no number), and ``days``, the area days it visited or
    was stamped at that have their own number, by date."""

    have: int
    need: int | None
    days: list[DayStampProgress]

    @property
    def entered(self) -> bool:
        """Enough stamps in all, or at the factories of one area day (as the draw counts,
        services.prize_draw.prize_draw_entrants)."""
        return bool(self.need and self.have >= self.need) or any(d.enough for d in self.days)


def stamp_progress(
    visitor_pass: VisitorPass, stamps: list[Stamp], visits: list[Visit]
) -> StampProgress:
    """The pass's progress, from its stamps and visits as pass_for_token prefetches them (with
    their exhibitors' area days): no query. An area day the pass neither visited nor was
    stamped at has none of its stamps, so it cannot enter the pass and is left out."""
    area_days: dict[int, AreaDay] = {}
    exhibitors = [v.exhibitor for v in visits] + [s.exhibitor for s in stamps]
    for exhibitor in exhibitors:
        area_day = exhibitor.area_day
        if area_day.stamps_for_draw:
            area_days.setdefault(area_day.pk, area_day)
    per_day: dict[int, int] = {}
    for stamp in stamps:
        area_day_id = stamp.exhibitor.area_day_id
        per_day[area_day_id] = per_day.get(area_day_id, 0) + 1
    days = [
        DayStampProgress(area_day, per_day.get(pk, 0), area_day.stamps_for_draw or 0)
        for pk, area_day in area_days.items()
    ]
    days.sort(key=lambda d: (d.area_day.date, d.area_day.area.order, d.area_day.pk))
    return StampProgress(len(stamps), visitor_pass.edition.stamps_for_draw or None, days)


@dataclass(frozen=True)
class PrizeDrawResult:
    """What the pass page says of the prize draw: ``state`` is "entered" (waiting for the
    draw), "won" or "lost"; ``draw`` is None while not drawn."""

    state: str
    draw: PrizeDraw | None = None


def prize_draw_result(
    visitor_pass: VisitorPass, progress: StampProgress, stamps: list[Stamp]
) -> PrizeDrawResult | None:
    """The pass's place in its edition's prize draw, or None when it is not an entrant (no
    draw set, too few stamps); ``stamps`` as pass_for_token prefetches them. One query."""
    draw = (
        PrizeDraw.objects.filter(edition_id=visitor_pass.edition_id)
        .annotate(
            won=Exists(PrizeWinner.objects.filter(draw=OuterRef("pk"), visitor_pass=visitor_pass))
        )
        .first()
    )
    if draw is None:
        return PrizeDrawResult("entered") if progress.entered else None
    if draw.won:
        return PrizeDrawResult("won", draw)
    # Entrants as the draw counted them: with the numbers of the draw, whatever staff set
    # afterwards.
    per_day: dict[int, int] = {}
    for stamp in stamps:
        per_day[stamp.exhibitor.area_day_id] = per_day.get(stamp.exhibitor.area_day_id, 0) + 1
    by_day = any(
        per_day.get(int(area_day_id), 0) >= needed
        for area_day_id, needed in draw.day_stamps_needed.items()
    )
    if by_day or (draw.stamps_needed and progress.have >= draw.stamps_needed):
        return PrizeDrawResult("lost", draw)
    return None


def passes_for_tokens(tokens: Iterable[str]) -> list[VisitorPass]:
    """The passes this browser holds (remembered in its session), newest edition first."""
    wanted = [t for t in tokens if isinstance(t, str) and _TOKEN.fullmatch(t)]
    if not wanted:
        return []
    return list(
        VisitorPass.objects.filter(token__in=wanted[:20])
        .select_related("edition")
        .order_by("-edition__year", "-pk")
    )


def poster_exhibitor(pk: int) -> Exhibitor:
    """A factory's poster: an exhibitor of a published edition, whoever scans it."""
    exhibitor = (
        Exhibitor.objects.select_related("company", "area_day__area", "area_day__edition")
        .filter(pk=pk, area_day__edition__is_published=True)
        .first()
    )
    if exhibitor is None:
        raise Http404
    return exhibitor


def pass_visits_at(exhibitor: Exhibitor, *, limit: int = 20) -> QuerySet[Visit]:
    """The latest visits recorded at a factory, for its reception (the pass code and the
    party size only: nothing personal is on a pass)."""
    return (
        Visit.objects.filter(exhibitor=exhibitor)
        .select_related("visitor_pass")
        .order_by("-visited_at", "-pk")[:limit]
    )
