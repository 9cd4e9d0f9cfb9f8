"""The Celery application; configured from Django settings under the CELERY_ namespace.

Without REDIS_URL, settings make every task run eagerly in the calling process, so that
``make run`` needs no broker.
"""

import os

from celery import Celery, signals

from core import metrics, request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ayase_portal.settings.local")

app = Celery("ayase_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The request id travels with the tasks a request queues; tasks are counted for Prometheus.
request_id.connect_celery_signals()
metrics.connect_celery_signals()


@signals.setup_logging.connect
def use_django_logging(**_kwargs):
    """The worker logs through the portal's LOGGING (format, request id, redaction) instead
    of replacing the root logger's handlers with Celery's own: a receiver of this signal is
    what tells Celery to leave logging alone. Configured here unless Django already has."""
    import logging

    from django.conf import settings
    from django.utils.log import configure_logging

    if not any(handler.name == "stdout" for handler in logging.getLogger().handlers):
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
