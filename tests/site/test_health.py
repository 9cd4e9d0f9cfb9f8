"""/healthz and ``manage.py ops_status``: database, cache, broker, the workers' queue and the
age of the oldest unsent mail; /healthz answers 503 only while the database is unreachable.

The outage test runs the real gunicorn with the production settings and cuts the database
off for real: on PostgreSQL through a TCP proxy that is stopped and started again, on SQLite
by a database folder that disappears and comes back.
"""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from ayase_portal.celery import app
from openfactory.models import Announcement, Reservation, ReservationMail
from talent.models import Transition
from tests.openfactory.factories import AreaDayFactory, ReservationFactory, SlotFactory
from tests.openfactory.survey_factories import SurveyFactory
from tests.outages import get_status, gunicorn
from tests.talent.factories import ApplicationFactory, submitted


@pytest.mark.django_db
def test_healthz_reports_each_component(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert data["queue_length"] == (0 if settings.REDIS_URL else None)
    assert data["oldest_unsent_mail_seconds"] is None
    assert data["status"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def _age(minutes):
    return timezone.now() - dt.timedelta(minutes=minutes)


def _late_reservation(minutes, **fields):
    """A reservation whose mail never went out (the broker was down when it was made)."""
    reservation = ReservationFactory(**fields)
    Reservation.objects.filter(pk=reservation.pk).update(updated_at=_age(minutes))
    return reservation


@pytest.mark.django_db
def test_healthz_reports_the_oldest_unsent_reservation_mail_and_degrades_past_the_limit(client):
    sent = _late_reservation(90)
    ReservationMail.objects.create(reservation=sent, kind=ReservationMail.Kind.CONFIRMED)
    _late_reservation(60 * 24 * 3)  # past the sweep's two days: given up, not counted
    _late_reservation(3)
    data = client.get("/healthz").json()
    assert 175 <= data["oldest_unsent_mail_seconds"] <= 185
    assert data["status"] == "ok"

    cancelled = _late_reservation(25, status=Reservation.Status.CANCELLED)
    ReservationMail.objects.create(reservation=cancelled, kind=ReservationMail.Kind.CONFIRMED)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert 1495 <= response.json()["oldest_unsent_mail_seconds"] <= 1505
    assert response.json()["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_counts_unsent_announcements_talent_mails_and_survey_links(client):
    slot = SlotFactory()
    announcement = Announcement.objects.create(
        scope=Announcement.Scope.AREA_DAY,
        area_day=slot.programme.exhibitor.area_day,
        target="…",
        subject="雨天のお知らせ",
        body="…",
    )
    Announcement.objects.filter(pk=announcement.pk).update(created_at=_age(7))
    assert 415 <= client.get("/healthz").json()["oldest_unsent_mail_seconds"] <= 425

    submitted(ApplicationFactory())
    Transition.objects.update(created_at=_age(40))
    assert 2395 <= client.get("/healthz").json()["oldest_unsent_mail_seconds"] <= 2405
    Transition.objects.update(mailed_at=timezone.now())

    # A visitor checked in on an area day two days ago, whose survey link never went out:
    # due that evening at OPENFACTORY_SURVEY_MAIL_HOUR.
    day = AreaDayFactory(date=timezone.localdate() - dt.timedelta(days=2))
    SurveyFactory(area_day=day)
    ReservationFactory(
        slot=SlotFactory(programme__exhibitor__area_day=day),
        status=Reservation.Status.ATTENDED,
        checked_in_at=timezone.now() - dt.timedelta(days=2),
    )
    due = timezone.make_aware(
        dt.datetime.combine(day.date, dt.time(settings.OPENFACTORY_SURVEY_MAIL_HOUR))
    )
    age = client.get("/healthz").json()["oldest_unsent_mail_seconds"]
    assert abs(age - (timezone.now() - due).total_seconds()) < 5


@pytest.mark.django_db
def test_healthz_runs_the_same_few_queries_whatever_the_data(client, django_assert_num_queries):
    with django_assert_num_queries(5):  # SELECT 1, then four for the unsent mail
        client.get("/healthz")
    for minutes in (10, 20, 30):
        _late_reservation(minutes)
        submitted(ApplicationFactory())
    with django_assert_num_queries(5):
        data = client.get("/healthz").json()
    assert data["oldest_unsent_mail_seconds"] > 0


@pytest.mark.django_db
def test_healthz_tells_a_stranger_nothing_personal(client):
    reservation = _late_reservation(30, email="hanako.health@example.jp", name="綾瀬 健康")
    response = client.get("/healthz")
    assert set(response.json()) == {
        "database",
        "cache",
        "broker",
        "queue_length",
        "oldest_unsent_mail_seconds",
        "status",
    }
    body = response.content.decode()
    assert reservation.email not in body and "綾瀬" not in body


@pytest.mark.serial  # puts messages on the broker's queue (nothing else consumes it then)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")
@pytest.mark.django_db
def test_healthz_counts_the_tasks_waiting_in_the_queue(client):
    before = client.get("/healthz").json()["queue_length"]
    if not settings.REDIS_URL:  # tasks run in the process that queues them: no queue
        assert before is None
        return
    for _ in range(3):
        app.send_task("openfactory.tasks.send_reservation_mail", args=[0, "confirmed"])
    try:
        assert client.get("/healthz").json()["queue_length"] == before + 3
    finally:
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(app.conf.task_default_queue)


def _ops_status(*args):
    out = io.StringIO()
    try:
        call_command("ops_status", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


@pytest.mark.django_db
def test_ops_status_prints_each_figure_and_exits_0_when_all_is_well():
    code, out = _ops_status()
    assert code == 0
    lines = dict(
        line.split(maxsplit=1) for line in out.replace("oldest unsent mail", "mail").splitlines()
    )
    assert lines["database"] == "ok"
    assert lines["cache"] == "ok"
    assert lines["broker"] == ("ok" if settings.REDIS_URL else "eager")
    assert lines["queue"] == (
        "0 tasks waiting (limit 100)" if settings.REDIS_URL else "none (eager)"
    )
    assert lines["mail"] == "none"
    assert lines["status"] == "ok"


@pytest.mark.django_db
def test_ops_status_exits_1_and_says_what_is_late():
    _late_reservation(95)
    code, out = _ops_status()
    assert code == 1
    assert "oldest unsent mail   1 h 35 min late (limit 20 min 0 s)" in out
    assert out.splitlines()[-1].split() == ["status", "degraded"]
    code, out = _ops_status("--json")
    assert code == 1 and '"status": "degraded"' in out


@pytest.mark.faults  # cuts the database off for real (and so runs serially)
@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_while_the_database_is_down_and_200_after(database_switch, tmp_path):
    url, cut, restore, extra_env = database_switch
    env = {"DATABASE_URL": url, "STATIC_ROOT": str(tmp_path / "static"), **extra_env}
    with gunicorn(env, settings.BASE_DIR) as base:
        health = f"{base}/healthz"
        assert get_status(health) == 200

        cut()
        assert get_status(health) == 503
        assert get_status(health) == 503

        restore()
        assert get_status(health) == 200
