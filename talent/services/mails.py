"""Sending the talent app's mails once each: a transition's, and a draft's deadline reminder."""

import datetime as dt

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from core.periodic import PeriodicJob
from core.tasks import delay_on_commit_robust

from .. import mails
from ..models import Application, Transition
from ..selectors.applications import (
    TRANSITION_MAIL_SWEEP_DAYS,
    city_staff_emails,
    company_emails,
    drafts_due_for_reminder,
)

REMINDER_DAYS = 7


@transaction.atomic
def transition_mail_send(*, transition_id: int) -> bool:
    """Send the mail of a status change, unless it was sent (a task run twice sends once)."""
    transition = (
        Transition.objects.select_for_update(of=("self",))
        .select_related("application__scheme", "application__company")
        .filter(pk=transition_id)
        .first()
    )
    if transition is None or transition.mailed_at is not None:
        return False
    messages = mails.transition_messages(
        transition,
        staff=city_staff_emails(),
        owners=company_emails(transition.application.company_id, owners_only=True),
    )
    for message in messages:
        message.send()
    transition.mailed_at = timezone.now()
    transition.save(update_fields=["mailed_at"])
    return True


def transition_mails_missing() -> list[int]:
    """Transitions of the last week whose mail was not sent (the broker was down)."""
    since = timezone.now() - dt.timedelta(days=TRANSITION_MAIL_SWEEP_DAYS)
    return list(
        Transition.objects.filter(mailed_at__isnull=True, created_at__gte=since)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def deadline_reminders_send(*, today: dt.date | None = None) -> int:
    """One reminder per draft whose scheme closes within a week, to the company's owners and
    editors; a draft reminded once is never reminded again."""
    today = today or timezone.localdate()
    sent = 0
    due = drafts_due_for_reminder(
        first_day=today, last_day=today + dt.timedelta(days=REMINDER_DAYS)
    )
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update(of=("self",))
                .select_related("scheme")
                .filter(pk=pk, status=Application.Status.DRAFT, reminder_sent_at__isnull=True)
                .first()
            )
            if application is None:
                continue
            addresses = company_emails(application.company_id, owners_only=False)
            for message in mails.reminder_messages(application, addresses):
                message.send()
            Application.objects.filter(pk=pk).update(reminder_sent_at=timezone.now())
            sent += 1
    return sent


# The tasks live beside the services they run; ``talent.tasks`` gathers them for Celery.


@shared_task(
    name="talent.tasks.send_transition_mail",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_transition_mail(transition_id: int) -> bool:
    return transition_mail_send(transition_id=transition_id)


@shared_task(base=PeriodicJob, name="talent.tasks.send_missing_transition_mails")
def send_missing_transition_mails() -> int:
    """Beat's sweep: the mails of status changes made while the broker was down."""
    return sum(transition_mail_send(transition_id=pk) for pk in transition_mails_missing())


@shared_task(base=PeriodicJob, name="talent.tasks.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Beat, daily: a week before a scheme's deadline, to companies holding a draft."""
    return deadline_reminders_send()


def transition_mail_enqueue(transition: Transition) -> None:
    delay_on_commit_robust(send_transition_mail, transition.pk)
