"""The logs hold no personal data: no e-mail address, phone number, name or password.

Logs go to stdout and from there to whoever runs the platform, and they are kept longer and
shared wider than the database. Each test captures every log record (the portal's loggers,
Django's, Celery's and allauth's, at DEBUG) of one journey, its mails sent by a real Celery
worker as in production, and looks for the values typed.
"""

import logging
import re
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail

from accounts import services as account_services
from accounts.models import Invitation
from ayase_portal.celery import app
from tests.accounts.factories import UserFactory
from tests.openfactory.factories import SlotFactory
from tests.openfactory.test_views import form_data, reserve_through_the_pages

pytestmark = pytest.mark.django_db(transaction=True)

LOGGERS = [
    "",
    "django",
    "django.request",
    "django.security",
    "django.db.backends",
    "celery",
    "allauth",
    "accounts",
    "companies",
    "meetings",
    "openfactory",
    "talent",
    "images",
    "core",
    "ayase_portal",
]


@pytest.fixture
def logs(caplog):
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture(autouse=True)
def worker():
    """Tasks go through the broker to a worker, as in production (not run eagerly)."""
    assert app.conf.broker_url == (settings.REDIS_URL or "memory://")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            yield
    finally:
        app.conf.task_always_eager = True


def sent_mails(count: int) -> list[list[str]]:
    deadline = time.monotonic() + 30
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return [m.to for m in mail.outbox]


# What every LogRecord has; anything else was passed as ``extra`` and is written out by
# structured (JSON) log formatters, so it is searched too.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def written(record: logging.LogRecord) -> str:
    """What a log handler may write of a record: message, traceback and extra fields."""
    extras = {k: v for k, v in vars(record).items() if k not in STANDARD_ATTRIBUTES}
    return f"{record.getMessage()} {record.exc_text or ''} {extras!r}"


def assert_not_logged(logs, *values):
    # factory_boy logs how the test built its data; that is the test talking, not the portal.
    text = "\n".join(written(r) for r in logs.records if not r.name.startswith("factory"))
    leaked = [value for value in values if value in text]
    assert leaked == [], f"personal data in the logs: {leaked}"


def test_a_reservation_logs_no_personal_data(client, logs):
    slot = SlotFactory(seats=4)
    data = form_data(
        name="綾瀬 花子",
        name_kana="アヤセ ハナコ",
        email="hanako.ayase@example.jp",
        phone="090-1234-5678",
        accessibility_needs="車いすで伺います",
    )
    _confirm, done = reserve_through_the_pages(client, slot, **data)
    assert done.status_code == 302
    client.get(done.url)
    assert sent_mails(1) == [["hanako.ayase@example.jp"]]
    assert_not_logged(
        logs, "綾瀬 花子", "アヤセ ハナコ", "hanako.ayase", "090-1234-5678", "09012345678", "車いす"
    )


def test_sign_in_failed_sign_in_and_password_reset_log_no_personal_data(client, logs):
    user = UserFactory(email="taro.yamada@example.jp", name="山田 太郎", password="a-secret-pass-1")
    wrong = client.post(
        "/accounts/login/", {"login": "taro.yamada@example.jp", "password": "wrong-secret-2"}
    )
    assert wrong.status_code == 200
    unknown = client.post(
        "/accounts/login/", {"login": "nobody.here@example.jp", "password": "other-secret-3"}
    )
    assert unknown.status_code == 200
    right = client.post(
        "/accounts/login/", {"login": "taro.yamada@example.jp", "password": "a-secret-pass-1"}
    )
    assert right.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)
    client.post("/accounts/logout/")
    client.post("/accounts/password/reset/", {"email": "taro.yamada@example.jp"})
    client.post("/accounts/password/reset/", {"email": "nobody.here@example.jp"})
    assert sorted(sent_mails(2)) == [["nobody.here@example.jp"], ["taro.yamada@example.jp"]]
    reset_mail = next(m for m in mail.outbox if m.to == ["taro.yamada@example.jp"])
    reset_link = re.search(r"/accounts/password/reset/key/(\S+)/", reset_mail.body).group(1)
    assert_not_logged(
        logs,
        reset_link,
        "taro.yamada",
        "nobody.here",
        "山田",
        "a-secret-pass-1",
        "wrong-secret-2",
        "other-secret-3",
    )


def test_an_invitation_logs_no_personal_data(client, staff, logs):
    invitation = account_services.invitation_create(
        email="jiro.sato@example.jp", kind=Invitation.Kind.COMMITTEE_MEMBER, invited_by=staff
    )
    assert sent_mails(1) == [["jiro.sato@example.jp"]]
    response = client.post(
        f"/accounts/invitation/{invitation.key}/",
        {"name": "佐藤 次郎", "password1": "jiro-passphrase-9", "password2": "jiro-passphrase-9"},
    )
    assert response.status_code == 302
    assert_not_logged(logs, "jiro.sato", "佐藤", "jiro-passphrase-9", invitation.key)
