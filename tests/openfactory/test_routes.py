"""Model routes: every stop is a factory of the route's own area day, and the area day's page
shows the routes in order with the minutes between stops and the total."""

import pytest
from django.core.exceptions import ValidationError

from openfactory.errors import RouteError
from openfactory.models import RouteStop
from openfactory.services.routes import StopPlan, route_create, route_set_stops
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ProgrammeFactory,
)
from tests.openfactory.route_factories import RouteFactory, RouteStopFactory

pytestmark = pytest.mark.django_db


def test_a_route_is_created_with_its_stops_in_order_and_a_total_time():
    area_day = AreaDayFactory()
    first, second, third = (
        ExhibitorFactory(area_day=area_day, company__name=name) for name in ("甲社", "乙社", "丙社")
    )
    route = route_create(
        area_day=area_day,
        title="  親子コース ",
        stops=[
            StopPlan(second, 10),
            StopPlan(first, 15, RouteStop.Travel.CYCLING),
            StopPlan(third, 99),  # the last stop leads nowhere: not counted, not stored
        ],
    )
    stops = list(route.stops.all())
    assert route.title == "親子コース"
    assert [s.exhibitor.company.name for s in stops] == ["乙社", "甲社", "丙社"]
    assert [s.minutes_to_next for s in stops] == [10, 15, None]
    assert stops[1].travel == "cycling"
    assert route.total_minutes() == 25


def test_a_stop_of_another_area_day_is_refused_by_the_service_and_nothing_is_written():
    route = RouteFactory()
    ours = ExhibitorFactory(area_day=route.area_day)
    theirs = ExhibitorFactory(area_day=AreaDayFactory(edition=route.area_day.edition))
    with pytest.raises(RouteError) as refused:
        route_set_stops(route=route, stops=[StopPlan(ours, 5), StopPlan(theirs)])
    assert refused.value.field == "exhibitor"
    assert str(theirs.company) in refused.value.message
    assert "同じエリア・同じ日の工場だけ" in refused.value.message
    assert not RouteStop.objects.exists()


def test_a_factory_given_twice_is_refused():
    route = RouteFactory()
    ours = ExhibitorFactory(area_day=route.area_day)
    with pytest.raises(RouteError, match="2回入っています"):
        route_set_stops(route=route, stops=[StopPlan(ours, 5), StopPlan(ours)])


def test_the_model_refuses_a_stop_of_another_area_day_beside_the_field():
    """What the admin's inline forms call (full_clean), whatever form is used."""
    route = RouteFactory()
    stop = RouteStop(route=route, exhibitor=ExhibitorFactory(), order=1)
    with pytest.raises(ValidationError) as refused:
        stop.full_clean()
    assert "exhibitor" in refused.value.message_dict
    assert "には出展していません" in refused.value.message_dict["exhibitor"][0]
    stop.exhibitor = ExhibitorFactory(area_day=route.area_day)
    stop.full_clean()


def test_the_area_day_page_shows_its_routes_with_stops_in_order_and_the_total(client):
    area_day = AreaDayFactory()
    route = RouteFactory(area_day=area_day, title="親子で回るコース", order=1)
    RouteFactory(area_day=area_day, title="学生向けコース", audience="students", order=0)
    late = RouteStopFactory(route=route, order=2, exhibitor__company__name="最後の社")
    early = RouteStopFactory(
        route=route,
        order=0,
        exhibitor__company__name="最初の社",
        minutes_to_next=12,
        travel="cycling",
    )
    RouteStopFactory(route=route, order=1, exhibitor__company__name="中の社", minutes_to_next=8)
    programme = ProgrammeFactory(exhibitor=early.exhibitor, title="ねじの工場見学")
    html = client.get(area_day.get_absolute_url()).content.decode()
    section = html.split('id="model-routes-title"')[1].split("</section>")[0]
    assert section.index("学生向けコース") < section.index("親子で回るコース")
    ours = section.split("親子で回るコース")[1]
    assert ours.index("最初の社") < ours.index("中の社") < ours.index("最後の社")
    assert "12分（自転車）" in ours and "8分（徒歩）" in ours
    assert "移動時間の合計: 20分" in ours
    assert "対象: 家族連れ" in section and "対象: 学生" in section
    assert f'href="{programme.get_absolute_url()}"' in ours
    assert late.exhibitor.company.name in ours


def test_the_area_day_page_says_nothing_of_routes_when_there_are_none(client):
    area_day = AreaDayFactory()
    ExhibitorFactory(area_day=area_day)
    html = client.get(area_day.get_absolute_url()).content.decode()
    assert "model-routes" not in html
    assert "モデルコース" not in html


def test_the_route_is_in_english_on_the_english_site(client):
    route = RouteFactory(title="親子コース", title_en="A route for families")
    RouteStopFactory(route=route)
    client.cookies["django_language"] = "en"
    html = client.get(route.area_day.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "A route for families" in html
    assert "For: Families" in html


def test_the_area_day_page_does_not_grow_with_routes_or_stops(client, django_assert_num_queries):
    area_day = AreaDayFactory()
    route = RouteFactory(area_day=area_day)
    RouteStopFactory(route=route)
    url = area_day.get_absolute_url()
    # area day, exhibitors: count, page, programmes; the walk; routes, stops, their programmes
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
    for _ in range(4):
        route = RouteFactory(area_day=area_day)
        for _ in range(4):
            ProgrammeFactory(exhibitor=RouteStopFactory(route=route).exhibitor)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count('class="route-stop"') == 17


def test_the_demo_edition_has_routes_marked_demo_on_its_area_day_page(client):
    from django.core.management import call_command

    from openfactory.models import Route

    call_command("load_demo")
    routes = Route.objects.all()
    assert routes.count() == 2 and all(route.is_demo for route in routes)
    assert all(route.area_day.edition.is_demo for route in routes)
    html = client.get(routes[0].area_day.get_absolute_url()).content.decode()
    assert "親子で回るコース(デモ)" in html and "移動時間の合計: 12分" in html
    call_command("load_demo")
    assert Route.objects.count() == 2
