"""The printed guide's map page: the factories' positions plotted as an SVG drawn on the
server (numbered dots, no tiles and no script), so that it prints the same everywhere and the
page asks nothing of a third party."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .maps import Point

WIDTH = 1000
MARGIN = 80
MAX_HEIGHT = 1300


@dataclass(frozen=True)
class Marker:
    """A dot: the numbers of the factories at that position (a joint booth shares one)."""

    numbers: tuple[int, ...]
    label: str
    x: float
    y: float

    @property
    def text(self) -> str:
        return "・".join(str(n) for n in self.numbers)


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    markers: list[Marker]


def plot(points: Sequence[tuple[int, str, Point]]) -> Plot | None:
    """Project ``(number, label, point)`` onto a ``WIDTH``-wide box (north up; east-west
    shrunk by the cosine of the latitude, so that a kilometre is as long both ways).
    None without a point to plot."""
    if not points:
        return None
    grouped: dict[Point, tuple[list[int], list[str]]] = {}
    for number, label, point in points:
        numbers, labels = grouped.setdefault(point, ([], []))
        numbers.append(number)
        labels.append(label)
    lats = [p.latitude for _, _, p in points]
    lons = [p.longitude for _, _, p in points]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = (max(lons) - min(lons)) * scale_x
    span_y = max(lats) - min(lats)
    inner = WIDTH - 2 * MARGIN
    span = max(span_x, span_y * inner / (MAX_HEIGHT - 2 * MARGIN), 1e-9)
    unit = inner / span
    height = int(span_y * unit + 2 * MARGIN) if span_y else 2 * MARGIN + 200
    offset_x = (inner - span_x * unit) / 2
    markers = [
        Marker(
            numbers=tuple(numbers),
            label=" / ".join(labels),
            x=round(MARGIN + offset_x + (p.longitude - min(lons)) * scale_x * unit, 1),
            y=round(MARGIN + (max(lats) - p.latitude) * unit, 1) if span_y else height / 2,
        )
        for p, (numbers, labels) in grouped.items()
    ]
    return Plot(width=WIDTH, height=height, markers=markers)
