"""Reservation workflows: reserve, join the waitlist, cancel, promote, draw a lottery.

Seats are limited, so every change that takes or frees seats runs in one transaction that
first locks the slot's row (``SELECT … FOR UPDATE`` with a lock timeout on PostgreSQL), then
counts the seated reservations, then writes; ``Slot.seats_taken`` is written in the same
transaction and the database refuses it above ``Slot.seats``. SQLite has no row locks: there a
process-wide lock serialises these transactions (SQLite itself serialises writers between
processes), which is enough for ``make run``.

Mails are sent by Celery tasks enqueued on commit; a task that runs twice sends one mail.
"""

import datetime as dt
import hashlib
import re
import secrets
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ServiceError
from japanese.text import normalize, normalize_multiline
from japanese.validators import normalize_phone

from .models import PROGRAMME_FIELDS, Reservation, ReservationMail, Slot
from .policies import own_reservations_q

_SQLITE_LOCK = threading.RLock()

# Test-only switch: tests/openfactory/test_concurrency.py turns the slot's row lock (and on
# SQLite the process lock) off for one control run, to prove that its race test sees an
# overbooking when nothing prevents it. No setting or environment variable reaches it, and a
# test checks that no other module names it.
_ROW_LOCKS = True

MailKind = ReservationMail.Kind


class ReservationError(ServiceError):
    """A reservation cannot be made or changed; the message is for the visitor.

    ``field`` names the form field the message belongs beside, if any.
    """


class SlotFullError(ReservationError):
    """No seat is left; the visitor may join the waitlist instead."""


# --- Locking ------------------------------------------------------------------------------


@contextmanager
def _serialised() -> Iterator[None]:
    """On SQLite, one seat-changing transaction at a time in this process."""
    if connection.vendor == "sqlite" and _ROW_LOCKS:
        with _SQLITE_LOCK:
            yield
    else:
        yield


def _set_lock_timeout() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', %s, true)",
                [f"{int(settings.OPENFACTORY_LOCK_TIMEOUT_MS)}ms"],
            )


def _lock_email(email: str) -> None:
    """Serialise one address's reservations (the per-day limit) without locking a day."""
    if connection.vendor == "postgresql" and email:
        key = int.from_bytes(hashlib.sha256(email.encode()).digest()[:8], "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _lock_slot(slot_id: int) -> Slot:
    slots = Slot.objects.select_for_update(of=("self",)) if _ROW_LOCKS else Slot.objects
    try:
        return slots.select_related("programme__exhibitor__area_day__edition").get(pk=slot_id)
    except Slot.DoesNotExist:
        raise ReservationError(_("This time slot does not exist."), code="no_slot") from None


def _busy_error() -> ReservationError:
    return ReservationError(
        _("Many people are reserving right now. Please try again in a moment."), code="busy"
    )


def _seated_count(slot: Slot) -> int:
    total = (
        Reservation.objects.filter(slot=slot, status__in=Reservation.SEATED).aggregate(
            n=Sum(F("adults") + F("children"))
        )["n"]
        or 0
    )
    return total


def _store_seats_taken(slot: Slot, seats_taken: int) -> None:
    slot.seats_taken = seats_taken
    Slot.objects.filter(pk=slot.pk).update(seats_taken=seats_taken)


def _add_seats(slot: Slot, delta: int) -> None:
    """Change the count relative to what the database holds, so that its check constraint
    (never above the seats) refuses an overbooking even if the lock were ever bypassed."""
    Slot.objects.filter(pk=slot.pk).update(seats_taken=F("seats_taken") + delta)
    slot.seats_taken += delta


# --- Mails --------------------------------------------------------------------------------


def _enqueue_mail(reservation_id: int, kind: str) -> None:
    from .tasks import send_reservation_mail

    # robust: the reservation is committed already; a broker outage must not turn it into an
    # error page. The periodic sweep (mails_missing) sends what never went out.
    transaction.on_commit(lambda: send_reservation_mail.delay(reservation_id, kind), robust=True)


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
    if not programme.takes_reservations:
        raise ReservationError(
            _("This programme takes no reservations: come on the day."), code="walk_in"
        )
    if now >= slot.starts_at:
        raise ReservationError(_("This time slot is already over."), code="past")
    if slot.is_closed(now):
        raise ReservationError(
            _("Reservations for this time slot closed at %(time)s.")
            % {"time": timezone.localtime(slot.closes_at).strftime("%Y-%m-%d %H:%M")},
            code="closed",
        )
    if programme.is_lottery and slot.drawn_at is None and now >= programme.lottery_closes_at:
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


def _email_check(*, slot: Slot, email: str, own: Q) -> None:
    """One reservation per address and slot, and a few per address and area day.

    The exact reason (which slot, how many) is told only when the reservations in the way
    are ones the visitor has shown to be theirs (``own``, see policies.own_reservations_q);
    anyone else typing the address gets one message for both rules that names nothing.
    """
    area_day = slot.programme.exhibitor.area_day
    limit = settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY
    held = dict(
        Reservation.objects.active()
        .filter(email=email, slot__programme__exhibitor__area_day=area_day)
        .values_list("pk", "slot_id")
    )
    here = {pk for pk, slot_id in held.items() if slot_id == slot.pk}
    if not here and len(held) < limit:
        return
    told = set(Reservation.objects.filter(own, pk__in=held).values_list("pk", flat=True))
    if here and here <= told:
        raise ReservationError(
            _("This email address already holds a reservation for this time slot."),
            field="email",
            code="duplicate",
        )
    if not here and set(held) <= told:
        raise ReservationError(
            _(
                "One email address can hold at most %(limit)d reservations on one day; "
                "this one holds %(held)d already."
            )
            % {"limit": limit, "held": len(held)},
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


def _earlier_attempt(*, idempotency_key: str, slot_id: int, email: str) -> Reservation | None:
    """The reservation this form made already (a double click), if any.

    The key is bound to the slot and address it was made for: sent with another slot or
    address it is a used form, never a way to the reservation it made.
    """
    done = Reservation.objects.filter(idempotency_key=idempotency_key).first()
    if done is not None and (done.slot_id != slot_id or done.email != email):
        raise _key_used_error()
    return done


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
    user=None,
    remembered_ids: Iterable[int] = (),
    now: dt.datetime | None = None,
) -> None:
    """The checks of reservation_create that need no lock, for the confirm step."""
    slot_check_open(slot=slot, now=now)
    party_check(slot=slot, adults=adults, children=children)
    own = own_reservations_q(user, remembered_ids)
    _email_check(slot=slot, email=normalize(email).lower(), own=own)


# --- Reserve ------------------------------------------------------------------------------


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
    user=None,
    remembered_ids: Iterable[int] = (),
    join_waitlist: bool = False,
    now: dt.datetime | None = None,
) -> Reservation:
    """Reserve seats in a slot, or put the party on its waitlist, or enter its lottery.

    The same ``idempotency_key`` (the form's hidden field) with the same slot and address
    returns the reservation it made the first time, so that a double click or a resubmitted
    form never reserves twice. ``user`` and ``remembered_ids`` (the reservations this browser
    made or opened) say which reservations the visitor may be told of when refused.
    Raises SlotFullError when no seat is left and ``join_waitlist`` is false.
    """
    email = normalize(email).lower()
    attempt = {"idempotency_key": idempotency_key, "slot_id": slot_id, "email": email}
    try:
        with _serialised(), transaction.atomic():
            _set_lock_timeout()
            if idempotency_key:
                done = _earlier_attempt(**attempt)
                if done is not None:
                    return done
            _lock_email(email)
            slot = _lock_slot(slot_id)
            if idempotency_key:
                # Looked up again under the lock: a second click waited for the first.
                done = _earlier_attempt(**attempt)
                if done is not None:
                    return done
            now = now or timezone.now()
            slot_check_open(slot=slot, now=now)
            party_check(slot=slot, adults=adults, children=children)
            _email_check(slot=slot, email=email, own=own_reservations_q(user, remembered_ids))
            programme = slot.programme
            party = adults + children
            if programme.is_lottery and slot.drawn_at is None:
                status, mail = Reservation.Status.APPLIED, MailKind.APPLIED
            else:
                seated = _seated_count(slot)
                if seated + party <= slot.seats:
                    status, mail = Reservation.Status.CONFIRMED, MailKind.CONFIRMED
                    _add_seats(slot, party)
                elif join_waitlist:
                    status, mail = Reservation.Status.WAITLISTED, MailKind.WAITLISTED
                else:
                    left = max(slot.seats - seated, 0)
                    raise SlotFullError(
                        _("Only %(left)d seats are left in this time slot.") % {"left": left}
                        if left
                        else _("This time slot is full."),
                        code="full",
                    )
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
                user=user if getattr(user, "is_authenticated", False) else None,
            )
            _enqueue_mail(reservation.pk, mail)
            return reservation
    except IntegrityError as error:
        # Only reachable if two requests race past the checks: the constraints held.
        if "openfactory_slot_not_overbooked" in str(error):
            raise SlotFullError(_("This time slot is full."), code="full") from None
        if "idempotency_key" in str(error):
            raise _key_used_error() from None
        raise _refused_error() from None
    except OperationalError:
        raise _busy_error() from None


# --- Cancel and promote -------------------------------------------------------------------


def _promote(slot: Slot, now: dt.datetime) -> list[Reservation]:
    """Give freed seats to waitlisted parties in turn, each that fits (the slot is locked)."""
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
        _add_seats(slot, sum(r.party_size for r in promoted))
        for reservation in promoted:
            _enqueue_mail(reservation.pk, MailKind.PROMOTED)
    return promoted


def reservation_cancel(*, token: str, now: dt.datetime | None = None) -> Reservation:
    """Cancel the reservation of this token; freed seats go to the waitlist."""
    now = now or timezone.now()
    try:
        with _serialised(), transaction.atomic():
            _set_lock_timeout()
            found = Reservation.objects.filter(token=token).values_list("slot_id", flat=True)
            slot_id = found.first() if token else None
            if slot_id is None:
                raise ReservationError(_("This reservation link is not valid."), code="token")
            slot = _lock_slot(slot_id)
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
            was_seated = reservation.status in Reservation.SEATED
            reservation.status = Reservation.Status.CANCELLED
            reservation.cancelled_at = now
            reservation.save(update_fields=["status", "cancelled_at", "updated_at"])
            _enqueue_mail(reservation.pk, MailKind.CANCELLED)
            if was_seated:
                _add_seats(slot, -reservation.party_size)
                _promote(slot, now)
            return reservation
    except OperationalError:
        raise _busy_error() from None


def waitlist_promote(*, slot_id: int, now: dt.datetime | None = None) -> list[Reservation]:
    """Recount a slot and promote waitlisted parties into free seats (after seats were added)."""
    now = now or timezone.now()
    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        slot = _lock_slot(slot_id)
        _store_seats_taken(slot, _seated_count(slot))
        return _promote(slot, now)


# --- Lottery ------------------------------------------------------------------------------


def lottery_draw(
    *, slot_id: int, now: dt.datetime | None = None, rng: secrets.SystemRandom | None = None
) -> list[Reservation]:
    """Draw a lottery slot: entries in a random order, seated while seats last, the others
    waitlisted in draw order. Drawing twice changes nothing; the order is kept in draw_order.
    """
    now = now or timezone.now()
    rng = rng or secrets.SystemRandom()
    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        slot = _lock_slot(slot_id)
        programme = slot.programme
        if not programme.is_lottery or slot.drawn_at is not None:
            return []
        if now < programme.lottery_closes_at:
            raise ReservationError(_("Lottery entries are still open."), code="not_yet")
        entries = list(
            Reservation.objects.filter(slot=slot, status=Reservation.Status.APPLIED)
            .order_by("pk")
            .select_for_update()
        )
        rng.shuffle(entries)
        free = slot.seats - _seated_count(slot)
        mails = []
        for order, entry in enumerate(entries, start=1):
            entry.draw_order = order
            if entry.party_size <= free:
                entry.status = Reservation.Status.CONFIRMED
                free -= entry.party_size
                mails.append((entry.pk, MailKind.LOTTERY_WON))
            else:
                entry.status = Reservation.Status.WAITLISTED
                mails.append((entry.pk, MailKind.LOTTERY_WAITLISTED))
            entry.updated_at = now
        Reservation.objects.bulk_update(entries, ["draw_order", "status", "updated_at"])
        _add_seats(slot, sum(e.party_size for e in entries if e.status in Reservation.SEATED))
        slot.drawn_at = now
        Slot.objects.filter(pk=slot.pk).update(drawn_at=now)
        for pk, kind in mails:
            _enqueue_mail(pk, kind)
        return entries


def lottery_slots_due(*, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Slot.objects.filter(
            programme__allocation="lottery",
            programme__lottery_closes_at__lte=now,
            drawn_at__isnull=True,
        ).values_list("pk", flat=True)
    )


# --- Mail, reminders, retention -----------------------------------------------------------


def reservation_mail_send(*, reservation_id: int, kind: str) -> bool:
    """Send one mail of a kind about a reservation, once; False if it was sent already."""
    from .mails import reservation_message

    with transaction.atomic():
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related(
                "slot__programme__exhibitor__company", "slot__programme__exhibitor__area_day__area"
            )
            .filter(pk=reservation_id)
            .first()
        )
        if reservation is None or reservation.anonymised_at or not reservation.email:
            return False
        if ReservationMail.objects.filter(reservation=reservation, kind=kind).exists():
            return False
        reservation_message(reservation, kind).send()
        ReservationMail.objects.create(reservation=reservation, kind=kind)
    return True


def mails_missing(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Reservations whose mail for their present status never went out (the broker was
    down when they were made): changed more than 5 minutes and less than 2 days ago."""
    now = now or timezone.now()
    recent = {
        "updated_at__lt": now - dt.timedelta(minutes=5),
        "updated_at__gt": now - dt.timedelta(days=2),
    }
    status = Reservation.Status
    expected = {
        status.CONFIRMED: [MailKind.CONFIRMED, MailKind.PROMOTED, MailKind.LOTTERY_WON],
        status.WAITLISTED: [MailKind.WAITLISTED, MailKind.LOTTERY_WAITLISTED],
        status.APPLIED: [MailKind.APPLIED],
        status.CANCELLED: [MailKind.CANCELLED],
    }
    missing = []
    for state, kinds in expected.items():
        rows = (
            Reservation.objects.filter(status=state, anonymised_at__isnull=True, **recent)
            .exclude(mails__kind__in=kinds)
            .values_list("pk", "draw_order")
        )
        for pk, draw_order in rows:
            lottery = draw_order is not None and len(kinds) > 1
            missing.append((pk, kinds[-1] if lottery else kinds[0]))
    return missing


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


# --- Reception (受付) -----------------------------------------------------------------------


def normalize_code(value: str) -> str:
    """What staff type or the camera reads: 全角, lower case, spaces and hyphens allowed."""
    return re.sub(r"[^A-Z0-9]", "", normalize(value).upper())


def reservation_check_in(
    *,
    exhibitor_id: int,
    code: str = "",
    reservation_id: int | None = None,
    above_seats: bool = False,
    now=None,
) -> Reservation:
    """Check a visitor in at a company's reception, by the typed or scanned code or a tap.

    Two phones checking the same visitor in at once check them in once. A code of another
    company's visitor is answered like a code that does not exist: reception learns nothing
    of other companies' visitors. A visitor marked a no-show takes seats again when checked
    in late; if staff have reduced the seats since and they no longer fit, reception is told
    so and checks them in only ``above_seats``, which raises the slot's seats to fit: they
    came with a reservation, and count as such (not as a no-show, nor as a walk-in).
    """
    now = now or timezone.now()
    mine = Reservation.objects.filter(slot__programme__exhibitor_id=exhibitor_id)
    if reservation_id is not None:
        found = mine.filter(pk=reservation_id)
    else:
        wanted = normalize_code(code)
        if not wanted:
            raise ReservationError(_("Enter the check-in code."), field="code", code="empty")
        found = mine.filter(code=wanted)
    try:
        with _serialised(), transaction.atomic():
            _set_lock_timeout()
            # The slot first, then the reservation: the order of every seat-changing workflow.
            slot_id = found.values_list("slot_id", flat=True).first()
            if slot_id is not None:
                _lock_slot(slot_id)
            reservation = found.select_for_update(of=("self",)).select_related("slot").first()
            if reservation is None and reservation_id is None:
                raise ReservationError(
                    _("No reservation has the code %(code)s. Check it with the visitor.")
                    % {"code": wanted},
                    field="code",
                    code="unknown",
                )
            if reservation is None:
                raise ReservationError(_("No such reservation here."), code="unknown")
            _check_in(reservation, above_seats=above_seats, now=now)
            return reservation
    except OperationalError:
        raise _busy_error() from None


def _check_in(reservation: Reservation, *, above_seats: bool, now) -> None:
    status = Reservation.Status
    if reservation.status == status.ATTENDED:
        raise ReservationError(
            _("%(name)s was checked in already at %(time)s.")
            % {
                "name": reservation.name,
                "time": timezone.localtime(reservation.checked_in_at).strftime("%H:%M"),
            },
            code="already",
        )
    if reservation.status not in (status.CONFIRMED, status.NO_SHOW):
        raise ReservationError(
            _("This reservation is not confirmed (%(status)s): it cannot be checked in.")
            % {"status": reservation.get_status_display()},
            code="status",
        )
    if reservation.status == status.NO_SHOW:
        # Came late after all: the seats count again.
        slot = reservation.slot  # read after its row was locked: current
        missing = slot.seats_taken + reservation.party_size - slot.seats
        if missing > 0:
            if not above_seats:
                raise ReservationError(
                    _(
                        "%(name)s was marked a no-show, and the seats of this time slot were "
                        "reduced since: all %(seats)d are taken. To take them in all the same, "
                        "press “Check in above the seats” beside their name (the time slot "
                        "then has more seats)."
                    )
                    % {"name": reservation.name, "seats": slot.seats},
                    code="over_seats",
                )
            Slot.objects.filter(pk=slot.pk).update(seats=F("seats") + missing)
            slot.seats += missing
        _add_seats(slot, reservation.party_size)
    reservation.status = status.ATTENDED
    reservation.checked_in_at = now
    reservation.save(update_fields=["status", "checked_in_at", "updated_at"])


def reservation_check_in_undo(*, exhibitor_id: int, reservation_id: int) -> Reservation:
    """A wrong tap: back to confirmed."""
    with transaction.atomic():
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .filter(slot__programme__exhibitor_id=exhibitor_id, pk=reservation_id)
            .first()
        )
        if reservation is None or reservation.status != Reservation.Status.ATTENDED:
            raise ReservationError(_("This visitor is not checked in."), code="status")
        reservation.status = Reservation.Status.CONFIRMED
        reservation.checked_in_at = None
        reservation.save(update_fields=["status", "checked_in_at", "updated_at"])
        return reservation


def slot_mark_no_shows(*, slot_id: int, now=None) -> int:
    """After a slot has started, confirmed visitors who did not come are marked no-shows."""
    now = now or timezone.now()
    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        slot = _lock_slot(slot_id)
        if now < slot.starts_at:
            raise ReservationError(_("The time slot has not started yet."), code="not_started")
        absent = list(
            Reservation.objects.filter(
                slot=slot, status=Reservation.Status.CONFIRMED
            ).select_for_update()
        )
        for reservation in absent:
            reservation.status = Reservation.Status.NO_SHOW
            reservation.updated_at = now
        Reservation.objects.bulk_update(absent, ["status", "updated_at"])
        _add_seats(slot, -sum(r.party_size for r in absent))
        return len(absent)


def walk_in_add(*, programme_id: int, date: dt.date, delta: int) -> int:
    """+1/−1 at a programme's reception. Changes are relative (F()), so that taps on two
    phones at once are all counted; the count never goes below zero."""
    from .models import ReceptionCount

    if delta not in (1, -1):
        raise ReservationError(_("Count one visitor at a time."), code="delta")
    with _serialised(), transaction.atomic():
        ReceptionCount.objects.get_or_create(programme_id=programme_id, date=date)
        counts = ReceptionCount.objects.filter(programme_id=programme_id, date=date)
        if delta < 0:
            counts = counts.filter(walk_ins__gte=1)
        counts.update(walk_ins=F("walk_ins") + delta, updated_at=timezone.now())
        return (
            ReceptionCount.objects.filter(programme_id=programme_id, date=date)
            .values_list("walk_ins", flat=True)
            .get()
        )


# --- Programmes and slots, run by the company's staff (and city staff) --------------------


class ProgrammeError(ServiceError):
    """A programme or slot cannot be changed so; the message is for the company's staff.

    ``field`` names the form field the message belongs beside, if any.
    """


PROGRAMME_PHOTO_LONGEST = 1600
# Reservations that a visitor still holds or that the statistics count.
_HELD = ("applied", "confirmed", "waitlisted", "attended", "no_show")


def _held_counts(slots) -> dict[str, int]:
    """People per status of the reservations that still matter in these slots."""
    rows = (
        Reservation.objects.filter(slot__in=slots, status__in=_HELD)
        .values("status")
        .annotate(n=Sum(F("adults") + F("children")))
    )
    return {row["status"]: row["n"] or 0 for row in rows}


def _held_message(counts: dict[str, int], what: str) -> str:
    seated = counts.get("confirmed", 0) + counts.get("attended", 0)
    if seated:
        return _(
            "%(what)s holds confirmed reservations for %(people)d people, so it cannot be "
            "deleted. The visitors must be told first: please contact the secretariat "
            "(city staff), who can cancel the reservations and mail them."
        ) % {"what": what, "people": seated}
    return _(
        "%(what)s holds reservations (waitlist, lottery entries or past visits), so it "
        "cannot be deleted. Please contact the secretariat (city staff)."
    ) % {"what": what}


def programme_photo_set(*, programme, photo=None, remove: bool = False) -> None:
    """Store a checked photo (``images.photos.CleanImage``) resized as a JPEG without
    metadata, or remove the photo; the old file is deleted once the change is committed."""
    from images.photos import as_file, resized

    old = programme.photo.name if programme.photo else ""
    if photo is not None:
        image = resized(photo.image, PROGRAMME_PHOTO_LONGEST)
        name = f"{secrets.token_hex(8)}.jpg"
        programme.photo.save(name, as_file(image, "JPEG", name), save=False)
    elif remove and old:
        programme.photo = ""
    else:
        return
    Programme = type(programme)
    Programme.objects.filter(pk=programme.pk).update(photo=programme.photo.name or "")
    if old:
        storage = programme.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


def _programme_check(programme, *, held: bool, before: dict | None) -> None:
    """The rules every programme keeps, whoever saves it."""
    from django.core.exceptions import ValidationError

    area_day = programme.exhibitor.area_day
    if programme.allocation == programme.Allocation.LOTTERY:
        if programme.admission != programme.Admission.RESERVATION:
            raise ProgrammeError(
                _("A walk-in programme has no lottery: choose reservations or first come."),
                field="allocation",
            )
        if programme.lottery_closes_at is None:
            raise ProgrammeError(
                _("A lottery needs the time its entries close."), field="lottery_closes_at"
            )
        day_start = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time.min))
        if programme.lottery_closes_at >= day_start:
            raise ProgrammeError(
                _("Lottery entries must close before the day of the open factory."),
                field="lottery_closes_at",
            )
    if held and before is not None:
        for name in ("admission", "allocation"):
            if before[name] != getattr(programme, name):
                raise ProgrammeError(
                    _(
                        "This programme holds reservations, so this cannot change now. "
                        "Please contact the secretariat (city staff) if it must change."
                    ),
                    field=name,
                )
    try:
        programme.full_clean(exclude=["photo", "exhibitor"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ProgrammeError(messages[0], field=None if field == "__all__" else field) from None


def programme_create(*, exhibitor, data: dict, photo=None):
    """A new programme of an exhibitor, from the checked form data (PROGRAMME_FIELDS)."""
    from .models import Programme

    with transaction.atomic():
        programme = Programme(exhibitor=exhibitor, **{k: data[k] for k in PROGRAMME_FIELDS})
        if programme.allocation != Programme.Allocation.LOTTERY:
            programme.lottery_closes_at = None
        _programme_check(programme, held=False, before=None)
        programme.save()
        programme_photo_set(programme=programme, photo=photo)
        return programme


def programme_update(*, programme_id: int, data: dict, photo=None, remove_photo: bool = False):
    """Change a programme; its slots are locked so that no reservation slips in between the
    check ("does it hold reservations?") and the change of how it takes them."""
    from .models import Programme

    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        programme = (
            Programme.objects.select_for_update(of=("self",))
            .select_related("exhibitor__area_day")
            .get(pk=programme_id)
        )
        slots = list(Slot.objects.select_for_update().filter(programme=programme).order_by("pk"))
        before = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
        for name in PROGRAMME_FIELDS:
            setattr(programme, name, data[name])
        if programme.allocation != Programme.Allocation.LOTTERY:
            programme.lottery_closes_at = None
        held = (
            bool(slots)
            and Reservation.objects.filter(slot__in=slots, status__in=Reservation.ACTIVE).exists()
        )
        _programme_check(programme, held=held, before=before)
        programme.save()
        programme_photo_set(programme=programme, photo=photo, remove=remove_photo)
        return programme


def programme_delete(*, programme_id: int) -> None:
    """Delete a programme and its slots, unless someone holds a reservation in them."""
    from .models import Programme, ReceptionCount

    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        programme = Programme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            raise ProgrammeError(_("This programme does not exist any more."), code="gone")
        slots = list(Slot.objects.select_for_update().filter(programme=programme).order_by("pk"))
        counts = _held_counts(slots)
        if counts:
            raise ProgrammeError(_held_message(counts, _("This programme")), code="held")
        if ReceptionCount.objects.filter(programme=programme, walk_ins__gt=0).exists():
            raise ProgrammeError(
                _(
                    "Walk-in visitors were counted for this programme, so it cannot be "
                    "deleted. Please contact the secretariat (city staff)."
                ),
                code="counted",
            )
        photo = programme.photo.name if programme.photo else ""
        storage = programme.photo.storage
        Reservation.objects.filter(slot__in=slots).delete()  # cancelled ones only, by now
        programme.delete()
        if photo:
            transaction.on_commit(lambda: storage.delete(photo))


def _slot_check(*, programme, starts_at, ends_at, seats: int, reservations_close_at) -> None:
    area_day = programme.exhibitor.area_day
    if seats is None or seats < 0:
        raise ProgrammeError(_("Enter the number of seats."), field="seats")
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if timezone.localtime(value).date() != area_day.date:
            from japanese.templatetags.japanese import jdate

            raise ProgrammeError(
                _("A time slot must be on the area day, %(date)s.")
                % {"date": jdate(area_day.date)},
                field=field,
            )
    if ends_at <= starts_at:
        raise ProgrammeError(_("The end must be after the start."), field="ends_at")
    if reservations_close_at is not None and reservations_close_at > starts_at:
        raise ProgrammeError(
            _("Reservations must close before the time slot starts."),
            field="reservations_close_at",
        )


def slot_create(
    *,
    programme_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    seats: int,
    reservations_close_at: dt.datetime | None = None,
) -> Slot:
    from .models import Programme

    with transaction.atomic():
        programme = Programme.objects.select_related("exhibitor__area_day").get(pk=programme_id)
        _slot_check(
            programme=programme,
            starts_at=starts_at,
            ends_at=ends_at,
            seats=seats,
            reservations_close_at=reservations_close_at,
        )
        return Slot.objects.create(
            programme=programme,
            starts_at=starts_at,
            ends_at=ends_at,
            seats=seats,
            reservations_close_at=reservations_close_at,
        )


def slot_update(
    *,
    slot_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    seats: int,
    reservations_close_at: dt.datetime | None = None,
    may_move_reserved: bool = False,
    now: dt.datetime | None = None,
) -> Slot:
    """Change a slot's times and seats under its row lock: never fewer seats than the people
    seated in it; added seats go to the waitlist at once. The visitors of a slot were mailed
    its time, so only city staff (``may_move_reserved``) move a slot that holds reservations.
    """
    now = now or timezone.now()
    try:
        with _serialised(), transaction.atomic():
            _set_lock_timeout()
            slot = _lock_slot(slot_id)
            _slot_check(
                programme=slot.programme,
                starts_at=starts_at,
                ends_at=ends_at,
                seats=seats,
                reservations_close_at=reservations_close_at,
            )
            seated = _seated_count(slot)
            if seats < seated:
                raise ProgrammeError(
                    _(
                        "%(taken)d seats are taken by confirmed reservations: the slot cannot "
                        "have fewer seats than that. Please contact the secretariat (city "
                        "staff) if reservations must be cancelled."
                    )
                    % {"taken": seated},
                    field="seats",
                    code="seats_taken",
                )
            moved = (starts_at, ends_at) != (slot.starts_at, slot.ends_at)
            if moved and not may_move_reserved:
                held = Reservation.objects.filter(slot=slot, status__in=Reservation.ACTIVE)
                if held.exists():
                    raise ProgrammeError(
                        _(
                            "The visitors of this time slot were told its time, so it cannot "
                            "move. The secretariat (city staff) can move it and mail them."
                        ),
                        field="starts_at",
                        code="moved",
                    )
            slot.starts_at, slot.ends_at = starts_at, ends_at
            slot.seats, slot.seats_taken = seats, seated
            slot.reservations_close_at = reservations_close_at
            slot.save(
                update_fields=[
                    "starts_at",
                    "ends_at",
                    "seats",
                    "seats_taken",
                    "reservations_close_at",
                ]
            )
            if not (slot.programme.is_lottery and slot.drawn_at is None):
                _promote(slot, now)
            return slot
    except OperationalError:
        raise ProgrammeError(
            _("Many people are reserving right now. Please try again in a moment."), code="busy"
        ) from None


def slot_delete(*, slot_id: int) -> None:
    """Delete a slot, unless someone holds a reservation in it (cancelled ones go with it)."""
    with _serialised(), transaction.atomic():
        _set_lock_timeout()
        try:
            slot = _lock_slot(slot_id)
        except ReservationError:
            raise ProgrammeError(
                _("This time slot does not exist any more."), code="gone"
            ) from None
        counts = _held_counts([slot])
        if counts:
            raise ProgrammeError(_held_message(counts, _("This time slot")), code="held")
        Reservation.objects.filter(slot=slot).delete()
        slot.delete()


# --- Announcements: the secretariat mails everyone holding a reservation ------------------


class AnnouncementError(ServiceError):
    """An announcement cannot be written so; ``field`` names the form field, if any."""


# Who is mailed: everyone who still expects to come or to hear (lottery entrants too).
ANNOUNCED = ("applied", "confirmed", "waitlisted")


def announcement_target_label(*, area_day, slot=None) -> str:
    from japanese.templatetags.japanese import jdate

    day = f"{area_day.area.name} {jdate(area_day.date)}"
    if slot is None:
        return day[:300]
    start, end = timezone.localtime(slot.starts_at), timezone.localtime(slot.ends_at)
    programme = slot.programme
    return (
        f"{day} {start:%H:%M}–{end:%H:%M} {programme.title} ({programme.exhibitor.company.name})"
    )[:300]


def announcement_create(
    *,
    area_day,
    slot=None,
    subject: str,
    body: str,
    subject_en: str = "",
    body_en: str = "",
    created_by=None,
    idempotency_key: str | None = None,
):
    """Store an announcement and enqueue its sending once the transaction commits.

    The same ``idempotency_key`` (the form's hidden field) returns the first announcement, so
    that a double click never mails everyone twice.
    """
    from .models import Announcement
    from .selectors import announcement_recipient_count

    subject, subject_en = normalize(subject), normalize(subject_en)
    body, body_en = normalize_multiline(body), normalize_multiline(body_en)
    if not subject:
        raise AnnouncementError(_("Write a subject."), field="subject")
    if not body:
        raise AnnouncementError(_("Write the message."), field="body")
    if bool(subject_en) != bool(body_en):
        raise AnnouncementError(
            _("For an English version, write both its subject and its message."),
            field="body_en" if subject_en else "subject_en",
        )
    if slot is not None and slot.programme.exhibitor.area_day_id != area_day.pk:
        raise AnnouncementError(_("This time slot is not on this day."), code="target")
    with transaction.atomic():
        if idempotency_key:
            done = Announcement.objects.filter(idempotency_key=idempotency_key).first()
            if done is not None:
                return done
        if not announcement_recipient_count(area_day=area_day, slot=slot):
            raise AnnouncementError(
                _("No one holds a reservation here, so there is no one to mail."),
                code="nobody",
            )
        announcement = Announcement.objects.create(
            scope=Announcement.Scope.SLOT if slot else Announcement.Scope.AREA_DAY,
            area_day=area_day,
            slot=slot,
            target=announcement_target_label(area_day=area_day, slot=slot),
            subject=subject,
            body=body,
            subject_en=subject_en,
            body_en=body_en,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
            idempotency_key=idempotency_key or None,
        )
        _enqueue_announcement(announcement.pk)
        return announcement


def _enqueue_announcement(announcement_id: int) -> None:
    from .tasks import send_announcement

    # robust: the announcement is stored; if the broker is down, the sweep sends it later.
    transaction.on_commit(lambda: send_announcement.delay(announcement_id), robust=True)


def announcement_send(*, announcement_id: int, now: dt.datetime | None = None) -> int:
    """Mail an announcement to every address holding a reservation in its slot or day, each
    address once and on its own (no shared To list); returns how many were mailed now.

    Each address is claimed (an AnnouncementDelivery row) in the transaction that sends its
    mail: a failed send leaves no claim, a second run or a second worker skips what is done.
    """
    from .mails import announcement_message
    from .models import Announcement, AnnouncementDelivery
    from .selectors import announcement_recipients

    announcement = (
        Announcement.objects.select_related("area_day__area", "slot").filter(pk=announcement_id)
    ).first()
    if announcement is None or announcement.sent_at is not None:
        return 0
    if announcement.scope == Announcement.Scope.SLOT and announcement.slot_id is None:
        reservations = []  # the slot was deleted (it held no reservation by then)
    else:
        reservations = list(
            announcement_recipients(area_day=announcement.area_day, slot=announcement.slot)
        )
    done = set(
        AnnouncementDelivery.objects.filter(announcement=announcement).values_list(
            "reservation__email", flat=True
        )
    )
    by_address: dict[str, list[Reservation]] = {}
    for reservation in reservations:
        by_address.setdefault(reservation.email, []).append(reservation)
    sent = 0
    for email, held in by_address.items():
        if email in done:
            continue
        first = min(held, key=lambda r: r.pk)
        language = max(held, key=lambda r: r.pk).language
        language = "en" if language == "en" and announcement.has_english else "ja"
        try:
            with transaction.atomic():
                AnnouncementDelivery.objects.create(
                    announcement=announcement, reservation=first, language=language
                )
                announcement_message(announcement, held, language=language).send()
        except IntegrityError:
            continue  # another run mailed this address
        sent += 1
    with transaction.atomic():
        total = AnnouncementDelivery.objects.filter(announcement=announcement).count()
        Announcement.objects.filter(pk=announcement.pk, sent_at__isnull=True).update(
            sent_at=now or timezone.now(), recipients=total
        )
    return sent


def announcements_unsent(*, now: dt.datetime | None = None) -> list[int]:
    """Announcements stored but never sent (the broker was down): 5 minutes to 2 days old."""
    from .models import Announcement

    now = now or timezone.now()
    return list(
        Announcement.objects.filter(
            sent_at__isnull=True,
            created_at__lt=now - dt.timedelta(minutes=5),
            created_at__gt=now - dt.timedelta(days=2),
        ).values_list("pk", flat=True)
    )
