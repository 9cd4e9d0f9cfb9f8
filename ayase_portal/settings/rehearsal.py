"""Settings of ``make rehearsal`` (deploy/rehearsal): the production settings, unchanged but
for what a rehearsal of a few minutes on one machine needs.

- The periodic jobs that the rehearsal watches (reminders, lottery draws, the mail sweep)
  fire every few seconds instead of at their hour, at the same instants for every beat.
- Mail is written to files in a folder shared by the two workers, where the rehearsal counts
  what was sent.
"""

import datetime as dt

from core.periodic import every_aligned

from .production import *  # noqa: F403
from .production import env

REHEARSAL_JOB_SECONDS = env.int("REHEARSAL_JOB_SECONDS", default=5)
for _name in ("openfactory-reminders", "openfactory-lottery-draws", "openfactory-missing-mails"):
    CELERY_BEAT_SCHEDULE[_name]["schedule"] = every_aligned(  # noqa: F405
        dt.timedelta(seconds=REHEARSAL_JOB_SECONDS)
    )

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
