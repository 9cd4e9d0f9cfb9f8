"""Many people reserving the same slot at the same moment never overbook it.

Each thread is one request with its own database connection. PostgreSQL here allows 100
connections in all, shared with other test runs, so at most 40 requests hold a connection at
once; all 200 threads start together and wait at a barrier first. On SQLite the same test
runs with the same 200 threads: the service serialises them (SQLite has no row locks).
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import F

from openfactory import services
from openfactory.models import Reservation, ReservationMail, Slot
from openfactory.services import ReservationError, SlotFullError, locking
from tests.openfactory.factories import SlotFactory

# Threads race for the same seats: serial, so that no other test process bends their timing.
pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]

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


def reserve_in(slot):
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

    return reserve


def assert_exactly_20_confirmed(slot, results) -> None:
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


def test_200_concurrent_requests_for_20_seats_confirm_exactly_20():
    slot = SlotFactory(seats=20)
    results = run_concurrently(reserve_in(slot), REQUESTS)
    assert_exactly_20_confirmed(slot, results)


@pytest.fixture
def protections_off(monkeypatch):
    """The slot's row lock off (the services' test-only switch) and the database's check
    constraint dropped from this test's own database, put back afterwards."""
    monkeypatch.setattr(locking, "_ROW_LOCKS", False)
    constraint = next(
        c for c in Slot._meta.constraints if c.name == "openfactory_slot_not_overbooked"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(Slot, constraint)
    try:
        yield
    finally:
        # The oversold rows would refuse the constraint: give them the seats they took.
        Slot.objects.filter(seats_taken__gt=F("seats")).update(seats=F("seats_taken"))
        with connection.schema_editor() as editor:
            editor.add_constraint(Slot, constraint)


def test_the_race_test_sees_an_overbooking_when_nothing_prevents_it(protections_off):
    """The control run: the same 200 requests with the lock and the constraint off.

    On PostgreSQL they oversell, and the assertions of the test above fail: that test can
    fail. SQLite runs one writing transaction at a time by itself (BEGIN IMMEDIATE, see the
    settings), so there the same run still confirms exactly 20: on SQLite it is the
    database, not the process lock, that keeps the count.
    """
    slot = SlotFactory(seats=20)
    results = run_concurrently(reserve_in(slot), REQUESTS)
    confirmed = Reservation.objects.filter(slot=slot, status=Reservation.Status.CONFIRMED)
    if connection.vendor == "postgresql":
        assert confirmed.count() > 20
        with pytest.raises(AssertionError):
            assert_exactly_20_confirmed(slot, results)
    else:
        assert_exactly_20_confirmed(slot, results)


def test_the_row_lock_switch_is_set_by_no_code_but_the_tests():
    """No setting, environment variable or module of the project turns the lock off."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    found = {
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".venv" not in path.parts and "_ROW_LOCKS" in path.read_text(encoding="utf-8")
    }
    assert found == {"openfactory/services/locking.py", "tests/openfactory/test_concurrency.py"}
    source = (root / "openfactory/services/locking.py").read_text(encoding="utf-8")
    assert source.count("_ROW_LOCKS = ") == 1 and "_ROW_LOCKS = True" in source


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


def test_50_cancellations_and_reservations_at_once_give_each_freed_seat_to_the_next_in_line():
    """A full slot with a waitlist: 25 holders cancel while 25 newcomers reserve, all at once.
    Each freed seat goes to exactly one waitlisted party, in waitlist order, mailed once;
    no newcomer jumps the line."""
    slot = SlotFactory(seats=25)

    def reserve(who, **kwargs):
        return services.reservation_create(
            slot_id=slot.pk,
            name=f"順番 {who}",
            name_kana="ジュンバン",
            email=f"{who}@example.jp",
            phone="09012345678",
            adults=1,
            children=0,
            **kwargs,
        )

    holders = [reserve(f"holder{i}") for i in range(25)]
    line = [reserve(f"waiting{i}", join_waitlist=True) for i in range(30)]
    assert {r.status for r in line} == {Reservation.Status.WAITLISTED}

    def act(i):
        if i % 2 == 0:
            return services.reservation_cancel(token=holders[i // 2].token)
        return reserve(f"newcomer{i}", join_waitlist=True)

    results = run_concurrently(act, 50)
    assert [r for r in results if isinstance(r, Exception)] == []

    slot.refresh_from_db()
    confirmed = Reservation.objects.filter(slot=slot, status=Reservation.Status.CONFIRMED)
    assert confirmed.count() == slot.seats_taken == 25
    promoted = list(confirmed.order_by("updated_at", "pk"))
    # The first 25 in line, each once, promoted in the order they waited.
    assert [r.pk for r in promoted] == [r.pk for r in line[:25]]
    # The rest of the line keeps its turn; every newcomer queued behind it.
    still_waiting = [r.pk for r in Reservation.objects.filter(slot=slot).waitlist()]
    newcomers = {r.pk for r in results if r.status != Reservation.Status.CANCELLED}
    assert len(newcomers) == 25
    assert still_waiting[:5] == [r.pk for r in line[25:]]
    assert set(still_waiting[5:]) == newcomers
    mails = ReservationMail.objects.filter(reservation__slot=slot, kind="promoted")
    assert sorted(mails.values_list("reservation_id", flat=True)) == sorted(r.pk for r in line[:25])


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
