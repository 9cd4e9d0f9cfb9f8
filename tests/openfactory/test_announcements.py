"""City staff mail everyone holding a reservation in a slot or on an area day."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from openfactory import services
from openfactory.models import Announcement, AnnouncementDelivery, Reservation
from openfactory.services import AnnouncementError
from tests.accounts.factories import UserFactory
from tests.companies.factories import MembershipFactory
from tests.conftest import PASSWORD, ROLES
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
)

STAFF = {"staff", "superuser"}
MATRIX = [*ROLES, "other_company_staff"]


@pytest.fixture
def day(company):
    """An area day: the role fixtures' company with two slots, another company with one;
    reservations in every status; and someone on another day."""
    area_day = AreaDayFactory()
    programme = ProgrammeFactory(exhibitor__area_day=area_day, exhibitor__company=company)
    morning = SlotFactory(programme=programme)
    afternoon = SlotFactory(
        programme=programme,
        starts_at=morning.starts_at.replace(hour=13),
        ends_at=morning.starts_at.replace(hour=14),
    )
    elsewhere = SlotFactory(programme__exhibitor__area_day=area_day)
    S = Reservation.Status
    people = {
        "confirmed": ReservationFactory(slot=morning, email="kakutei@example.jp"),
        "waitlisted": ReservationFactory(
            slot=morning, email="machi@example.jp", status=S.WAITLISTED
        ),
        "cancelled": ReservationFactory(
            slot=morning, email="torikeshi@example.jp", status=S.CANCELLED
        ),
        "attended": ReservationFactory(slot=morning, email="raijo@example.jp", status=S.ATTENDED),
        "no_show": ReservationFactory(slot=morning, email="fusanka@example.jp", status=S.NO_SHOW),
        "twice_a": ReservationFactory(slot=morning, email="futatsu@example.jp", name="二つ 予約"),
        "twice_b": ReservationFactory(slot=afternoon, email="futatsu@example.jp", name="二つ 予約"),
        "english": ReservationFactory(slot=afternoon, email="visitor@example.com", language="en"),
        "lottery": ReservationFactory(slot=elsewhere, email="chusen@example.jp", status=S.APPLIED),
        "other_day": ReservationFactory(email="betsubi@example.jp"),
        "anonymised": ReservationFactory(
            slot=elsewhere, email="", name="", anonymised_at=timezone.now()
        ),
    }
    return {"area_day": area_day, "morning": morning, "afternoon": afternoon, "people": people}


DAY_ADDRESSES = {
    "kakutei@example.jp",
    "machi@example.jp",
    "futatsu@example.jp",
    "visitor@example.com",
    "chusen@example.jp",
}
MORNING_ADDRESSES = {"kakutei@example.jp", "machi@example.jp", "futatsu@example.jp"}


def new_url(day, scope="day"):
    pk = day["area_day"].pk if scope == "day" else day["morning"].pk
    return f"/openfactory/announcements/new/{scope}/{pk}/"


def form_data(**overrides):
    data = {
        "subject": "雨天のため屋内で実施します",
        "body": "本日は雨のため、体験は第2工場の中で行います。\n傘をお持ちください。",
        "subject_en": "",
        "body_en": "",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return data


def send(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, {**data, "op": "send"})


# --- Who may write and send ---------------------------------------------------------------


@pytest.fixture
def other_company_staff(db):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, role="owner")
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("role", MATRIX)
def test_only_city_staff_open_the_announcement_pages(
    client, role, user_for_role, request, day, django_capture_on_commit_callbacks
):
    user = (
        request.getfixturevalue("other_company_staff")
        if role == "other_company_staff"
        else user_for_role(role)
    )
    if user is not None:
        client.force_login(user)
    announcement = services.announcement_create(
        area_day=day["area_day"], subject="件名", body="本文"
    )
    paths = [
        new_url(day, "day"),
        new_url(day, "slot"),
        "/openfactory/announcements/",
        announcement.get_absolute_url(),
    ]
    for path in paths:
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302 and response.url.startswith("/accounts/login/")
        else:
            assert response.status_code == (200 if role in STAFF else 403), path
    # Nor do they send: nothing is stored, nothing mailed.
    response = send(
        client, new_url(day), form_data(subject="乗っ取り"), django_capture_on_commit_callbacks
    )
    assert response.status_code == (403 if role not in STAFF | {"anonymous"} else 302)
    sent = Announcement.objects.filter(subject="乗っ取り").exists()
    assert sent == (role in STAFF)
    assert bool(mail.outbox) == (role in STAFF)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "owner", "staff"])
def test_the_area_day_page_offers_the_mail_to_city_staff_only(client_for_role, role, day):
    body = client_for_role(role).get(day["area_day"].get_absolute_url()).content.decode()
    assert (new_url(day) in body) == (role in STAFF)


# --- Who gets the mail ----------------------------------------------------------------------


@pytest.mark.django_db
def test_everyone_holding_a_reservation_on_the_day_gets_one_mail_of_their_own(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    preview = client.post(new_url(day), {**form_data(), "op": "preview"})
    assert preview.status_code == 200
    assert "5件のアドレスに送信します" in preview.content.decode()
    assert not Announcement.objects.exists() and not mail.outbox  # a preview sends nothing

    response = send(client, new_url(day), form_data(), django_capture_on_commit_callbacks)
    announcement = Announcement.objects.get()
    assert response.status_code == 302 and response.url == announcement.get_absolute_url()
    assert {m.to[0] for m in mail.outbox} == DAY_ADDRESSES
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.subject == "[あやせ工場オープンファクトリー] 雨天のため屋内で実施します"
    # Two reservations of one address: one mail that names both.
    (both,) = [m for m in mail.outbox if m.to == ["futatsu@example.jp"]]
    assert both.body.startswith("二つ 予約 様")
    assert both.body.count("/openfactory/reservations/") == 2
    assert "傘をお持ちください。" in both.body
    announcement.refresh_from_db()
    assert announcement.sent_at is not None and announcement.recipients == 5
    assert announcement.created_by == staff and announcement.scope == "area_day"
    page = client.get(announcement.get_absolute_url()).content.decode()
    assert "5件のアドレスに送信しました" in page


@pytest.mark.django_db
def test_a_slot_announcement_reaches_that_slot_only(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    response = send(client, new_url(day, "slot"), form_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == MORNING_ADDRESSES
    (twice,) = [m for m in mail.outbox if m.to == ["futatsu@example.jp"]]
    assert twice.body.count("/openfactory/reservations/") == 1
    assert Announcement.objects.get().slot == day["morning"]


@pytest.mark.django_db
def test_english_visitors_get_the_english_text_when_there_is_one(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    send(
        client,
        new_url(day),
        form_data(subject_en="Indoors because of rain", body_en="Bring an umbrella."),
        django_capture_on_commit_callbacks,
    )
    (english,) = [m for m in mail.outbox if m.to == ["visitor@example.com"]]
    assert english.subject == "[Ayase open factory] Indoors because of rain"
    assert "Bring an umbrella." in english.body and "Your reservations:" in english.body
    (japanese,) = [m for m in mail.outbox if m.to == ["kakutei@example.jp"]]
    assert "傘をお持ちください。" in japanese.body and "Bring" not in japanese.body


@pytest.mark.django_db
def test_without_english_text_everyone_gets_japanese(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    send(client, new_url(day), form_data(), django_capture_on_commit_callbacks)
    (english,) = [m for m in mail.outbox if m.to == ["visitor@example.com"]]
    assert "傘をお持ちください。" in english.body and "ご予約" in english.body


# --- Sent once ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_double_submit_stores_and_sends_one_announcement(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    data = form_data()
    first = send(client, new_url(day), data, django_capture_on_commit_callbacks)
    second = send(client, new_url(day), data, django_capture_on_commit_callbacks)
    assert first.url == second.url
    assert Announcement.objects.count() == 1
    assert len(mail.outbox) == len(DAY_ADDRESSES)


@pytest.mark.django_db
def test_running_the_task_again_sends_nothing_twice(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        announcement = services.announcement_create(
            area_day=day["area_day"], subject="件名", body="本文"
        )
    assert len(mail.outbox) == 5
    assert services.announcement_send(announcement_id=announcement.pk) == 0
    # Even with the "sent" mark gone (a worker died after the last mail), no one gets two.
    Announcement.objects.filter(pk=announcement.pk).update(sent_at=None)
    assert services.announcement_send(announcement_id=announcement.pk) == 0
    assert len(mail.outbox) == 5
    assert AnnouncementDelivery.objects.count() == 5


@pytest.mark.django_db
def test_a_failed_mail_is_retried_and_the_others_are_not_resent(day, monkeypatch):
    announcement = services.announcement_create(
        area_day=day["area_day"], subject="件名", body="本文"
    )
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("SMTP went away")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    with pytest.raises(OSError):
        services.announcement_send(announcement_id=announcement.pk)
    assert len(mail.outbox) == 2
    assert AnnouncementDelivery.objects.count() == 2  # the failed one left no claim
    assert Announcement.objects.get().sent_at is None
    assert services.announcement_send(announcement_id=announcement.pk) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(DAY_ADDRESSES)
    assert Announcement.objects.get().recipients == 5


@pytest.mark.serial  # two threads racing for the same lock
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_mail_each_address_once(day):
    announcement = services.announcement_create(
        area_day=day["area_day"], subject="件名", body="本文"
    )
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        barrier.wait()
        try:
            services.announcement_send(announcement_id=announcement.pk)
        except Exception as error:  # asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sorted(m.to[0] for m in mail.outbox) == sorted(DAY_ADDRESSES)
    assert Announcement.objects.get().recipients == 5


@pytest.mark.django_db
def test_an_unsent_announcement_is_picked_up_by_the_sweep(day):
    from datetime import timedelta

    from openfactory.tasks import send_missing_mails

    announcement = services.announcement_create(
        area_day=day["area_day"], subject="件名", body="本文"
    )  # no on_commit here: as if the broker had been down
    Announcement.objects.filter(pk=announcement.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert not mail.outbox
    send_missing_mails()
    assert {m.to[0] for m in mail.outbox} == DAY_ADDRESSES


# --- Bad input --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"subject": "  "}, "subject", "このフィールドは必須です"),
        ({"body": "　\n "}, "body", "このフィールドは必須です"),
        ({"subject": "あ" * 151}, "subject", "150 文字以下"),
        ({"body": "あ" * 5001}, "body", "5000 文字以下"),
        ({"subject_en": "Rain"}, "body_en", "英語版には件名と本文の両方"),
        ({"body_en": "Rain"}, "subject_en", "英語版には件名と本文の両方"),
    ],
)
def test_bad_input_is_told_beside_its_field_and_nothing_is_sent(
    client, staff, day, django_capture_on_commit_callbacks, changes, field, message
):
    client.force_login(staff)
    for op in ("preview", "send"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(new_url(day), {**form_data(**changes), "op": op})
        assert response.status_code == 400
        errors = " ".join(response.context["form"].errors[field])
        assert message in errors
        assert message in response.content.decode()
    assert not Announcement.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_a_subject_cannot_carry_extra_mail_headers(
    client, staff, day, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    response = send(
        client,
        new_url(day),
        form_data(subject="お知らせ\r\nBcc: everyone@example.jp"),
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert all(not m.bcc and "\n" not in m.subject for m in mail.outbox)


@pytest.mark.django_db
def test_no_one_to_mail_is_told(client, staff, django_capture_on_commit_callbacks):
    slot = SlotFactory()
    ReservationFactory(slot=slot, status=Reservation.Status.CANCELLED)
    client.force_login(staff)
    url = f"/openfactory/announcements/new/slot/{slot.pk}/"
    assert "0件のアドレス" in client.get(url).content.decode()
    response = send(client, url, form_data(), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "メールを送る相手がいません" in response.content.decode()
    assert not Announcement.objects.exists()
    with pytest.raises(AnnouncementError):
        services.announcement_create(
            area_day=slot.programme.exhibitor.area_day, slot=slot, subject="a", body="b"
        )


@pytest.mark.django_db
def test_unknown_targets_are_404(client, staff):
    client.force_login(staff)
    assert client.get("/openfactory/announcements/new/edition/1/").status_code == 404
    assert client.get("/openfactory/announcements/new/slot/999999/").status_code == 404
    assert client.get("/openfactory/announcements/new/day/999999/").status_code == 404
    assert client.get("/openfactory/announcements/999999/").status_code == 404


@pytest.mark.django_db
def test_a_tampered_key_keeps_the_text(client, staff, day):
    client.force_login(staff)
    response = client.post(new_url(day), {**form_data(idempotency_key="<x>"), "op": "send"})
    assert response.status_code == 400
    assert "傘をお持ちください。" in response.content.decode()
    assert not Announcement.objects.exists()


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_do_not_grow_with_the_reservations(client, staff, day, django_assert_num_queries):
    client.force_login(staff)
    services.announcement_create(area_day=day["area_day"], subject="件名", body="本文")
    urls = {
        # session, user, groups with memberships (header), target, recipients
        new_url(day, "slot"): 5,
        new_url(day, "day"): 5,
        # session, user, groups with memberships (header), count, page
        "/openfactory/announcements/": 5,
    }
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
    for _ in range(5):
        ReservationFactory.create_batch(3, slot=day["morning"], status="waitlisted")
        ReservationFactory(
            slot=SlotFactory(programme__exhibitor=ExhibitorFactory(area_day=day["area_day"]))
        )
        services.announcement_create(area_day=day["area_day"], subject="件名", body="本文")
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
