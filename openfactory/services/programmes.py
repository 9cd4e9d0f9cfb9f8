"""Programmes and their time slots, run by the company's staff and by city staff (on the
company pages and in the admin alike): the rules every programme and slot keeps, checked
under the slots' row locks so that no reservation slips in between a check and a change.
"""

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import OperationalError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import pages_changed
from images.photos import CleanImage, as_file, resized
from japanese.templatetags.japanese import jdate

from .. import selectors
from ..errors import ProgrammeError, ReservationError
from ..models import PROGRAMME_FIELDS, Exhibitor, Programme, ReceptionCount, Reservation, Slot
from .locking import lock_slot, serialised, set_lock_timeout
from .reservations import promote

PROGRAMME_PHOTO_LONGEST = 1600

# The form field the message of each of the models' constraints belongs beside (by the
# constraint's violation_error_code); the constraints themselves are the rules.
_CONSTRAINT_FIELDS = {
    "ages": "age_max",
    "party_size": "max_party_size",
    "lottery_deadline": "lottery_closes_at",
    "slot_times": "ends_at",
}


def _model_check(instance: models.Model, *, exclude: list[str]) -> None:
    """The model's own invariants (its fields and check constraints), told as a
    ProgrammeError beside the field each belongs to."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        field: str | None
        field, errors = next(iter(error.error_dict.items()))
        if field == NON_FIELD_ERRORS:
            code = errors[0].code
            field = _CONSTRAINT_FIELDS.get(code) if code is not None else None
        raise ProgrammeError(errors[0].messages[0], field=field) from None


def _held_message(counts: dict[str, int], what: str) -> str:
    seated = sum(counts.get(status, 0) for status in Reservation.Status.SEATED)
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


def programme_photo_set(
    *, programme: Programme, photo: CleanImage | None = None, remove: bool = False
) -> None:
    """Store a checked photo (``images.photos.CleanImage``) resized as a JPEG without
    metadata, or remove the photo; the old file is deleted once the change is committed."""
    old = programme.photo.name if programme.photo else ""
    if photo is not None:
        image = resized(photo.image, PROGRAMME_PHOTO_LONGEST)
        name = f"{secrets.token_hex(8)}.jpg"
        programme.photo.save(name, as_file(image, "JPEG", name), save=False)
    elif remove and old:
        programme.photo = ""
    else:
        return
    Programme.objects.filter(pk=programme.pk).update(photo=programme.photo.name or "")
    pages_changed()
    if old:
        storage = programme.photo.storage
        transaction.on_commit(lambda: storage.delete(old))


def _programme_check(programme: Programme, *, held: bool, before: dict[str, Any] | None) -> None:
    """The workflow rules of a programme, whoever saves it; the invariants are the model's
    constraints, checked by full_clean and told as the same kind of error."""
    area_day = programme.exhibitor.area_day
    if programme.allocation == programme.Allocation.LOTTERY:
        if programme.admission != programme.Admission.RESERVATION:
            raise ProgrammeError(
                _("A walk-in programme has no lottery: choose reservations or first come."),
                field="allocation",
            )
        day_start = timezone.make_aware(dt.datetime.combine(area_day.date, dt.time.min))
        if programme.lottery_closes_at is not None and programme.lottery_closes_at >= day_start:
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
    _model_check(programme, exclude=["photo", "exhibitor"])


def programme_create(
    *,
    exhibitor: Exhibitor,
    data: dict[str, Any],
    photo: CleanImage | None = None,
    is_demo: bool = False,
) -> Programme:
    """A new programme of an exhibitor, from the checked form data (PROGRAMME_FIELDS).

    ``is_demo`` marks made-up data (the admin sets it, load_demo too).
    """
    with transaction.atomic():
        programme = Programme(
            exhibitor=exhibitor, is_demo=is_demo, **{k: data[k] for k in PROGRAMME_FIELDS}
        )
        if programme.allocation != Programme.Allocation.LOTTERY:
            programme.lottery_closes_at = None
        _programme_check(programme, held=False, before=None)
        programme.save()
        programme_photo_set(programme=programme, photo=photo)
        return programme


def programme_update(
    *,
    programme_id: int,
    data: dict[str, Any],
    photo: CleanImage | None = None,
    remove_photo: bool = False,
    exhibitor: Exhibitor | None = None,
    is_demo: bool | None = None,
) -> Programme:
    """Change a programme; its slots are locked so that no reservation slips in between the
    check ("does it hold reservations?") and the change of how it takes them.

    City staff (in the admin) may also move it to another ``exhibitor`` and set ``is_demo``.
    """
    with serialised(), transaction.atomic():
        set_lock_timeout()
        programme = (
            Programme.objects.select_for_update(of=("self",))
            .select_related("exhibitor__area_day")
            .get(pk=programme_id)
        )
        slots = list(Slot.objects.select_for_update().filter(programme=programme).order_by("pk"))
        before = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
        for name in PROGRAMME_FIELDS:
            setattr(programme, name, data[name])
        if exhibitor is not None:
            programme.exhibitor = exhibitor
        if is_demo is not None:
            programme.is_demo = is_demo
        if programme.allocation != Programme.Allocation.LOTTERY:
            programme.lottery_closes_at = None
        held = bool(slots) and Reservation.objects.filter(slot__in=slots).active().exists()
        _programme_check(programme, held=held, before=before)
        programme.save()
        programme_photo_set(programme=programme, photo=photo, remove=remove_photo)
        return programme


def programme_delete(*, programme_id: int) -> None:
    """Delete a programme and its slots, unless someone holds a reservation in them."""
    with serialised(), transaction.atomic():
        set_lock_timeout()
        programme = Programme.objects.select_for_update().filter(pk=programme_id).first()
        if programme is None:
            raise ProgrammeError(_("This programme does not exist any more."), code="gone")
        slots = list(Slot.objects.select_for_update().filter(programme=programme).order_by("pk"))
        counts = selectors.held_counts(slots)
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


def _slot_check(
    *,
    programme: Programme,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    seats: int,
    reservations_close_at: dt.datetime | None,
) -> None:
    """The workflow rules of a slot's times and seats; then the model's own invariants."""
    area_day = programme.exhibitor.area_day
    if seats is None or seats < 0:
        raise ProgrammeError(_("Enter the number of seats."), field="seats")
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if timezone.localtime(value).date() != area_day.date:
            raise ProgrammeError(
                _("A time slot must be on the area day, %(date)s.")
                % {"date": jdate(area_day.date)},
                field=field,
            )
    candidate = Slot(
        programme=programme,
        starts_at=starts_at,
        ends_at=ends_at,
        seats=seats,
        reservations_close_at=reservations_close_at,
    )
    _model_check(candidate, exclude=["programme", "seats_taken", "drawn_at"])
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


def _seats_taken_error(seated: int, *, by_secretariat: bool) -> ProgrammeError:
    if by_secretariat:
        # City staff are the secretariat: they cancel reservations themselves.
        message = _("%(taken)d seats are taken; cancel reservations before removing seats.")
    else:
        message = _(
            "%(taken)d seats are taken by confirmed reservations: the slot cannot "
            "have fewer seats than that. Please contact the secretariat (city "
            "staff) if reservations must be cancelled."
        )
    return ProgrammeError(message % {"taken": seated}, field="seats", code="seats_taken")


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
        with serialised(), transaction.atomic():
            set_lock_timeout()
            slot = lock_slot(slot_id)
            _slot_check(
                programme=slot.programme,
                starts_at=starts_at,
                ends_at=ends_at,
                seats=seats,
                reservations_close_at=reservations_close_at,
            )
            seated = selectors.seated_count(slot)
            if seats < seated:
                raise _seats_taken_error(seated, by_secretariat=may_move_reserved)
            moved = (starts_at, ends_at) != (slot.starts_at, slot.ends_at)
            told = moved and not may_move_reserved
            if told and Reservation.objects.filter(slot=slot).active().exists():
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
            if not slot.awaits_draw:
                promote(slot, now)
            return slot
    except OperationalError:
        raise ProgrammeError(
            _("Many people are reserving right now. Please try again in a moment."), code="busy"
        ) from None


def slot_delete(*, slot_id: int) -> None:
    """Delete a slot, unless someone holds a reservation in it (cancelled ones go with it)."""
    with serialised(), transaction.atomic():
        set_lock_timeout()
        try:
            slot = lock_slot(slot_id)
        except ReservationError:
            raise ProgrammeError(
                _("This time slot does not exist any more."), code="gone"
            ) from None
        counts = selectors.held_counts([slot])
        if counts:
            raise ProgrammeError(_held_message(counts, _("This time slot")), code="held")
        Reservation.objects.filter(slot=slot).delete()
        slot.delete()
