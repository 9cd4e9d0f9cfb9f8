"""Redis stopped for real while people sign in, reserve and post.

Each test gives the portal a redis-server of its own (cache, rate limits and Celery broker,
as in production), stops it, uses the site, and starts it again. What must hold: every page
answers, everything typed is stored, the rate limits keep counting in each process, /healthz
says "degraded", and the mails that could not be queued go out exactly once once Redis is back.
"""

import datetime as dt
import logging
import time

import kombu.pools
import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from ayase_portal.celery import app
from companies.models import Photo, Post
from companies.tasks import make_missing_renditions
from core.cache import redis_cache
from openfactory.models import Reservation, ReservationMail
from openfactory.tasks import send_missing_mails
from tests.companies import images
from tests.conftest import PASSWORD
from tests.openfactory.factories import SlotFactory
from tests.openfactory.test_views import form_data, reserve_through_the_pages

pytestmark = pytest.mark.faults


def _drop_broker_connections():
    """Close pooled broker connections, so that the next task goes to the new broker URL."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis(private_redis, settings):
    """The portal's cache, rate limits and Celery broker on the test's own Redis."""
    settings.CACHES = {"default": redis_cache(private_redis.url)}
    saved = app.conf.broker_url, app.conf.task_always_eager
    _drop_broker_connections()
    app.conf.broker_url, app.conf.task_always_eager = private_redis.url, False
    try:
        yield private_redis
    finally:
        app.conf.broker_url, app.conf.task_always_eager = saved
        _drop_broker_connections()


def health(client) -> dict:
    return client.get("/healthz").json()


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db(transaction=True)
def test_sign_in_and_password_reset_work_while_redis_is_down(client, visitor, redis, caplog):
    assert health(client)["status"] == "ok"
    redis.stop()
    caplog.set_level(logging.WARNING)

    wrong = login(client, visitor.email, "not-the-password")
    assert wrong.status_code == 200
    assert "入力されたメールアドレスもしくはパスワードが正しくありません" in wrong.content.decode()

    signed_in = login(client, visitor.email)
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(visitor.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session

    reset = client.post("/accounts/password/reset/", {"email": visitor.email})
    assert reset.status_code == 302
    # The broker is down: the mail is sent by the web process itself rather than lost.
    assert [m.to for m in mail.outbox] == [[visitor.email]]

    assert "cache unreachable" in caplog.text
    status = health(client)
    assert status["cache"] == "error" and status["broker"] == "error"
    assert status["status"] == "degraded" and status["database"] == "ok"

    redis.start()
    assert health(client)["status"] == "ok"
    assert len(mail.outbox) == 1  # nothing was queued twice


@pytest.mark.django_db(transaction=True)
def test_failed_logins_are_still_limited_while_redis_is_down(client, visitor, redis):
    redis.stop()
    for attempt in range(5):
        assert login(client, visitor.email, f"wrong-{attempt}").status_code == 200
    # allauth's limit (5 failed attempts per address in 5 minutes) holds in this process's
    # memory until Redis is back: even the right password waits.
    blocked = login(client, visitor.email)
    assert "ログイン失敗が連続しています" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_reservations_made_while_redis_is_down_are_kept_and_mailed_once_after(client, redis):
    slot = SlotFactory(seats=10)
    redis.stop()
    for number in range(2):
        _confirm, done = reserve_through_the_pages(
            client, slot, email=f"family{number}@example.jp", idempotency_key=f"{number:032x}"
        )
        assert done.status_code == 302
        assert client.get(done.url).status_code == 200
    assert Reservation.objects.filter(status="confirmed").count() == 2
    assert mail.outbox == []  # nothing could be queued
    assert not ReservationMail.objects.exists()

    redis.start()
    assert health(client)["status"] == "ok"
    # Ten minutes later (the sweep leaves reservations younger than five minutes alone) beat
    # runs the sweep; here through a real worker on the restarted Redis.
    Reservation.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        send_missing_mails.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and ReservationMail.objects.count() < 2:
            time.sleep(0.1)
        send_missing_mails.delay()  # a second sweep finds nothing left to send
        time.sleep(1)
    assert sorted(m.to[0] for m in mail.outbox) == ["family0@example.jp", "family1@example.jp"]
    assert ReservationMail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_smart_navi_post_is_saved_while_redis_is_down(client, editor, company, redis):
    client.force_login(editor)
    redis.stop()
    response = client.post(
        f"/companies/{company.slug}/posts/new/",
        {
            "title": "停電訓練",
            "body": "全員で避難経路を確認しました。",
            "body_format": "plain",
            "category": "newsletter",
            "tags": "",
            "publish_at": "",
            "photos": [images.photo_upload(f"p{i}.jpg") for i in range(3)],
            "op": "save",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.photos.count() == 3
    # Renditions could not be queued: the photo is served from its master meanwhile.
    photo = post.cover
    assert photo.renditions_at is None
    page = client.get(photo.rendition_url("card", "jpg"))
    assert page.status_code == 200 and page["Content-Type"] == "image/jpeg"

    redis.start()
    assert health(client)["status"] == "ok"
    # Ten minutes later beat's sweep queues the renditions that were never made.
    Photo.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        make_missing_renditions.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and Photo.objects.filter(renditions_at=None).exists():
            time.sleep(0.1)
    assert not Photo.objects.filter(renditions_at=None).exists()
    assert make_missing_renditions() == 0  # nothing left: the sweep queues nothing twice


@pytest.mark.django_db(transaction=True)
def test_the_reservation_limit_still_counts_while_redis_is_down(client, redis, settings):
    settings.OPENFACTORY_RATE_LIMIT = 3
    slot = SlotFactory(seats=10)
    redis.stop()
    url = f"/openfactory/slots/{slot.pk}/reserve/"
    answers = [client.post(url, form_data(email=f"f{i}@example.jp")).status_code for i in range(4)]
    assert answers == [200, 200, 200, 429]
    assert not Reservation.objects.exists()  # the first step stores nothing
