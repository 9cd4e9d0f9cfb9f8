"""受付 (reception): check visitors in by code or tap, mark no-shows, count walk-ins."""

import datetime as dt
import re

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import OperationalError, transaction
from django.db.models import F, Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.page_cache import pages_changed
from japanese.dates import format_date
from japanese.text import normalize

from ..errors import ReservationError
from ..models import Exhibitor, ReceptionCount, Reservation, Slot
from . import visits
from .locking import add_seats, busy_error, lock_slot, serialised, set_lock_timeout


def normalize_code(value: str) -> str:
    """What staff type or the camera reads: 全角, lower case, spaces and hyphens allowed."""
    return re.sub(r"[^A-Z0-9]", "", normalize(value).upper())


def _day_of(exhibitor_id: int) -> dt.date:
    return Exhibitor.objects.filter(pk=exhibitor_id).values_list("area_day__date", flat=True).get()


def _check_reception_day(day: dt.date, now: dt.datetime, corrected_by: User | None) -> bool:
    """Reception counts visitors on its area day only (so that nothing counted weeks before
    reaches the public statistics); on another day only city staff correct, and each
    correction goes into the admin's history. Returns whether this is such a correction."""
    if timezone.localdate(now) == day:
        return False
    if corrected_by is None:
        raise ReservationError(
            _(
                "Reception is open on the area day only (%(date)s). Ask the secretariat to "
                "correct the figures after the day."
            )
            % {"date": format_date(day, translation.get_language() or "ja")},
            code="not_today",
        )
    return True


def _log_correction(user: User, obj: Model, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def reservation_check_in(
    *,
    exhibitor_id: int,
    code: str = "",
    reservation_id: int | None = None,
    above_seats: bool = False,
    now: dt.datetime | None = None,
    corrected_by: User | None = None,
) -> Reservation:
    """Check a visitor in at a company's reception, by the typed or scanned code or a tap.

    Two phones checking the same visitor in at once check them in once. A code of another
    company's visitor is answered like a code that does not exist: reception learns nothing
    of other companies' visitors. A visitor marked a no-show takes seats again when checked
    in late; if staff have reduced the seats since and they no longer fit, reception is told
    so and checks them in only ``above_seats``, which raises the slot's seats to fit: they
    came with a reservation, and count as such (not as a no-show, nor as a walk-in).

    Only on the area day; city staff (``corrected_by``) correct on another day.
    """
    now = now or timezone.now()
    correcting = _check_reception_day(_day_of(exhibitor_id), now, corrected_by)
    mine = Reservation.objects.filter(slot__programme__exhibitor_id=exhibitor_id)
    if reservation_id is not None:
        found = mine.filter(pk=reservation_id)
    else:
        wanted = normalize_code(code)
        if not wanted:
            raise ReservationError(_("Enter the check-in code."), field="code", code="empty")
        found = mine.filter(code=wanted)
    try:
        with serialised(), transaction.atomic():
            set_lock_timeout()
            # The slot first, then the reservation: the order of every seat-changing workflow.
            slot_id = found.values_list("slot_id", flat=True).first()
            if slot_id is not None:
                lock_slot(slot_id)
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
            visits.visit_of_check_in(reservation, now)
            if correcting and corrected_by is not None:
                _log_correction(
                    corrected_by, reservation, _("Checked in by city staff after the area day.")
                )
            return reservation
    except OperationalError:
        raise busy_error() from None


def _check_in(reservation: Reservation, *, above_seats: bool, now: dt.datetime) -> None:
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
            pages_changed()
            slot.seats += missing
        add_seats(slot, reservation.party_size)
    reservation.status = status.ATTENDED
    reservation.checked_in_at = now
    reservation.save(update_fields=["status", "checked_in_at", "updated_at"])


def reservation_check_in_undo(
    *,
    exhibitor_id: int,
    reservation_id: int,
    now: dt.datetime | None = None,
    corrected_by: User | None = None,
) -> Reservation:
    """A wrong tap: back to confirmed (on the area day; city staff correct afterwards)."""
    now = now or timezone.now()
    correcting = _check_reception_day(_day_of(exhibitor_id), now, corrected_by)
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
        visits.visit_of_check_in_undo(reservation, exhibitor_id)
        if correcting and corrected_by is not None:
            _log_correction(
                corrected_by, reservation, _("Check-in undone by city staff after the area day.")
            )
        return reservation


def slot_mark_no_shows(*, slot_id: int, now: dt.datetime | None = None) -> int:
    """After a slot has started, confirmed visitors who did not come are marked no-shows."""
    now = now or timezone.now()
    with serialised(), transaction.atomic():
        set_lock_timeout()
        slot = lock_slot(slot_id)
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
        pages_changed()  # the no-shows (bulk_update sends no signal)
        add_seats(slot, -sum(r.party_size for r in absent))
        return len(absent)


def walk_in_add(
    *,
    programme_id: int,
    date: dt.date,
    delta: int,
    now: dt.datetime | None = None,
    corrected_by: User | None = None,
) -> int:
    """+1/−1 at a programme's reception on its area day (``date``). Changes are relative
    (F()), so that taps on two phones at once are all counted; the count never goes below
    zero. City staff (``corrected_by``) correct on another day, recorded in the history."""
    if delta not in (1, -1):
        raise ReservationError(_("Count one visitor at a time."), code="delta")
    correcting = _check_reception_day(date, now or timezone.now(), corrected_by)
    with serialised(), transaction.atomic():
        ReceptionCount.objects.get_or_create(programme_id=programme_id, date=date)
        counts = ReceptionCount.objects.filter(programme_id=programme_id, date=date)
        if delta < 0:
            counts = counts.filter(walk_ins__gte=1)
        counts.update(walk_ins=F("walk_ins") + delta, updated_at=timezone.now())
        pages_changed()  # the visitors counted (update() sends no signal)
        count = ReceptionCount.objects.get(programme_id=programme_id, date=date)
        if correcting and corrected_by is not None:
            _log_correction(
                corrected_by,
                count,
                _("Walk-ins %(delta)+d by city staff after the area day.") % {"delta": delta},
            )
        return count.walk_ins
