"""Where things are: map links that open the visitor's own map app, and the order in which
to walk an area day's factories.

Nothing here loads a map: the links are plain links (a ``geo:`` URI that Android hands to the
phone's map app, Google Maps' search URL that opens the app where it is installed, and
OpenStreetMap with a marker), so the pages make no request to a third party.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar
from urllib.parse import quote, urlencode

T = TypeVar("T")

EARTH_RADIUS_M = 6_371_000
OSM_ZOOM = 17


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def of(cls, latitude: Decimal | float | None, longitude: Decimal | float | None):
        """A point, or None when either coordinate is missing."""
        if latitude is None or longitude is None:
            return None
        return cls(float(latitude), float(longitude))

    @property
    def text(self) -> str:
        return f"{self.latitude:.6f},{self.longitude:.6f}"


def distance_m(a: Point, b: Point) -> float:
    """The great-circle distance (haversine): straight, not along the streets."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def distance_label(metres: float) -> str:
    """350 m under a kilometre, 1.2 km above (the units are the same in Japanese)."""
    if metres < 1000:
        return f"{round(metres / 10) * 10:.0f} m"
    return f"{metres / 1000:.1f} km"


@dataclass(frozen=True)
class Leg(Generic[T]):
    """A stop of the walk and how far it is from the stop before (None: no position)."""

    stop: T
    metres: float | None

    @property
    def distance(self) -> str:
        return distance_label(self.metres) if self.metres is not None else ""


def walking_order(
    start: Point | None, stops: Sequence[T], position: Callable[[T], Point | None]
) -> list[Leg[T]]:
    """The stops in nearest-neighbour order from ``start``: each time the nearest stop not yet
    visited. Not the shortest tour (that is NP-hard), but a walk a visitor can follow, and
    stable: ties keep the given order. Stops without a position follow, in the given order.
    Without a start, the walk starts at the first stop that has a position."""
    placed = [(stop, point) for stop in stops if (point := position(stop)) is not None]
    unplaced = [stop for stop in stops if position(stop) is None]
    legs: list[Leg[T]] = []
    here = start
    while placed:
        if here is None:
            index = 0
            metres = None
        else:
            index = min(range(len(placed)), key=lambda i: distance_m(here, placed[i][1]))
            metres = distance_m(here, placed[index][1])
        stop, here = placed.pop(index)
        legs.append(Leg(stop, metres))
    legs.extend(Leg(stop, None) for stop in unplaced)
    return legs


@dataclass(frozen=True)
class MapLinks:
    geo: str
    google: str
    osm: str


def map_links(point: Point | None, *, label: str = "", address: str = "") -> MapLinks | None:
    """Links to a position (or, without one, a search for the address); None without either."""
    if point is not None:
        q = f"{point.text}({label})" if label else point.text
        return MapLinks(
            geo=f"geo:{point.text}?q={quote(q, safe=',()')}",
            google="https://www.google.com/maps/search/?"
            + urlencode({"api": "1", "query": point.text}),
            osm="https://www.openstreetmap.org/?"
            + urlencode({"mlat": f"{point.latitude:.6f}", "mlon": f"{point.longitude:.6f}"})
            + f"#map={OSM_ZOOM}/{point.latitude:.6f}/{point.longitude:.6f}",
        )
    if address:
        return MapLinks(
            geo=f"geo:0,0?q={quote(address)}",
            google="https://www.google.com/maps/search/?"
            + urlencode({"api": "1", "query": address}),
            osm="https://www.openstreetmap.org/search?" + urlencode({"query": address}),
        )
    return None
