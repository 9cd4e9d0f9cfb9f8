"""Model routes: written by city staff (in the admin, or by ``load_demo``) through here."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from django.db import transaction
from django.utils.translation import gettext as _

from core.page_cache import pages_changed

from ..errors import RouteError
from ..maps import Point, distance_m
from ..models import AreaDay, Exhibitor
from ..models.routes import Route, RouteStop, stop_day_error


@dataclass(frozen=True)
class StopPlan:
    """One stop as asked: the factory, the minutes to the next stop and how."""

    exhibitor: Exhibitor
    minutes_to_next: int | None = None
    travel: str = RouteStop.Travel.WALKING


@transaction.atomic
def route_create(
    *,
    area_day: AreaDay,
    title: str,
    audience: str = Route.Audience.FAMILIES,
    title_en: str = "",
    description: str = "",
    description_en: str = "",
    stops: Sequence[StopPlan] = (),
    order: int = 0,
    is_demo: bool = False,
) -> Route:
    title = title.strip()
    if not title:
        raise RouteError(_("A route needs a title."), field="title", code="title")
    route = Route.objects.create(
        area_day=area_day,
        audience=audience,
        title=title,
        title_en=title_en.strip(),
        description=description.strip(),
        description_en=description_en.strip(),
        order=order,
        is_demo=is_demo,
    )
    route_set_stops(route=route, stops=stops)
    return route


@transaction.atomic
def route_set_stops(*, route: Route, stops: Sequence[StopPlan]) -> list[RouteStop]:
    """Replace the route's stops by ``stops``, in that order; refuses a factory of another
    area day, or one given twice, before anything is written."""
    seen: set[int] = set()
    for plan in stops:
        error = stop_day_error(route, plan.exhibitor)
        if error:
            raise RouteError(error, field="exhibitor", code="other_day")
        if plan.exhibitor.pk in seen:
            raise RouteError(
                _("%(company)s is given twice: a route visits a factory once.")
                % {"company": plan.exhibitor.company},
                field="exhibitor",
                code="twice",
            )
        seen.add(plan.exhibitor.pk)
    route.stops.all().delete()
    pages_changed()  # the route on its area day's page (bulk_create sends no signal)
    return RouteStop.objects.bulk_create(
        RouteStop(
            route=route,
            exhibitor=plan.exhibitor,
            order=index,
            minutes_to_next=plan.minutes_to_next if index < len(stops) - 1 else None,
            travel=plan.travel,
        )
        for index, plan in enumerate(stops)
    )


# Along the streets a walk is about 1.3 times the straight line; 80 m a minute on foot (the
# real-estate rule of thumb, 不動産の表示に関する公正競争規約), 250 m a minute by bicycle.
STREET_FACTOR = 1.3
METRES_PER_MINUTE: dict[str, int] = {RouteStop.Travel.WALKING: 80, RouteStop.Travel.CYCLING: 250}


@transaction.atomic
def route_suggest_minutes(*, route: Route) -> int:
    """Fill the blank minutes between stops from the factories' positions; what staff typed
    is kept, and a stop without a position (or the last) stays blank. Returns how many."""
    stops = list(route.stops.select_related("exhibitor__company").order_by("order", "pk"))
    filled = []
    for stop, following in pairwise(stops):
        if stop.minutes_to_next is not None:
            continue
        here = Point.of(stop.exhibitor.company.latitude, stop.exhibitor.company.longitude)
        there = Point.of(
            following.exhibitor.company.latitude, following.exhibitor.company.longitude
        )
        if here is None or there is None:
            continue
        metres = distance_m(here, there) * STREET_FACTOR
        stop.minutes_to_next = max(1, math.ceil(metres / METRES_PER_MINUTE[stop.travel]))
        filled.append(stop)
    RouteStop.objects.bulk_update(filled, ["minutes_to_next"])
    pages_changed()  # the route's minutes on its area day's page (bulk_update: no signal)
    return len(filled)
