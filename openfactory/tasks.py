"""Celery tasks of the open factory: they take ids and may run twice without harm."""

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reservation_mail(reservation_id: int, kind: str) -> bool:
    from .services import reservation_mail_send

    return reservation_mail_send(reservation_id=reservation_id, kind=kind)


@shared_task
def send_reminders() -> int:
    """Celery beat, daily: remind everyone with a confirmed seat tomorrow."""
    from .services import reminders_due

    due = reminders_due()
    for reservation_id in due:
        send_reservation_mail.delay(reservation_id, "reminder")
    return len(due)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_announcement(announcement_id: int) -> int:
    from .services import announcement_send

    return announcement_send(announcement_id=announcement_id)


@shared_task
def send_missing_mails() -> int:
    """Celery beat: send the mails that were never enqueued (for example Redis was down),
    and the announcements never sent."""
    from .services import announcements_unsent, mails_missing

    missing = mails_missing()
    for reservation_id, kind in missing:
        send_reservation_mail.delay(reservation_id, kind)
    unsent = announcements_unsent()
    for announcement_id in unsent:
        send_announcement.delay(announcement_id)
    return len(missing) + len(unsent)


@shared_task
def draw_lottery(slot_id: int) -> int:
    from .services import lottery_draw

    return len(lottery_draw(slot_id=slot_id))


@shared_task
def draw_due_lotteries() -> int:
    """Celery beat: draw every lottery slot whose entries have closed."""
    from .services import lottery_slots_due

    due = lottery_slots_due()
    for slot_id in due:
        draw_lottery.delay(slot_id)
    return len(due)


@shared_task
def anonymise_expired_reservations() -> int:
    from .services import reservations_anonymise

    return reservations_anonymise()
