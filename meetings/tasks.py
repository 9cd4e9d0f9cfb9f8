import datetime as dt
import logging
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.periodic import PeriodicJob

logger = logging.getLogger(__name__)

REMINDER_DAYS_AHEAD = 2


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_meeting_reminder(meeting_id: int) -> int:
    """Send the reminder of one meeting; a second run finds it sent and sends nothing."""
    from .services import meeting_reminder_send

    result = meeting_reminder_send(meeting_id=meeting_id)
    if result.already_sent:
        logger.info("meeting %s: reminder already sent, nothing to do", meeting_id)
    else:
        logger.info(
            "meeting %s: reminder sent to %d members, %d skipped without an address",
            meeting_id,
            result.sent,
            result.skipped_without_address,
        )
    return result.sent


@shared_task(base=PeriodicJob)
def send_meeting_reminders(day: str | None = None) -> list[int]:
    """Run daily by beat: enqueue the reminder of each meeting two days ahead (Asia/Tokyo).

    ``day`` (YYYY-MM-DD) re-runs the reminders of a given meeting day, for example after an
    outage of the mail server; meetings already reminded of are left alone.
    """
    from .selectors import meetings_due_for_reminder

    on = (
        dt.date.fromisoformat(day)
        if day
        else timezone.localdate() + dt.timedelta(days=REMINDER_DAYS_AHEAD)
    )
    meeting_ids = meetings_due_for_reminder(on=on)
    for meeting_id in meeting_ids:
        transaction.on_commit(partial(send_meeting_reminder.delay, meeting_id))
    logger.info("reminders of %s: %d meetings enqueued", on, len(meeting_ids))
    return meeting_ids
