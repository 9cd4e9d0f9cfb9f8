"""Celery tasks of the surveys: they take ids and may run twice without harm."""

from celery import shared_task

from core.periodic import PeriodicJob


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_survey_invitation(survey_id: int, reservation_id: int) -> bool:
    from .services import survey_invitation_send

    return survey_invitation_send(survey_id=survey_id, reservation_id=reservation_id)


@shared_task(base=PeriodicJob)
def send_survey_invitations() -> int:
    """Celery beat, each evening: the survey link to every visitor checked in that day."""
    from .services import survey_invitations_due

    due = survey_invitations_due()
    for survey_id, reservation_id in due:
        send_survey_invitation.delay(survey_id, reservation_id)
    return len(due)


@shared_task(base=PeriodicJob)
def anonymise_survey_responses() -> int:
    """Celery beat, daily after the reservations' anonymisation: unlink their responses."""
    from .services import responses_anonymise

    return responses_anonymise()
