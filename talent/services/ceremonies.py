"""Registrations of new hires for the joint entrance ceremony and training.

Seats are limited: every change that takes or frees one locks the event's row first, counts
under the lock, and writes ``seats_taken`` in the same transaction; the database refuses it
above the capacity (talent_ceremony_not_overbooked).
"""

import datetime as dt

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Company
from core.page_cache import pages_changed

from ..errors import TalentError
from ..models import CeremonyEvent, CeremonyRegistration
from . import locking

REGISTRATION_FIELDS = ("name", "name_kana", "start_date", "job", "language_needs")


class CeremonyFullError(TalentError):
    """No seat is left at the event."""


def _full() -> CeremonyFullError:
    return CeremonyFullError(
        _("The event is full: its capacity is reached. Please contact the city."), code="full"
    )


def _lock_event(event_id: int) -> CeremonyEvent:
    events = (
        CeremonyEvent.objects.select_for_update()
        if locking.ROW_LOCKS
        else CeremonyEvent.objects.all()
    )
    event = events.filter(pk=event_id).first()
    if event is None:
        raise TalentError(_("This event does not exist."), code="no_event")
    return event


def _check_open(event: CeremonyEvent, now: dt.datetime) -> None:
    if not event.is_open(now):
        raise TalentError(
            _("Registration for this event has closed. Please contact the city."),
            code="closed",
        )


def registration_create(
    *,
    event_id: int,
    company: Company,
    name: str,
    name_kana: str,
    start_date: dt.date,
    job: str,
    language_needs: str = "",
    actor: "User | None",
    now: dt.datetime | None = None,
) -> CeremonyRegistration:
    now = now or timezone.now()
    try:
        with locking.serialised(), transaction.atomic():
            locking.set_lock_timeout()
            event = _lock_event(event_id)
            _check_open(event, now)
            taken = CeremonyRegistration.objects.filter(event_id=event.pk).count()
            if taken >= event.capacity:
                raise _full()
            registration = CeremonyRegistration.objects.create(
                event=event,
                company=company,
                name=name,
                name_kana=name_kana,
                start_date=start_date,
                job=job,
                language_needs=language_needs,
                created_by=actor,
            )
            # Relative to what the database holds, so that its check constraint refuses an
            # overbooking even if the lock were ever bypassed.
            CeremonyEvent.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") + 1)
            pages_changed()  # the places taken (update() sends no signal)
            return registration
    except OperationalError:
        raise locking.busy_error() from None
    except IntegrityError:
        raise _full() from None


@transaction.atomic
def registration_update(
    *,
    registration: CeremonyRegistration,
    name: str,
    name_kana: str,
    start_date: dt.date,
    job: str,
    language_needs: str = "",
    now: dt.datetime | None = None,
) -> CeremonyRegistration:
    _check_open(registration.event, now or timezone.now())
    registration.name = name
    registration.name_kana = name_kana
    registration.start_date = start_date
    registration.job = job
    registration.language_needs = language_needs
    registration.save(update_fields=list(REGISTRATION_FIELDS))
    return registration


def registration_delete(
    *, registration: CeremonyRegistration, now: dt.datetime | None = None
) -> None:
    """Withdraw a hire while registration is open; the seat is free again at once."""
    with locking.serialised(), transaction.atomic():
        locking.set_lock_timeout()
        event = _lock_event(registration.event_id)
        _check_open(event, now or timezone.now())
        deleted, _rows = CeremonyRegistration.objects.filter(pk=registration.pk).delete()
        if deleted:
            CeremonyEvent.objects.filter(pk=event.pk).update(seats_taken=F("seats_taken") - 1)
            pages_changed()  # the places taken (update() sends no signal)


@transaction.atomic
def registration_mark_attended(
    *, event: CeremonyEvent, registration_id: int, attended: bool, now: dt.datetime | None = None
) -> CeremonyRegistration:
    """Reception on the day: a tap marks a hire present (or undoes it)."""
    registration = (
        CeremonyRegistration.objects.select_for_update()
        .filter(event=event, pk=registration_id)
        .first()
    )
    if registration is None:
        raise TalentError(_("No such registration at this event."), code="unknown")
    registration.attended_at = (now or timezone.now()) if attended else None
    registration.save(update_fields=["attended_at"])
    return registration


def event_capacity_check(*, event: CeremonyEvent, capacity: int) -> None:
    """The admin may not lower an event's capacity below the people already registered."""
    if event.pk and capacity < event.seats_taken:
        raise TalentError(
            _("%(count)d people are registered already: the capacity cannot be lower.")
            % {"count": event.seats_taken},
            field="capacity",
        )
