"""The lottery: entries are drawn once their time closes, the winners seated while seats
last and the others waitlisted in draw order."""

import datetime as dt
import secrets

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.page_cache import pages_changed
from core.periodic import PeriodicJob

from .. import selectors
from ..errors import ReservationError
from ..models import Reservation, ReservationMail, Slot
from .locking import add_seats, lock_slot, serialised, set_lock_timeout
from .mails import reservation_mail_enqueue

MailKind = ReservationMail.Kind


def lottery_draw(
    *, slot_id: int, now: dt.datetime | None = None, rng: secrets.SystemRandom | None = None
) -> list[Reservation]:
    """Draw a lottery slot: entries in a random order, seated while seats last, the others
    waitlisted in draw order. Drawing twice changes nothing; the order is kept in draw_order.
    """
    now = now or timezone.now()
    rng = rng or secrets.SystemRandom()
    with serialised(), transaction.atomic():
        set_lock_timeout()
        slot = lock_slot(slot_id)
        programme = slot.programme
        if not slot.awaits_draw:
            return []
        # A lottery has its deadline (the programme's check constraint).
        assert programme.lottery_closes_at is not None
        if now < programme.lottery_closes_at:
            raise ReservationError(_("Lottery entries are still open."), code="not_yet")
        entries = list(
            Reservation.objects.filter(slot=slot, status=Reservation.Status.APPLIED)
            .order_by("pk")
            .select_for_update()
        )
        rng.shuffle(entries)
        free = slot.seats - selectors.seated_count(slot)
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
        add_seats(slot, sum(e.party_size for e in entries if e.status in Reservation.Status.SEATED))
        slot.drawn_at = now
        Slot.objects.filter(pk=slot.pk).update(drawn_at=now)
        pages_changed()
        for pk, kind in mails:
            reservation_mail_enqueue(pk, kind)
        return entries


@shared_task(name="openfactory.tasks.draw_lottery")
def draw_lottery(slot_id: int) -> int:
    return len(lottery_draw(slot_id=slot_id))


@shared_task(base=PeriodicJob, name="openfactory.tasks.draw_due_lotteries")
def draw_due_lotteries() -> int:
    """Celery beat: draw every lottery slot whose entries have closed."""
    due = selectors.lottery_slots_due()
    for slot_id in due:
        draw_lottery.delay(slot_id)
    return len(due)
