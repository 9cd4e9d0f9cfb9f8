"""Many people reserving the same slot at the same moment never overbook it.

Each thread is one request with its own database connection. PostgreSQL here allows 100
connections in all, shared with other test runs, so at most 40 requests hold a connection at
once; all 200 threads start together and wait at a barrier first. On SQLite the same test
runs with the same 200 threads: the service serialises them (SQLite has no row locks).
"""

import threading

import pytest
from django.db import connection, connections

from openfactory import services
from openfactory.models import Reservation, ReservationMail, Slot
from openfactory.services import ReservationError, SlotFullError
from tests.openfactory.factories import SlotFactory

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 200
AT_ONCE = 40


def run_concurrently(function, count: int) -> list:
    """Call function(i) in ``count`` threads started together; return results or errors."""
    results: list = [None] * count
    barrier = threading.Barrier(count)
    gate = threading.BoundedSemaphore(AT_ONCE)

    def worker(i):
        barrier.wait()
        with gate:
            try:
                results[i] = function(i)
            except Exception as error:  # collected, asserted on below
                results[i] = error
            finally:
                connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return results


def test_200_concurrent_requests_for_20_seats_confirm_exactly_20():
    slot = SlotFactory(seats=20)

    def reserve(i):
        return services.reservation_create(
            slot_id=slot.pk,
            name=f"同時 太郎{i}",
            name_kana="ドウジ タロウ",
            email=f"rush{i}@example.jp",
            phone="0467-70-5611",
            adults=1,
            children=0,
            # Half of them would rather wait than be told no.
            join_waitlist=i % 2 == 0,
            idempotency_key=f"{i:032x}",
        )

    results = run_concurrently(reserve, REQUESTS)

    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, SlotFullError)
    ]
    assert unexpected == []
    refused = [r for r in results if isinstance(r, SlotFullError)]
    assert all(str(r) == "この時間枠は満席です。" for r in refused)
    made = [r for r in results if isinstance(r, Reservation)]
    assert len(made) + len(refused) == REQUESTS

    slot.refresh_from_db()
    confirmed = Reservation.objects.filter(slot=slot, status=Reservation.Status.CONFIRMED)
    waitlisted = Reservation.objects.filter(slot=slot, status=Reservation.Status.WAITLISTED)
    assert confirmed.count() == 20
    assert slot.seats_taken == 20
    assert waitlisted.count() == len(made) - 20
    assert waitlisted.count() + len(refused) == REQUESTS - 20
    # Everyone who holds a reservation was mailed once about it.
    assert ReservationMail.objects.filter(reservation__slot=slot).count() == len(made)


def test_concurrent_cancellations_and_reservations_keep_the_count_right():
    slot = SlotFactory(seats=10)
    held = [
        services.reservation_create(
            slot_id=slot.pk,
            name=f"先着 花子{i}",
            name_kana="センチャク ハナコ",
            email=f"first{i}@example.jp",
            phone="09012345678",
            adults=1,
            children=0,
        )
        for i in range(10)
    ]

    def act(i):
        if i < 10:
            return services.reservation_cancel(token=held[i].token)
        return services.reservation_create(
            slot_id=slot.pk,
            name=f"後から 次郎{i}",
            name_kana="アトカラ ジロウ",
            email=f"later{i}@example.jp",
            phone="09012345678",
            adults=1,
            children=0,
            join_waitlist=True,
        )

    results = run_concurrently(act, 40)
    assert [r for r in results if isinstance(r, Exception)] == []
    slot.refresh_from_db()
    seated = Reservation.objects.filter(slot=slot, status__in=Reservation.SEATED).count()
    assert seated == slot.seats_taken == 10
    assert Reservation.objects.filter(slot=slot, status="waitlisted").count() == 20


def test_the_lock_waits_at_most_the_set_time_on_postgresql(settings):
    """A slot locked for longer than the lock timeout gives a 'try again' message."""
    slot = SlotFactory(seats=5)
    if connection.vendor != "postgresql":
        # SQLite: the process-wide lock serialises instead; the reservation simply waits.
        reservation = services.reservation_create(
            slot_id=slot.pk,
            name="待つ 人",
            name_kana="マツ ヒト",
            email="wait@example.jp",
            phone="09012345678",
            adults=1,
            children=0,
        )
        assert reservation.status == Reservation.Status.CONFIRMED
        return
    settings.OPENFACTORY_LOCK_TIMEOUT_MS = 200
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        from django.db import transaction

        with transaction.atomic():
            Slot.objects.select_for_update().get(pk=slot.pk)
            locked.set()
            release.wait(10)
        connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(10)
    try:
        with pytest.raises(ReservationError, match="混み合って"):
            services.reservation_create(
                slot_id=slot.pk,
                name="待つ 人",
                name_kana="マツ ヒト",
                email="wait@example.jp",
                phone="09012345678",
                adults=1,
                children=0,
            )
    finally:
        release.set()
        holder.join()
    assert not Reservation.objects.exists()
