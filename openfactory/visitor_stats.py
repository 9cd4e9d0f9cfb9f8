"""のべ来場者数 and 出展企業数 per area day and edition, with the previous edition beside them.

Visits are counted per programme: a family that checks in at three programmes makes three
visits (のべ). Counted = people of checked-in reservations + walk-ins counted at the
reception; an area day whose figures were entered by staff (past editions without online
reception) shows the entered figures instead.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import AreaDay, Edition, Exhibitor, ReceptionCount, Reservation
from .pass_stats import (
    EditionPassFigures,
    PassFigures,
    edition_pass_figures,
    editions_pass_figures,
)

ROW_HEIGHT = 30
BAR_LENGTH = 160


@dataclass
class DayFigures:
    area_day: AreaDay
    visitors: int | None
    exhibitors: int | None
    recorded: bool
    previous_visitors: int | None = None
    previous_exhibitors: int | None = None
    # Bar lengths (0–200) and position of the chart, computed by edition_figures.
    bar: int = 0
    bar_previous: int = 0
    y: int = 0
    # Unique parties of the day from the visitor passes (with_passes).
    passes: PassFigures | None = None


@dataclass
class EditionFigures:
    edition: Edition
    previous: Edition | None
    days: list[DayFigures] = field(default_factory=list)
    # Unique parties of the edition from the visitor passes (with_passes).
    passes: PassFigures | None = None

    @property
    def visitors(self) -> int:
        return sum(d.visitors or 0 for d in self.days)

    @property
    def exhibitors(self) -> int:
        return sum(d.exhibitors or 0 for d in self.days)

    @property
    def previous_visitors(self) -> int | None:
        values = [d.previous_visitors for d in self.days if d.previous_visitors is not None]
        return sum(values) if values else None

    @property
    def previous_exhibitors(self) -> int | None:
        values = [d.previous_exhibitors for d in self.days if d.previous_exhibitors is not None]
        return sum(values) if values else None

    @property
    def chart_height(self) -> int:
        return ROW_HEIGHT * max(len(self.days), 1)

    def lay_out_chart(self) -> None:
        largest = max(
            [
                *(d.visitors or 0 for d in self.days),
                *(d.previous_visitors or 0 for d in self.days),
                1,
            ]
        )
        for row, day in enumerate(self.days):
            day.y = row * ROW_HEIGHT
            day.bar = round(BAR_LENGTH * (day.visitors or 0) / largest)
            day.bar_previous = round(BAR_LENGTH * (day.previous_visitors or 0) / largest)


def per_outer_row(found: QuerySet, key: str, value, *, outer: str = "pk") -> Coalesce:
    """``value`` aggregated over the rows of ``found`` whose ``key`` is the outer row's
    ``outer`` (an area day, an exhibitor; an exhibitor's area day), as a subquery: 0 for none."""
    rows = found.filter(**{key: OuterRef(outer)}).order_by().values(key).annotate(n=value)
    return Coalesce(Subquery(rows.values("n")), 0)


def _day_counts(outer: str) -> dict[str, Coalesce]:
    """What was counted of the area day that the outer row's ``outer`` is, a subquery per
    figure: ``exhibitor_count``, ``attended`` (reservations checked in), ``attended_people``
    (their adults and children) and ``walk_ins``."""
    attended = Reservation.objects.filter(status=Reservation.Status.ATTENDED)
    day = "slot__programme__exhibitor__area_day"
    return {
        "exhibitor_count": per_outer_row(
            Exhibitor.objects.all(), "area_day", Count("pk"), outer=outer
        ),
        "attended": per_outer_row(attended, day, Count("pk"), outer=outer),
        "attended_people": per_outer_row(
            attended, day, Sum(F("adults") + F("children")), outer=outer
        ),
        "walk_ins": per_outer_row(
            ReceptionCount.objects.all(),
            "programme__exhibitor__area_day",
            Sum("walk_ins"),
            outer=outer,
        ),
    }


def area_days_counted(edition_ids: Iterable[int]) -> list[AreaDay]:
    """The area days of the editions with their area and what was counted of each (see
    ``_day_counts``), in one query."""
    return list(
        AreaDay.objects.filter(edition_id__in=list(edition_ids))
        .annotate(**_day_counts("pk"))
        .select_related("area")
        .order_by("date", "area__order", "pk")
    )


def received(days: list[AreaDay]) -> tuple[int, int]:
    """Reservations checked in and visitors (people checked in and walk-ins) of ``days``, area
    days of ``area_days_counted``."""
    return sum(d.attended for d in days), sum(d.attended_people + d.walk_ins for d in days)


def _figures(day: AreaDay, today: dt.date) -> tuple:
    """Of a day of ``area_days_counted``: its visitors, exhibitors and whether entered."""
    visitors = day.visitors_recorded
    recorded = visitors is not None
    if visitors is None:
        visitors = day.attended_people + day.walk_ins
        if not visitors and day.date > today:
            visitors = None
    exhibitors = day.exhibitors_recorded
    if exhibitors is None:
        exhibitors = day.exhibitor_count or None
    return visitors, exhibitors, recorded


def edition_figures(edition: Edition, *, user=None) -> EditionFigures:
    """Figures of an edition and, per area, of the edition before it (two queries)."""
    previous = (
        Edition.objects.visible_to(user).filter(year__lt=edition.year).order_by("-year").first()
    )
    return figures_beside(edition, previous)


def figures_beside(
    edition: Edition, previous: Edition | None, counted: list[AreaDay] | None = None
) -> EditionFigures:
    """Figures of an edition and, per area, of ``previous`` (one query; none when the area
    days of both, from ``area_days_counted``, are given)."""
    today = timezone.localdate()
    if counted is None:
        counted = area_days_counted([edition.pk, *([previous.pk] if previous else [])])
    days = [d for d in counted if d.edition_id == edition.pk]
    previous_days = [d for d in counted if previous and d.edition_id == previous.pk]
    previous_by_area = {d.area_id: _figures(d, today) for d in previous_days}
    figures = EditionFigures(edition=edition, previous=previous)
    for day in days:
        visitors, exhibitors, recorded = _figures(day, today)
        before = previous_by_area.get(day.area_id, (None, None, False))
        figures.days.append(
            DayFigures(
                area_day=day,
                visitors=visitors,
                exhibitors=exhibitors,
                recorded=recorded,
                previous_visitors=before[0],
                previous_exhibitors=before[1],
            )
        )
    figures.lay_out_chart()
    return figures


def editions_figures(editions: list[Edition], previous: Edition | None) -> list[EditionFigures]:
    """Figures of each of ``editions`` (newest first, as the user sees them) beside the one
    after it in the list, the last beside ``previous``: four queries for any number."""
    followers = [*editions[1:], previous]
    counted = area_days_counted([e.pk for e in [*editions, previous] if e is not None])
    passes = editions_pass_figures(editions)
    return [
        with_passes(figures_beside(edition, before, counted), passes[edition.pk])
        for edition, before in zip(editions, followers, strict=True)
    ]


def with_passes(
    figures: EditionFigures, passes: EditionPassFigures | None = None
) -> EditionFigures:
    """The unique visitors from the passes beside the のべ figures (two more queries, none
    when ``passes`` are given)."""
    passes = passes or edition_pass_figures(figures.edition)
    figures.passes = passes.total
    for day in figures.days:
        day.passes = passes.of_day(day.area_day.pk)
    return figures


def with_area_day_visitors(exhibitors: QuerySet[Exhibitor]) -> QuerySet[Exhibitor]:
    """``exhibitors`` with their area day's people checked in (``day_attended_people``) and
    walk-ins (``day_walk_ins``), counted as ``area_days_counted`` counts them: the reception
    page reads them with its exhibitor instead of in a query of their own."""
    counts = _day_counts("area_day_id")
    return exhibitors.annotate(
        day_attended_people=counts["attended_people"], day_walk_ins=counts["walk_ins"]
    )


def area_day_visitors(exhibitor: Exhibitor) -> int:
    """The visitors of the exhibitor's area day: as recorded by staff, else people checked in
    and walk-ins (an exhibitor of ``with_area_day_visitors``)."""
    if exhibitor.area_day.visitors_recorded is not None:
        return exhibitor.area_day.visitors_recorded
    return exhibitor.day_attended_people + exhibitor.day_walk_ins
