"""The Celery application; configured from Django settings under the CELERY_ namespace.

Without REDIS_URL, settings make every task run eagerly in the calling process, so that
``make run`` needs no broker.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.local")

app = Celery("ayase_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
