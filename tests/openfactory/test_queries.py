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
    # editions, the current one's days
    "index": (lambda w: "/openfactory/", 2),
    # the edition, its days, its call for exhibitors
    "edition": (lambda w: w["edition"].get_absolute_url(), 3),
    "programmes": (lambda w: f"/openfactory/{w['edition'].year}/programmes/", 4),
    "programmes filtered": (
        lambda w: f"/openfactory/{w['edition'].year}/programmes/?kind=workshop&age=8&seats=on",
        4,
    ),
    # area day, exhibitors: count, page, their programmes; every exhibitor for the walk; its
    # model routes (test_routes.py: with routes, their stops and programmes, two more)
    "area day": (lambda w: w["area_day"].get_absolute_url(), 6),
    "area day, page 2": (lambda w: w["area_day"].get_absolute_url() + "?page=2", 6),
    "programme": (lambda w: w["slot"].programme.get_absolute_url(), 2),
    "reserve form": (lambda w: f"/openfactory/slots/{w['slot'].pk}/reserve/", 1),
    # the session (it remembers the reservations opened in this browser), the reservation
    "reservation": (lambda w: w["reservation"].get_absolute_url(), 2),
    "privacy": (lambda w: "/openfactory/privacy/", 0),
    # the reservation (the session is not touched: a calendar app has none)
    "calendar file": (
        lambda w: f"/openfactory/reservations/{w['reservation'].token}/calendar.ics",
        1,
    ),
    # the edition, its programmes, their slots
    "open data CSV": (lambda w: f"/openfactory/{w['edition'].year}/events.csv", 3),
    "open data JSON": (lambda w: f"/openfactory/{w['edition'].year}/events.json", 3),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_grow_with_the_data(client, django_assert_num_queries, world, page):
    path, queries = PAGES[page]
    url = path(world)
    client.get(url)  # a first visit of a reservation link starts the browser's session
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


def test_the_area_day_page_paginates_its_exhibitors(client, django_assert_num_queries, world):
    from openfactory.views.public import PAGE_SIZE

    area_day = world["area_day"]
    for n in range(PAGE_SIZE + 4):
        ProgrammeFactory(
            exhibitor=ExhibitorFactory(
                area_day=area_day, order=n + 1, company__name=f"出展{n:02d}社"
            )
        )
    url = area_day.get_absolute_url()
    # The cards only: the walking order above them lists every company of the day.
    first = client.get(url).content.decode().split('id="exhibitors-title"')[1]
    with django_assert_num_queries(6):
        second = client.get(url + "?page=2").content.decode().split('id="exhibitors-title"')[1]
    # The fixture's exhibitor (order 0) and 19 more on page 1, the last 5 on page 2.
    assert first.count('class="card mb-3 exhibitor-card"') == PAGE_SIZE
    assert second.count('class="card mb-3 exhibitor-card"') == 5
    assert "出展00社" in first and "出展18社" in first and "出展19社" not in first
    assert "出展19社" in second and "出展23社" in second
    assert "?page=2" in first and "2 / 2 ページ" in second


def test_the_index_paginates_past_editions(client, django_assert_num_queries):
    from openfactory.views.public import PAGE_SIZE

    editions = [EditionFactory(year=2001 + n, number=1 + n) for n in range(PAGE_SIZE + 3)]
    first = client.get("/openfactory/").content.decode()
    with django_assert_num_queries(2):
        second = client.get("/openfactory/?page=2").content.decode()
    # The newest is the current edition; 20 past ones on page 1, the 2 oldest on page 2.
    assert editions[-1].title in first
    assert editions[-2].get_absolute_url() in first and editions[2].get_absolute_url() in first
    assert editions[1].get_absolute_url() not in first
    assert editions[0].get_absolute_url() in second and editions[1].get_absolute_url() in second
    assert editions[2].get_absolute_url() not in second
