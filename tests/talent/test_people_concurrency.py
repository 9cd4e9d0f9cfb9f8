"""Two companies registering a hire for the last seat of the joint ceremony at the same moment:
one wins, the other is told the event is full; many at once never overbook it.

Each thread is one request with its own database connection (like
tests/openfactory/test_concurrency.py); serial, so that no other test process bends timing.
"""

import threading

import pytest
from django.db import connection, connections
from django.db.models import F
from django.utils import timezone

from talent.models import CeremonyEvent, CeremonyRegistration
from talent.services import CeremonyFullError, locking, registration_create
from tests.companies.factories import CompanyFactory
from tests.talent.people_factories import CeremonyEventFactory, CeremonyRegistrationFactory

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True)]


def run_concurrently(function, count: int) -> list:
    results: list = [None] * count
    barrier = threading.Barrier(count)

    def worker(i):
        barrier.wait()
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


def register_in(event, companies):
    def register(i):
        return registration_create(
            event_id=event.pk,
            company=companies[i % len(companies)],
            name=f"同時 太郎{i}",
            name_kana="ドウジ タロウ",
            start_date=timezone.localdate(),
            job="製造",
            actor=None,
        )

    return register


def test_two_registrations_for_the_last_seat_one_wins():
    event = CeremonyEventFactory(capacity=3)
    CeremonyRegistrationFactory.create_batch(2, event=event)
    companies = [CompanyFactory(), CompanyFactory()]
    results = run_concurrently(register_in(event, companies), 2)
    won = [r for r in results if isinstance(r, CeremonyRegistration)]
    lost = [r for r in results if isinstance(r, CeremonyFullError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert str(lost[0]) == "定員に達したため、登録できません。市にお問い合わせください。"
    event.refresh_from_db()
    assert event.seats_taken == 3
    assert CeremonyRegistration.objects.filter(event=event).count() == 3


def test_many_at_once_never_overbook():
    event = CeremonyEventFactory(capacity=5)
    results = run_concurrently(register_in(event, [CompanyFactory()]), 30)
    assert sum(isinstance(r, CeremonyRegistration) for r in results) == 5
    assert sum(isinstance(r, CeremonyFullError) for r in results) == 25
    event.refresh_from_db()
    assert event.seats_taken == 5
    assert CeremonyRegistration.objects.filter(event=event).count() == 5


@pytest.fixture
def lock_off(monkeypatch):
    monkeypatch.setattr(locking, "ROW_LOCKS", False)


@pytest.fixture
def constraint_off():
    """The event's check constraint dropped from this test's database, put back afterwards."""
    constraint = next(
        c for c in CeremonyEvent._meta.constraints if c.name == "talent_ceremony_not_overbooked"
    )
    with connection.schema_editor() as editor:
        editor.remove_constraint(CeremonyEvent, constraint)
    try:
        yield
    finally:
        CeremonyEvent.objects.filter(seats_taken__gt=F("capacity")).update(
            capacity=F("seats_taken")
        )
        with connection.schema_editor() as editor:
            editor.add_constraint(CeremonyEvent, constraint)


def test_the_race_test_sees_an_overbooking_when_nothing_prevents_it(lock_off, constraint_off):
    """The control run: the same requests with the row lock and the constraint off. On
    PostgreSQL they overbook (count, then insert, with nothing in between), so the tests above
    can fail; SQLite runs one writing transaction at a time by itself."""
    event = CeremonyEventFactory(capacity=5)
    run_concurrently(register_in(event, [CompanyFactory()]), 30)
    made = CeremonyRegistration.objects.filter(event=event).count()
    if connection.vendor == "postgresql":
        assert made > 5
    else:
        assert made == 5


def test_without_the_lock_the_constraint_still_refuses_an_overbooking(lock_off):
    """The last guard: the seat count is written relative to the database's, which refuses
    it above the capacity; the request that would overbook is told the event is full."""
    event = CeremonyEventFactory(capacity=5)
    results = run_concurrently(register_in(event, [CompanyFactory()]), 30)
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, CeremonyFullError)
    ]
    assert unexpected == []
    event.refresh_from_db()
    assert event.seats_taken <= 5
    assert CeremonyRegistration.objects.filter(event=event).count() == event.seats_taken
