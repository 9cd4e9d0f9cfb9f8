"""The open factory's Celery tasks, gathered here for Celery's autodiscovery.

Each task is defined beside the service it runs (``openfactory.services.*``) and keeps the
name ``openfactory.tasks.<name>`` that the beat schedule and queued messages use. They take
ids and may run twice without harm.
"""

from .services.announcements import send_announcement
from .services.lottery import draw_due_lotteries, draw_lottery
from .services.mails import send_missing_mails, send_reminders, send_reservation_mail
from .services.reservations import anonymise_expired_reservations

__all__ = [
    "anonymise_expired_reservations",
    "draw_due_lotteries",
    "draw_lottery",
    "send_announcement",
    "send_missing_mails",
    "send_reminders",
    "send_reservation_mail",
]
