"""Reservations and the waitlist: reserve, cancel, promote into freed seats, and forget a
visitor's personal data once its stated period is over.

Every change that takes or frees seats runs under the slot's row lock (see ``locking``);
mails are enqueued on commit (see ``mails``).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import BigIntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.types import AnyUser
from core.page_cache import pages_changed
from core.periodic import PeriodicJob
from japanese.moments import local_datetime
from japanese.text import normalize, normalize_multiline
from japanese.validators import normalize_phone

from .. import selectors
from ..errors import ReservationError, SlotFullError
from ..models import Reservation, ReservationMail, Slot
from ..policies import own_reservations_q
from .locking import (
    add_seats,
    busy_error,
    lock_email,
    lock_slot,
    serialised,
    set_lock_timeout,
    store_seats_taken,
)
from .mails import reservation_mail_enqueue
from .passes import pass_for_reservation

MailKind = ReservationMail.Kind


# --- Checks shared by the confirm step and the service ------------------------------------


def slot_check_open(*, slot: Slot, now: dt.datetime | None = None) -> None:
    """Raise ReservationError unless the slot takes reservations (or lottery entries) now."""
    now = now or timezone.now()
    programme = slot.programme
    edition = programme.exhibitor.area_day.edition
    if not edition.is_published:
        raise ReservationError(_("This time slot does not exist."), code="no_slot")
    if edition.status != edition.Status.OPEN:
        raise ReservationError(
            _("Reservations for %(edition)s are closed.") % {"edition": edition}, code="closed"
        )
    if edition.reservations_open_at is not None and edition.reservations_not_yet_open(now):
        raise ReservationError(
            _("Reservations open on %(when)s.")
            % {"when": local_datetime(edition.reservations_open_at)},
            code="not_yet",
        )
    if not programme.takes_reservations:
        raise ReservationError(
            _("This programme takes no reservations: come on the day."), code="walk_in"
        )
    if now >= slot.starts_at:
        raise ReservationError(_("This time slot is already over."), code="past")
    if slot.is_closed(now):
        raise ReservationError(
            _("Reservations for this time slot closed at %(time)s.")
            % {"time": local_datetime(slot.closes_at, deadline=True)},
            code="closed",
        )
    if slot.entries_closed(now):
        raise ReservationError(
            _("Lottery entries have closed; the draw is under way. Please look again later."),
            code="drawing",
        )


def party_check(*, slot: Slot, adults: int, children: int) -> None:
    limit = slot.programme.max_party_size
    if adults < 0 or children < 0 or adults + children < 1:
        raise ReservationError(_("Enter at least one person."), field="adults", code="party")
    if adults + children > limit:
        raise ReservationError(
            _("At most %(limit)d people can come on one reservation.") % {"limit": limit},
            field="children" if children else "adults",
            code="party",
        )


def _email_check(
    *, slot: Slot, email: str, own: Q, held: list[selectors.AddressReservation] | None = None
) -> None:
    """One reservation per address and slot, and a few per address and area day.

    ``held``: the address's reservations in the slot's edition when the caller has read them
    already (reservation_create, under its locks), else they are read here.
    The exact reason (which slot, how many) is told only when the reservations in the way
    are ones the visitor has shown to be theirs (``own``, see policies.own_reservations_q);
    anyone else typing the address gets one message for both rules that names nothing.
    """
    area_day = slot.programme.exhibitor.area_day
    limit = settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY
    if held is None:
        held = selectors.address_reservations(email=email, edition_id=area_day.edition_id)
    on_day = {
        row.pk: row.slot_id
        for row in held
        if row.email == email
        and row.area_day_id == area_day.pk
        and row.status in Reservation.Status.ACTIVE
    }
    here = {pk for pk, slot_id in on_day.items() if slot_id == slot.pk}
    if not here and len(on_day) < limit:
        return
    told = set(Reservation.objects.filter(own, pk__in=on_day).values_list("pk", flat=True))
    if here and here <= told:
        raise ReservationError(
            _("This email address already holds a reservation for this time slot."),
            field="email",
            code="duplicate",
        )
    if not here and set(on_day) <= told:
        raise ReservationError(
            _(
                "One email address can hold at most %(limit)d reservations on one day; "
                "this one holds %(held)d already."
            )
            % {"limit": limit, "held": len(on_day)},
            field="email",
            code="limit",
        )
    raise _refused_error()


def _refused_error() -> ReservationError:
    """The one answer to someone who has not shown the address's reservations to be theirs."""
    return ReservationError(
        _(
            "This email address cannot take this reservation. One email address can hold one "
            "reservation per time slot and at most %(limit)d on one day. Please see the mails "
            "we sent you for your reservations."
        )
        % {"limit": settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY},
        field="email",
        code="refused",
    )


def _earlier_attempt(
    held: list[selectors.AddressReservation], *, idempotency_key: str, slot_id: int, email: str
) -> Reservation | None:
    """The reservation this form made already (a double click), if any.

    The key is bound to the slot and address it was made for: sent with another slot or
    address it is a used form, never a way to the reservation it made. ``held`` holds the
    reservation made with the key whatever its address (selectors.address_reservations).
    """
    done = next((row for row in held if row.idempotency_key == idempotency_key), None)
    if done is None:
        return None
    if done.slot_id != slot_id or done.email != email:
        raise _key_used_error()
    return Reservation.objects.get(pk=done.pk)


def _key_used_error() -> ReservationError:
    return ReservationError(
        _(
            "This form was already used for another reservation. Please check your details "
            "and send it again."
        ),
        code="key_used",
    )


def reservation_precheck(
    *,
    slot: Slot,
    email: str,
    adults: int,
    children: int,
    user: AnyUser | None = None,
    remembered_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> None:
    """The checks of reservation_create that need no lock, for the confirm step."""
    slot_check_open(slot=slot, now=now)
    party_check(slot=slot, adults=adults, children=children)
    own = own_reservations_q(user, remembered_ids)
    _email_check(slot=slot, email=normalize(email).lower(), own=own)


@dataclass(frozen=True)
class ReservationPreview:
    """What the confirm step tells the visitor before anything is reserved."""

    # The address's other reservations at overlapping times (of those shown to be theirs).
    overlaps: list[Reservation]
    # No seat is left for this party: going ahead puts it on the waitlist.
    full: bool


def reservation_preview(
    *,
    slot: Slot,
    email: str,
    adults: int,
    children: int,
    user: AnyUser | None = None,
    remembered_ids: Iterable[int] = (),
    check: bool = True,
    now: dt.datetime | None = None,
) -> ReservationPreview:
    """The confirm step's answer: first (with ``check``) the checks of reservation_create
    that need no lock, raising ReservationError; then what the visitor should know before
    going ahead. The final step passes ``check=False``: reservation_create checks under the
    lock, and a double click must find the reservation it made, not a "duplicate".
    """
    remembered_ids = list(remembered_ids)
    if check:
        reservation_precheck(
            slot=slot,
            email=email,
            adults=adults,
            children=children,
            user=user,
            remembered_ids=remembered_ids,
            now=now,
        )
    overlaps = list(
        selectors.overlapping_reservations(
            email=email, slot=slot, user=user, remembered_ids=remembered_ids
        )
    )
    full = (
        slot.programme.takes_reservations
        and not slot.awaits_draw
        and slot.seats_left < adults + children
    )
    return ReservationPreview(overlaps=overlaps, full=full)


# --- Reserve ------------------------------------------------------------------------------


def _full_error(left: int) -> SlotFullError:
    return SlotFullError(
        _("Only %(left)d seats are left in this time slot.") % {"left": left}
        if left
        else _("This time slot is full."),
        code="full",
    )


def reservation_seats_check(
    *, slot: Slot, email: str, adults: int, children: int, idempotency_key: str | None = None
) -> None:
    """Raise SlotFullError when ``slot``, as the caller read it moments ago, has no seats for
    the party: reservation_create's answer without its transaction and locks, for a visitor
    who would not take the waitlist. In a rush nearly everyone who confirms after the last
    seat went gets this answer (docs/benchmarks.md).

    Left to reservation_create whenever its answer could be another: a lottery, or a form
    that made a reservation already (a second click lands on it) or an address that holds
    one in this slot (told so)."""
    if slot.awaits_draw or not slot.programme.takes_reservations:
        return
    left = slot.seats_left
    if adults + children <= left:
        return
    made = Q(slot=slot, email=normalize(email).lower(), status__in=Reservation.Status.HELD)
    if idempotency_key:
        made |= Q(idempotency_key=idempotency_key)
    if Reservation.objects.filter(made).exists():
        return
    raise _full_error(left)


def reservation_create(
    *,
    slot_id: int,
    name: str,
    name_kana: str,
    email: str,
    phone: str,
    adults: int,
    children: int,
    accessibility_needs: str = "",
    heard_from: str = "",
    language: str = "ja",
    idempotency_key: str | None = None,
    user: AnyUser | None = None,
    remembered_ids: Iterable[int] = (),
    join_waitlist: bool = False,
    rules_accepted: bool = False,
    now: dt.datetime | None = None,
) -> Reservation:
    """Reserve seats in a slot, or put the party on its waitlist, or enter its lottery.

    The same ``idempotency_key`` (the form's hidden field) with the same slot and address
    returns the reservation it made the first time, so that a double click or a resubmitted
    form never reserves twice. ``user`` and ``remembered_ids`` (the reservations this browser
    made or opened) say which reservations the visitor may be told of when refused.
    Raises SlotFullError when no seat is left and ``join_waitlist`` is false.
    ``rules_accepted``: the visitor ticked that they read the visitor rules (the time is kept).
    """
    email = normalize(email).lower()
    try:
        with serialised(), transaction.atomic():
            # A second click waits here for the first, then finds the reservation it made.
            lock_email(email)
            slot = lock_slot(slot_id)
            # Everything the checks below need of the address, in one query under the locks.
            held = selectors.address_reservations(
                email=email,
                edition_id=slot.programme.exhibitor.area_day.edition_id,
                idempotency_key=idempotency_key or None,
            )
            if idempotency_key:
                done = _earlier_attempt(
                    held, idempotency_key=idempotency_key, slot_id=slot_id, email=email
                )
                if done is not None:
                    return done
            now = now or timezone.now()
            slot_check_open(slot=slot, now=now)
            party_check(slot=slot, adults=adults, children=children)
            _email_check(
                slot=slot, email=email, own=own_reservations_q(user, remembered_ids), held=held
            )
            party = adults + children
            if slot.awaits_draw:
                status, mail = Reservation.Status.APPLIED, MailKind.APPLIED
            else:
                seated = selectors.seated_count(slot)
                if seated + party <= slot.seats:
                    status, mail = Reservation.Status.CONFIRMED, MailKind.CONFIRMED
                    add_seats(slot, party)
                elif join_waitlist:
                    status, mail = Reservation.Status.WAITLISTED, MailKind.WAITLISTED
                else:
                    raise _full_error(max(slot.seats - seated, 0))
            reservation = Reservation.objects.create(
                slot=slot,
                name=normalize(name),
                name_kana=normalize(name_kana),
                email=email,
                phone=normalize_phone(phone),
                adults=adults,
                children=children,
                accessibility_needs=normalize_multiline(accessibility_needs),
                heard_from=heard_from,
                status=status,
                language=language if language in dict(settings.LANGUAGES) else "ja",
                idempotency_key=idempotency_key or None,
                user=user if isinstance(user, User) else None,  # signed in
                rules_accepted_at=now if rules_accepted else None,
                visitor_pass_id=pass_for_reservation(
                    edition_id=slot.programme.exhibitor.area_day.edition_id,
                    held=held,
                    email=email,
                    adults=adults,
                    children=children,
                ),
            )
            reservation_mail_enqueue(reservation.pk, mail)
            return reservation
    except IntegrityError as error:
        # Only reachable if two requests race past the checks: the constraints held.
        if "openfactory_slot_not_overbooked" in str(error):
            raise SlotFullError(_("This time slot is full."), code="full") from None
        if "idempotency_key" in str(error):
            raise _key_used_error() from None
        raise _refused_error() from None
    except OperationalError:
        raise busy_error() from None


# --- Cancel and promote -------------------------------------------------------------------


def promote(slot: Slot, now: dt.datetime) -> list[Reservation]:
    """Give freed seats to waitlisted parties in turn, each that fits (the slot is locked by
    the caller, and ``slot.seats_taken`` is current)."""
    if slot.is_closed(now):
        return []
    free = slot.seats - slot.seats_taken
    promoted = []
    for reservation in Reservation.objects.filter(slot=slot).waitlist().select_for_update():
        if free <= 0:
            break
        if reservation.party_size <= free:
            reservation.status = Reservation.Status.CONFIRMED
            reservation.save(update_fields=["status", "updated_at"])
            free -= reservation.party_size
            promoted.append(reservation)
    if promoted:
        add_seats(slot, sum(r.party_size for r in promoted))
        for reservation in promoted:
            reservation_mail_enqueue(reservation.pk, MailKind.PROMOTED)
    return promoted


def reservation_cancel(*, token: str, now: dt.datetime | None = None) -> Reservation:
    """Cancel the reservation of this token; freed seats go to the waitlist."""
    now = now or timezone.now()
    try:
        with serialised(), transaction.atomic():
            set_lock_timeout()
            found = Reservation.objects.filter(token=token).values_list("slot_id", flat=True)
            slot_id = found.first() if token else None
            if slot_id is None:
                raise ReservationError(_("This reservation link is not valid."), code="token")
            slot = lock_slot(slot_id)
            reservation = Reservation.objects.select_for_update().get(token=token)
            if not reservation.is_cancellable:
                raise ReservationError(
                    _("This reservation cannot be cancelled (%(status)s).")
                    % {"status": reservation.get_status_display()},
                    code="status",
                )
            if now >= slot.starts_at:
                raise ReservationError(
                    _("This time slot has started; it can no longer be cancelled online."),
                    code="past",
                )
            was_seated = reservation.status in Reservation.Status.SEATED
            reservation.status = Reservation.Status.CANCELLED
            reservation.cancelled_at = now
            reservation.save(update_fields=["status", "cancelled_at", "updated_at"])
            reservation_mail_enqueue(reservation.pk, MailKind.CANCELLED)
            if was_seated:
                add_seats(slot, -reservation.party_size)
                promote(slot, now)
            return reservation
    except OperationalError:
        raise busy_error() from None


def waitlist_promote(*, slot_id: int, now: dt.datetime | None = None) -> list[Reservation]:
    """Recount a slot and promote waitlisted parties into free seats (after seats were added)."""
    now = now or timezone.now()
    with serialised(), transaction.atomic():
        set_lock_timeout()
        slot = lock_slot(slot_id)
        store_seats_taken(slot, selectors.seated_count(slot))
        return promote(slot, now)


# --- Details corrected by city staff ------------------------------------------------------


def reservation_details_update(
    *,
    reservation_id: int,
    name: str,
    name_kana: str,
    email: str,
    phone: str,
    accessibility_needs: str = "",
    heard_from: str = "",
) -> Reservation:
    """Correct a visitor's details (a typo told on the phone), stored as the public form
    stores them. The slot, party, status and seats change only through the workflows above."""
    with transaction.atomic():
        reservation = Reservation.objects.select_for_update(of=("self",)).get(pk=reservation_id)
        reservation.name = normalize(name)
        reservation.name_kana = normalize(name_kana)
        reservation.email = normalize(email).lower()
        reservation.phone = normalize_phone(phone)
        reservation.accessibility_needs = normalize_multiline(accessibility_needs)
        reservation.heard_from = heard_from
        try:
            with transaction.atomic():
                reservation.save(
                    update_fields=[
                        "name",
                        "name_kana",
                        "email",
                        "phone",
                        "accessibility_needs",
                        "heard_from",
                        "updated_at",
                    ]
                )
        except IntegrityError:
            raise ReservationError(
                _("This email address already holds a reservation for this time slot."),
                field="email",
                code="duplicate",
            ) from None
        return reservation


# --- Retention ----------------------------------------------------------------------------


def reservations_anonymise(*, today: dt.date | None = None) -> int:
    """Remove visitors' personal data once the retention period after their day has passed.

    Kept for the statistics: the slot, party size, status and how they heard of it.
    """
    today = today or timezone.localdate()
    # The privacy notice promises removal N days after the day: on that day, not the next.
    last_day = today - dt.timedelta(days=settings.OPENFACTORY_RETENTION_DAYS)
    with transaction.atomic():
        expired = Reservation.objects.filter(
            anonymised_at__isnull=True, slot__programme__exhibitor__area_day__date__lte=last_day
        )
        ids = [str(pk) for pk in expired.values_list("pk", flat=True)]
        count = expired.update(
            name="",
            name_kana="",
            email="",
            phone="",
            accessibility_needs="",
            idempotency_key=None,
            user=None,
            anonymised_at=timezone.now(),
        )
        _admin_history_forget_names(ids)
        pages_changed()  # staff's pages name visitors (update() sends no signal)
        return count


def _admin_history_forget_names(ids: list[str]) -> None:
    """Name these reservations by their code alone in the admin's history: entries written
    before ``Reservation.__str__`` left the visitor's name out still carry it."""
    code = Reservation.objects.filter(pk=Cast(OuterRef("object_id"), BigIntegerField()))
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Reservation))
    for start in range(0, len(ids), 1000):
        entries.filter(object_id__in=ids[start : start + 1000]).update(
            object_repr=Subquery(code.values("code")[:1])
        )


@shared_task(base=PeriodicJob, name="openfactory.tasks.anonymise_expired_reservations")
def anonymise_expired_reservations() -> int:
    return reservations_anonymise()
