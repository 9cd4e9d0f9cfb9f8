"""City staff write model routes in the admin: the stops inline and in order, and a factory
of another area day refused beside the field, with everything typed kept on the page."""

import pytest

from openfactory.models import Route, RouteStop
from tests.conftest import ADMIN
from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory
from tests.openfactory.route_factories import RouteFactory, RouteStopFactory

pytestmark = pytest.mark.django_db


def _post(area_day, stops, **fields):
    data = {
        "area_day": str(area_day.pk),
        "audience": "families",
        "title": "親子で回るコース",
        "title_en": "",
        "description": "",
        "description_en": "",
        "order": "0",
        "stops-TOTAL_FORMS": str(len(stops)),
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for n, (exhibitor, minutes, travel) in enumerate(stops):
        data |= {
            f"stops-{n}-order": str(n),
            f"stops-{n}-exhibitor": str(exhibitor.pk),
            f"stops-{n}-minutes_to_next": str(minutes) if minutes else "",
            f"stops-{n}-travel": travel,
        }
    return data


def test_staff_add_a_route_with_its_stops(client, staff):
    area_day = AreaDayFactory()
    a, b = ExhibitorFactory(area_day=area_day), ExhibitorFactory(area_day=area_day)
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/route/add/",
        _post(area_day, [(b, 12, "cycling"), (a, None, "walking")]),
    )
    assert response.status_code == 302
    route = Route.objects.get()
    assert [(s.exhibitor, s.minutes_to_next, s.travel) for s in route.stops.all()] == [
        (b, 12, "cycling"),
        (a, None, "walking"),
    ]
    assert route.total_minutes() == 12


def test_a_stop_of_another_area_day_is_refused_beside_the_field(client, staff):
    area_day = AreaDayFactory()
    ours = ExhibitorFactory(area_day=area_day)
    theirs = ExhibitorFactory(
        area_day=AreaDayFactory(edition=area_day.edition), company__name="よその工場"
    )
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/route/add/",
        _post(area_day, [(ours, 5, "walking"), (theirs, None, "walking")], title="残るタイトル"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "よその工場はこのコースの開催日" in html
    assert 'value="残るタイトル"' in html
    assert not Route.objects.exists() and not RouteStop.objects.exists()


def test_the_change_page_offers_only_the_routes_own_factories(client, staff):
    route = RouteFactory()
    ExhibitorFactory(area_day=route.area_day, company__name="この日の工場")
    ExhibitorFactory(company__name="別の日の工場")
    client.force_login(staff)
    html = client.get(f"{ADMIN}openfactory/route/{route.pk}/change/").content.decode()
    assert "この日の工場" in html and "別の日の工場" not in html


def test_staff_fill_blank_minutes_from_the_positions_and_keep_what_they_typed(client, staff):
    from decimal import Decimal

    route = RouteFactory()
    # About 1 km apart north-south (0.009° of latitude): 1.3 km along the streets.
    stops = [
        RouteStopFactory(
            route=route,
            order=n,
            minutes_to_next=minutes,
            travel=travel,
            exhibitor__company__latitude=Decimal("35.420") + Decimal("0.009") * n,
            exhibitor__company__longitude=Decimal("139.420"),
        )
        for n, (minutes, travel) in enumerate(
            [(None, "walking"), (None, "cycling"), (3, "walking"), (None, "walking")]
        )
    ]
    no_position = RouteStopFactory(route=route, order=9, minutes_to_next=None)
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}openfactory/route/",
        {"action": "suggest_minutes", "_selected_action": [route.pk]},
        follow=True,
    )
    assert "2件の時間を距離から入れました" in response.content.decode()
    for stop in [*stops, no_position]:
        stop.refresh_from_db()
    # 1,000 m × 1.3 ÷ 80 m a minute on foot → 17; ÷ 250 by bicycle → 6; typed 3 kept
    assert [s.minutes_to_next for s in stops] == [17, 6, 3, None]
    assert no_position.minutes_to_next is None  # the next stop has no position
