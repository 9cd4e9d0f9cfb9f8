import factory

from openfactory.models import Route, RouteStop
from tests.openfactory.factories import AreaDayFactory, ExhibitorFactory


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    area_day = factory.SubFactory(AreaDayFactory)
    audience = Route.Audience.FAMILIES
    title = factory.Sequence(lambda n: f"親子で回るコース{n}")
    title_en = factory.Sequence(lambda n: f"Family route {n}")
    description = "小学生と一緒に、ものづくりを体験するコースです。"


class RouteStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStop

    route = factory.SubFactory(RouteFactory)
    exhibitor = factory.SubFactory(
        ExhibitorFactory, area_day=factory.SelfAttribute("..route.area_day")
    )
    order = factory.Sequence(lambda n: n)
    minutes_to_next = 10


def add_route_world(o: dict) -> None:
    """The site-wide world's model routes (tests/site/world.py): one on the world's area day,
    with company A's and B's factories, and a spare one for city staff to delete."""
    o["route"] = RouteFactory(area_day=o["area_day"], title="親子で回るコース")
    RouteStopFactory(route=o["route"], exhibitor=o["exhibitor_a"], order=0, minutes_to_next=8)
    RouteStopFactory(route=o["route"], exhibitor=o["exhibitor_b"], order=1)
    o["spare_route"] = RouteFactory(area_day=o["spare_area_day"], title="予備のコース")
