"""Reservation workflows: seats, waitlist, cancellation, lottery, mails, retention."""

import datetime as dt
import random

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from openfactory import selectors, services
from openfactory.models import Edition, Programme, Reservation, ReservationMail, Slot
from openfactory.services import ReservationError, SlotFullError
from tests.openfactory.factories import ReservationFactory, SlotFactory, in_days

pytestmark = pytest.mark.django_db


def reserve(slot, n=0, **kwargs):
    data = {
        "slot_id": slot.pk,
        "name": f"綾瀬 花子{n}",
        "name_kana": "アヤセ ハナコ",
        "email": f"visitor{n}@example.jp",
        "phone": "090-1234-5678",
        "adults": 1,
        "children": 1,
        **kwargs,
    }
    return services.reservation_create(**data)


@pytest.fixture
def slot(db):
    return SlotFactory(seats=4)


def test_a_reservation_takes_seats_and_mails_a_confirmation_with_qr_and_link(
    slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reservation = reserve(
            slot, phone="０９０ー１２３４ー５６７８", email="ＨＡＮＡＫＯ@example.jp"
        )
    slot.refresh_from_db()
    assert reservation.status == Reservation.Status.CONFIRMED
    assert reservation.phone == "09012345678"
    assert reservation.email == "hanako@example.jp"
    assert slot.seats_taken == 2 and slot.seats_left == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    assert "予約が確定しました" in message.subject
    assert f"/openfactory/reservations/{reservation.token}/" in message.body
    assert reservation.code in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == f"checkin-{reservation.code}.png"
    assert mimetype == "image/png" and content.startswith(b"\x89PNG")
    assert ReservationMail.objects.filter(reservation=reservation, kind="confirmed").exists()


def test_the_mail_task_sends_once_even_if_run_twice(slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reservation = reserve(slot)
    assert not services.reservation_mail_send(reservation_id=reservation.pk, kind="confirmed")
    assert len(mail.outbox) == 1


def test_mails_are_in_english_for_a_visitor_of_the_english_site(
    slot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reserve(slot, language="en")
    assert mail.outbox[0].subject == "[Ayase open factory] Your reservation is confirmed"
    assert "Dear 綾瀬 花子0," in mail.outbox[0].body


def test_a_full_slot_refuses_unless_the_visitor_joins_the_waitlist(slot):
    reserve(slot, 1, adults=2, children=1)
    with pytest.raises(SlotFullError, match="残り1席"):
        reserve(slot, 2, adults=1, children=1)
    waiting = reserve(slot, 2, adults=1, children=1, join_waitlist=True)
    slot.refresh_from_db()
    assert waiting.status == Reservation.Status.WAITLISTED
    assert slot.seats_taken == 3


def test_a_double_submit_makes_one_reservation(slot, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = reserve(slot, idempotency_key="a" * 32)
        second = reserve(slot, idempotency_key="a" * 32)
    slot.refresh_from_db()
    assert first.pk == second.pk
    assert Reservation.objects.count() == 1
    assert slot.seats_taken == 2
    assert len(mail.outbox) == 1


def test_one_address_holds_one_reservation_per_slot(slot):
    first = reserve(slot, 1, adults=1, children=0)
    # Told exactly to the visitor whose reservation it is (made in their browser)...
    with pytest.raises(ReservationError, match="すでに予約") as error:
        reserve(slot, 1, adults=1, children=0, remembered_ids=[first.pk])
    assert (error.value.field, error.value.code) == ("email", "duplicate")
    # ...and without naming the slot to anyone who only typed the address.
    with pytest.raises(ReservationError, match="この予約をお受けできません") as error:
        reserve(slot, 1, adults=1, children=0)
    assert (error.value.field, error.value.code) == ("email", "refused")
    assert Reservation.objects.count() == 1


def test_one_address_holds_at_most_the_set_number_per_area_day(settings):
    settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY = 2
    first = SlotFactory()
    area_day = first.programme.exhibitor.area_day
    others = [SlotFactory(programme__exhibitor__area_day=area_day) for _ in range(2)]
    held = [reserve(first, 1).pk, reserve(others[0], 1).pk]
    with pytest.raises(ReservationError, match="すでに2件予約しています") as error:
        reserve(others[1], 1, remembered_ids=held)
    assert (error.value.field, error.value.code) == ("email", "limit")
    # Someone who only typed the address is not told how many it holds.
    with pytest.raises(ReservationError, match="1日2件までです。ご予約の内容は") as error:
        reserve(others[1], 1, remembered_ids=held[:1])
    assert (error.value.field, error.value.code) == ("email", "refused")
    # Another day is another count.
    reserve(SlotFactory(), 1)


@pytest.mark.parametrize(("adults", "children"), [(0, 0), (999, 0), (3, 2)])
def test_a_party_outside_the_limit_is_refused(slot, adults, children):
    with pytest.raises(ReservationError):
        reserve(slot, adults=adults, children=children)
    assert not Reservation.objects.exists()


def test_reservations_close_a_set_time_before_the_slot(settings):
    settings.OPENFACTORY_RESERVATION_CLOSE_MINUTES = 60
    slot = SlotFactory(starts_at=timezone.now() + dt.timedelta(minutes=59), ends_at=in_days(1))
    with pytest.raises(ReservationError, match="締め切りました"):
        reserve(slot)
    slot.reservations_close_at = timezone.now() + dt.timedelta(minutes=5)
    slot.save()
    assert reserve(slot).status == Reservation.Status.CONFIRMED


def test_a_past_slot_a_closed_or_unpublished_edition_and_a_walk_in_programme_refuse(slot):
    past = SlotFactory(starts_at=in_days(-1), ends_at=in_days(-1, 11))
    with pytest.raises(ReservationError, match="終了しました"):
        reserve(past)
    edition = slot.programme.exhibitor.area_day.edition
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.CLOSED)
    with pytest.raises(ReservationError, match="受付を終了しました"):
        reserve(slot)
    Edition.objects.filter(pk=edition.pk).update(status="open", is_published=False)
    with pytest.raises(ReservationError):
        reserve(slot)
    walk_in = SlotFactory(programme__admission=Programme.Admission.WALK_IN)
    with pytest.raises(ReservationError, match="予約不要"):
        reserve(walk_in)
    assert not Reservation.objects.exists()


def test_cancelling_frees_seats_and_promotes_the_first_waiting_party_that_fits(
    slot, django_capture_on_commit_callbacks
):
    holder = reserve(slot, 1, adults=2, children=0)
    reserve(slot, 2, adults=2, children=0)
    big = reserve(slot, 3, adults=3, children=0, join_waitlist=True)
    small = reserve(slot, 4, adults=2, children=0, join_waitlist=True)
    later = reserve(slot, 5, adults=1, children=0, join_waitlist=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reservation_cancel(token=holder.token)
    for r in (holder, big, small, later):
        r.refresh_from_db()
    slot.refresh_from_db()
    assert holder.status == Reservation.Status.CANCELLED
    # Two seats came free: the party of three does not fit, the party of two does.
    assert big.status == Reservation.Status.WAITLISTED
    assert small.status == Reservation.Status.CONFIRMED
    assert later.status == Reservation.Status.WAITLISTED
    assert slot.seats_taken == 4
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "キャンセル" in subjects["visitor1@example.jp"]
    assert "キャンセル待ちから" in subjects["visitor4@example.jp"]
    assert len(mail.outbox) == 2


def test_cancelling_needs_the_reservations_own_token(slot):
    mine = reserve(slot, 1)
    other = reserve(slot, 2)
    with pytest.raises(ReservationError):
        services.reservation_cancel(token=mine.token[:-1] + "x")
    with pytest.raises(ReservationError):
        services.reservation_cancel(token="")
    services.reservation_cancel(token=mine.token)
    other.refresh_from_db()
    assert other.status == Reservation.Status.CONFIRMED
    with pytest.raises(ReservationError, match="キャンセルできません"):
        services.reservation_cancel(token=mine.token)


def test_a_started_slot_is_not_cancelled_online(slot):
    reservation = reserve(slot)
    with pytest.raises(ReservationError, match="始まっている"):
        services.reservation_cancel(token=reservation.token, now=slot.starts_at)


def test_added_seats_go_to_the_waitlist(slot):
    reserve(slot, 1, adults=4, children=0)
    waiting = reserve(slot, 2, adults=1, children=0, join_waitlist=True)
    Slot.objects.filter(pk=slot.pk).update(seats=5)
    promoted = services.waitlist_promote(slot_id=slot.pk)
    waiting.refresh_from_db()
    assert promoted == [waiting] and waiting.status == Reservation.Status.CONFIRMED


@pytest.fixture
def lottery_slot(db):
    return SlotFactory(
        seats=4,
        programme__allocation=Programme.Allocation.LOTTERY,
        programme__lottery_closes_at=timezone.now() + dt.timedelta(days=1),
    )


def test_a_lottery_draws_fairly_confirms_winners_and_waitlists_the_rest_in_draw_order(
    lottery_slot, django_capture_on_commit_callbacks
):
    entries = [reserve(lottery_slot, n, adults=1, children=1) for n in range(5)]
    assert {e.status for e in entries} == {Reservation.Status.APPLIED}
    lottery_slot.refresh_from_db()
    assert lottery_slot.seats_taken == 0
    with pytest.raises(ReservationError):
        services.lottery_draw(slot_id=lottery_slot.pk)

    after = timezone.now() + dt.timedelta(days=2)
    expected = sorted(entries, key=lambda e: e.pk)
    random.Random(7).shuffle(expected)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.lottery_draw(slot_id=lottery_slot.pk, now=after, rng=random.Random(7))
    drawn = list(Reservation.objects.filter(slot=lottery_slot).order_by("draw_order"))
    assert [r.pk for r in drawn] == [e.pk for e in expected]
    assert [r.draw_order for r in drawn] == [1, 2, 3, 4, 5]
    assert [r.status for r in drawn] == ["confirmed", "confirmed"] + ["waitlisted"] * 3
    lottery_slot.refresh_from_db()
    assert lottery_slot.seats_taken == 4 and lottery_slot.drawn_at == after
    assert len(mail.outbox) == 5
    won = [m for m in mail.outbox if "当選" in m.subject]
    assert sorted(m.to[0] for m in won) == sorted(r.email for r in drawn[:2])

    # Drawing again changes nothing; a cancellation promotes the next in draw order.
    assert services.lottery_draw(slot_id=lottery_slot.pk, now=after) == []
    services.reservation_cancel(token=drawn[0].token)
    drawn[2].refresh_from_db()
    assert drawn[2].status == Reservation.Status.CONFIRMED


def test_lottery_entries_close_at_the_deadline(lottery_slot):
    after = lottery_slot.programme.lottery_closes_at + dt.timedelta(minutes=1)
    with pytest.raises(ReservationError, match="抽選"):
        reserve(lottery_slot, now=after)
    assert selectors.lottery_slots_due(now=after) == [lottery_slot.pk]


def test_the_reminder_goes_the_day_before_once(django_capture_on_commit_callbacks):
    from openfactory.tasks import send_reminders

    tomorrow = SlotFactory(starts_at=in_days(1, 10), ends_at=in_days(1, 11))
    later = SlotFactory(starts_at=in_days(3, 10), ends_at=in_days(3, 11))
    reminded = ReservationFactory(slot=tomorrow, language="en")
    ReservationFactory(slot=later)
    ReservationFactory(slot=tomorrow, status=Reservation.Status.CANCELLED)
    assert send_reminders() == 1
    assert send_reminders() == 0
    assert [m.to[0] for m in mail.outbox] == [reminded.email]
    assert mail.outbox[0].subject == "[Ayase open factory] Tomorrow: your open factory reservation"


def test_mails_that_never_went_out_are_sent_by_the_sweep(slot):
    # Without capturing on-commit callbacks the mail task is never run, as if Redis was down.
    reservation = reserve(slot)
    assert mail.outbox == []
    later = timezone.now() + dt.timedelta(minutes=10)
    assert selectors.mails_missing(now=later) == [(reservation.pk, "confirmed")]
    for pk, kind in selectors.mails_missing(now=later):
        services.reservation_mail_send(reservation_id=pk, kind=kind)
    assert len(mail.outbox) == 1
    assert selectors.mails_missing(now=later) == []


def test_personal_data_is_removed_after_the_retention_period(settings):
    settings.OPENFACTORY_RETENTION_DAYS = 90
    old = SlotFactory(
        programme__exhibitor__area_day__date=timezone.localdate() - dt.timedelta(days=91),
        starts_at=in_days(-91),
        ends_at=in_days(-91, 11),
    )
    recent = SlotFactory(
        programme__exhibitor__area_day__date=timezone.localdate() - dt.timedelta(days=89),
        starts_at=in_days(-89),
        ends_at=in_days(-89, 11),
    )
    gone = ReservationFactory(slot=old, status=Reservation.Status.ATTENDED, adults=2)
    kept = ReservationFactory(slot=recent)
    assert services.reservations_anonymise() == 1
    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.name, gone.email, gone.phone) == ("", "", "")
    assert gone.adults == 2 and gone.status == "attended" and gone.anonymised_at
    assert kept.name and kept.email


@pytest.mark.parametrize("days", [1, 90])
def test_personal_data_is_removed_on_the_day_the_privacy_notice_names_not_before(
    client, settings, days, visitor
):
    """The notice says: deleted N days after the day of the event. The daily task that runs
    on the day before keeps everything; the one that runs on that day removes it."""
    settings.OPENFACTORY_RETENTION_DAYS = days
    notice = client.get("/openfactory/privacy/").content.decode()
    assert f"開催日の{days}日後に自動で削除します" in notice
    assert "お名前・ふりがな・メールアドレス・電話番号・配慮が必要なことは" in notice
    event = dt.date(2031, 9, 6)
    slot = SlotFactory(
        programme__exhibitor__area_day__date=event,
        starts_at=timezone.make_aware(dt.datetime(2031, 9, 6, 10)),
        ends_at=timezone.make_aware(dt.datetime(2031, 9, 6, 11)),
    )
    visit = ReservationFactory(
        slot=slot,
        status=Reservation.Status.ATTENDED,
        adults=2,
        accessibility_needs="車いすで伺います",
        heard_from="sns",
        user=visitor,
        idempotency_key="b" * 32,
    )
    personal = ("name", "name_kana", "email", "phone", "accessibility_needs")

    assert services.reservations_anonymise(today=event + dt.timedelta(days=days - 1)) == 0
    visit.refresh_from_db()
    assert all(getattr(visit, field) for field in personal)
    assert visit.anonymised_at is None
    assert client.get(visit.get_absolute_url()).status_code == 200

    assert services.reservations_anonymise(today=event + dt.timedelta(days=days)) == 1
    visit.refresh_from_db()
    assert [getattr(visit, field) for field in personal] == [""] * 5
    assert (visit.user, visit.idempotency_key) == (None, None)
    assert visit.anonymised_at is not None
    # What the notice says remains, for the statistics.
    assert (visit.slot_id, visit.adults, visit.status, visit.heard_from) == (
        slot.pk,
        2,
        "attended",
        "sns",
    )
    assert client.get(visit.get_absolute_url()).status_code == 404
    # Run again (the task is daily): nothing more to do.
    assert services.reservations_anonymise(today=event + dt.timedelta(days=days + 1)) == 0


def test_the_database_refuses_overbooking_and_empty_parties(slot):
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(seats_taken=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReservationFactory(slot=slot, adults=0, children=0)
