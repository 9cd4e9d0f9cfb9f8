"""The mails of a reservation: sent by a Celery task enqueued on commit, each kind once.

A task that runs twice sends one mail (``ReservationMail`` records what went out); the periodic
sweep sends what was never enqueued, for example while the broker was down.
"""

from celery import shared_task
from django.db import transaction

from core.periodic import PeriodicJob
from core.tasks import delay_on_commit_robust

from .. import selectors
from ..mails import reservation_message
from ..models import Reservation, ReservationMail
from .announcements import send_announcement


def reservation_mail_send(*, reservation_id: int, kind: str) -> bool:
    """Send one mail of a kind about a reservation, once; False if it was sent already."""
    with transaction.atomic():
        reservation = (
            Reservation.objects.select_for_update(of=("self",))
            .select_related(
                "slot__programme__exhibitor__company",
                "slot__programme__exhibitor__area_day__area",
                "slot__programme__exhibitor__area_day__edition",
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


def reservation_mail_enqueue(reservation_id: int, kind: str) -> None:
    """Send the mail once the transaction commits. If the broker is down, the reservation
    stands all the same: the sweep (send_missing_mails) sends what never went out."""
    delay_on_commit_robust(send_reservation_mail, reservation_id, kind)


# Task names are kept as they were when the tasks lived in openfactory/tasks.py: the beat
# schedule names them, and messages already queued carry them.


@shared_task(
    name="openfactory.tasks.send_reservation_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_reservation_mail(reservation_id: int, kind: str) -> bool:
    return reservation_mail_send(reservation_id=reservation_id, kind=kind)


@shared_task(base=PeriodicJob, name="openfactory.tasks.send_reminders")
def send_reminders() -> int:
    """Celery beat, daily: remind everyone with a confirmed seat tomorrow."""
    due = selectors.reminders_due()
    for reservation_id in due:
        send_reservation_mail.delay(reservation_id, ReservationMail.Kind.REMINDER)
    return len(due)


@shared_task(base=PeriodicJob, name="openfactory.tasks.send_missing_mails")
def send_missing_mails() -> int:
    """Celery beat: send the mails that were never enqueued (for example Redis was down),
    and the announcements never sent."""
    missing = selectors.mails_missing()
    for reservation_id, kind in missing:
        send_reservation_mail.delay(reservation_id, kind)
    unsent = selectors.announcements_unsent()
    for announcement_id in unsent:
        send_announcement.delay(announcement_id)
    return len(missing) + len(unsent)
