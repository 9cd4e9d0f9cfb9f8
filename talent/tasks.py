"""The talent app's Celery tasks, gathered here for Celery's autodiscovery (defined beside
their services under the name ``talent.tasks.<name>``; they take ids and may run twice
without harm)."""

from .services.dormitories import send_dormitory_mail
from .services.mails import (
    send_deadline_reminders,
    send_missing_transition_mails,
    send_transition_mail,
)

__all__ = [
    "send_deadline_reminders",
    "send_dormitory_mail",
    "send_missing_transition_mails",
    "send_transition_mail",
]
