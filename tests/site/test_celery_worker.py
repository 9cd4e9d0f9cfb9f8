"""The invitation mail through a real Celery worker, over the real Redis when REDIS_URL is set.

Without REDIS_URL (a machine with nothing installed) the same worker consumes from Kombu's
in-memory transport, so that the test still proves the task runs outside the request.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from accounts import services
from accounts.models import Invitation
from ayase_portal.celery import app


@pytest.fixture
def celery_worker_app():
    # Test settings run tasks eagerly; here they go to the broker the settings name.
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield app
    finally:
        app.conf.task_always_eager = True


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_invitation_mail_is_sent_by_a_worker(celery_worker_app, staff):
    if settings.REDIS_URL:
        assert celery_worker_app.connection_for_write().transport.driver_type == "redis"
    invitation = services.invitation_create(
        email="worker@example.jp", kind="committee_member", invited_by=staff
    )

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not Invitation.objects.get(pk=invitation.pk).mail_sent_at:
        time.sleep(0.1)

    assert Invitation.objects.get(pk=invitation.pk).mail_sent_at is not None
    assert [m.to for m in mail.outbox] == [["worker@example.jp"]]
