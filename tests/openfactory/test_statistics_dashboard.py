"""City staff's statistics dashboard: the ten newest editions, each beside the one before it,
with the unique visitors from the passes, in the same queries whatever the number of
editions, and with the figures each edition's own functions give."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openfactory.models import Reservation, Visit
from openfactory.views.statistics import DASHBOARD_EDITIONS
from openfactory.visitor_stats import edition_figures, with_passes
from tests.openfactory.factories import (
    AreaDayFactory,
    AreaFactory,
    EditionFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)
from tests.openfactory.pass_factories import VisitorPassFactory

pytestmark = pytest.mark.django_db

URL = "/openfactory/statistics/"


def past_edition(year: int, areas: list) -> None:
    """An edition of ``year`` with a day per area: visitors checked in, walk-in passes."""
    edition = EditionFactory(year=year, number=year - 2000)
    for i, area in enumerate(areas):
        day = AreaDayFactory(edition=edition, area=area, date=dt.date(year, 7, 10 + i))
        exhibitor = ExhibitorFactory(area_day=day)
        slot = SlotFactory(programme__exhibitor=exhibitor, seats=40)
        for _ in range(1 + (year + i) % 3):
            ReservationFactory(
                slot=slot, status=Reservation.Status.ATTENDED, adults=2, children=year % 2
            )
        moment = timezone.make_aware(dt.datetime(year, 7, 10 + i, 11))
        for _ in range(i + 1):
            Visit.objects.create(
                visitor_pass=VisitorPassFactory(edition=edition),
                exhibitor=exhibitor,
                visited_at=moment,
            )


def dashboard(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return response, len(queries)


def test_the_dashboard_runs_the_same_queries_for_two_editions_or_twelve(client, staff):
    areas = [AreaFactory(), AreaFactory()]
    client.force_login(staff)
    for year in (2010, 2011):
        past_edition(year, areas)
    client.get(URL)
    _response, few = dashboard(client)
    for year in range(2012, 2022):
        past_edition(year, areas)
    response, many = dashboard(client)
    assert many == few <= 8
    shown = response.context["all_figures"]
    assert [f.edition.year for f in shown] == list(range(2021, 2021 - DASHBOARD_EDITIONS, -1))
    # The same figures as each edition's own functions give, the oldest shown beside the
    # edition before it, which is not shown.
    for figures in shown:
        expected = with_passes(edition_figures(figures.edition, user=staff))
        assert figures.previous == expected.previous
        assert figures.previous.year == figures.edition.year - 1
        assert figures.visitors == expected.visitors > 0
        assert figures.previous_visitors == expected.previous_visitors
        assert figures.passes == expected.passes
        assert [
            (d.area_day.pk, d.visitors, d.previous_visitors, d.passes) for d in figures.days
        ] == [(d.area_day.pk, d.visitors, d.previous_visitors, d.passes) for d in expected.days]
