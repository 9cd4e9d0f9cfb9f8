"""Each open factory page runs a fixed number of SQL queries, whatever the amount of data."""

import pytest

from openfactory.models import Reservation
from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    ReservationFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    edition = EditionFactory()
    area_day = AreaDayFactory(edition=edition)
    slot = SlotFactory(programme__exhibitor__area_day=area_day)
    reservation = ReservationFactory(slot=slot)
    return {"edition": edition, "area_day": area_day, "slot": slot, "reservation": reservation}


def grow(world, times: int):
    """More days, companies, programmes, slots and reservations in the same edition."""
    edition = world["edition"]
    for _ in range(times):
        area_day = AreaDayFactory(edition=edition)
        for exhibitor in [world["area_day"], area_day]:
            programme = ProgrammeFactory(exhibitor=ExhibitorFactory(area_day=exhibitor))
            for hour in (10, 13):
                slot = SlotFactory(programme=programme)
                slot.starts_at = slot.starts_at.replace(hour=hour)
                slot.ends_at = slot.starts_at.replace(hour=hour + 1)
                slot.save()
                ReservationFactory.create_batch(2, slot=slot)
        for _ in range(3):
            SlotFactory(programme=world["slot"].programme)
            ReservationFactory(slot=world["slot"], status=Reservation.Status.WAITLISTED)
    EditionFactory()


PAGES = {
    # path builder, queries for an anonymous visitor
    "index": (lambda w: "/openfactory/", 2),
    "edition": (lambda w: w["edition"].get_absolute_url(), 2),
    "programmes": (lambda w: f"/openfactory/{w['edition'].year}/programmes/", 4),
    "programmes filtered": (
        lambda w: f"/openfactory/{w['edition'].year}/programmes/?kind=workshop&age=8&seats=on",
        4,
    ),
    "area day": (lambda w: w["area_day"].get_absolute_url(), 3),
    "programme": (lambda w: w["slot"].programme.get_absolute_url(), 2),
    "reserve form": (lambda w: f"/openfactory/slots/{w['slot'].pk}/reserve/", 1),
    "reservation": (lambda w: w["reservation"].get_absolute_url(), 1),
    "privacy": (lambda w: "/openfactory/privacy/", 0),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_grow_with_the_data(client, django_assert_num_queries, world, page):
    path, queries = PAGES[page]
    url = path(world)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world, 6)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


def test_my_reservations_does_not_grow_with_the_reservations(
    client, django_assert_num_queries, visitor, world
):
    client.force_login(visitor)
    ReservationFactory(slot=world["slot"], user=visitor)
    # session, user, company memberships (header), count, page
    with django_assert_num_queries(5):
        assert client.get("/openfactory/my/").status_code == 200
    for _ in range(10):
        ReservationFactory(slot=SlotFactory(), user=visitor)
    with django_assert_num_queries(5):
        assert client.get("/openfactory/my/").status_code == 200
