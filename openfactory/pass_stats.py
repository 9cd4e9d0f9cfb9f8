"""Unique visitors beside のべ: what the visitor passes tell of an edition and its area days.

The published のべ figures (visitor_stats) stay as they were: a family counted at every
factory it walked into. Here each party counts once: per area day, the passes with at least
one visit on that day; per edition, the passes with at least one visit in it (a party that
came on two area days is one party of the edition, and one of each day).

- parties, people: passes with a visit, and the people of those passes;
- visits (のべ, by pass): one per party and factory; ``average_factories`` = visits / parties;
- outside share: parties from elsewhere in Kanagawa or outside it, over the parties that
  gave a postcode (None when none did);
- busiest hour per factory: the hour (local time) with most visits, earliest on a tie;
- flows: for each pass, its visits of one area day in the order they were recorded; each
  step from one factory to the next counts once (A→B).

Two queries whatever the number of visits (and editions): the visits (one row each, read as
tuples) and the exhibitors' names; the counting is done in Python, in one pass over the rows.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from .models import Edition, Exhibitor, Residence, Visit

OUTSIDE = (Residence.PREFECTURE, Residence.OUTSIDE)


@dataclass
class Flow:
    source: Exhibitor
    target: Exhibitor
    count: int


@dataclass
class FactoryHour:
    exhibitor: Exhibitor
    hour: int
    visits: int


@dataclass
class PassFigures:
    """Unique parties and people of an area day or an edition, from the passes."""

    parties: int = 0
    people: int = 0
    visits: int = 0
    residence_known: int = 0
    from_outside: int = 0
    flows: list[Flow] = field(default_factory=list)
    busiest_hours: list[FactoryHour] = field(default_factory=list)

    @property
    def average_factories(self) -> float | None:
        return round(self.visits / self.parties, 1) if self.parties else None

    @property
    def outside_share(self) -> float | None:
        """Percent, one decimal."""
        if not self.residence_known:
            return None
        return round(100 * self.from_outside / self.residence_known, 1)


@dataclass
class EditionPassFigures:
    edition: Edition
    total: PassFigures
    days: dict[int, PassFigures]  # by area day id

    def of_day(self, area_day_id: int) -> PassFigures:
        return self.days.get(area_day_id) or PassFigures()


def _count(passes: dict[int, tuple[int, str]], visits: int) -> PassFigures:
    figures = PassFigures(parties=len(passes), visits=visits)
    for people, residence in passes.values():
        figures.people += people
        if residence:
            figures.residence_known += 1
            figures.from_outside += residence in OUTSIDE
    return figures


def edition_pass_figures(edition: Edition, *, flows_at_most: int = 20) -> EditionPassFigures:
    """The edition's figures and each area day's (two queries)."""
    return editions_pass_figures([edition], flows_at_most=flows_at_most)[edition.pk]


def editions_pass_figures(
    editions: list[Edition], *, flows_at_most: int = 20, detail: bool = True
) -> dict[int, EditionPassFigures]:
    """The figures of each of ``editions`` and of their area days, by edition id: one query
    for the visits of them all, and one for the factories of the flows and busiest hours
    (``detail``; without it, the figures have neither)."""
    rows = (
        Visit.objects.filter(exhibitor__area_day__edition__in=editions)
        .order_by("visitor_pass_id", "visited_at", "pk")
        .values_list(
            "exhibitor__area_day__edition_id",
            "visitor_pass_id",
            "visitor_pass__adults",
            "visitor_pass__children",
            "visitor_pass__residence",
            "exhibitor_id",
            "exhibitor__area_day_id",
            "visited_at",
        )
    )
    tallies = {edition.pk: _Tally() for edition in editions}
    for edition_id, *visit in rows:
        tallies[edition_id].add(*visit)
    exhibitors = {}
    if detail:
        wanted = [e for tally in tallies.values() for e in tally.exhibitor_day]
        exhibitors = Exhibitor.objects.select_related("company").in_bulk(wanted)
    return {
        edition.pk: tallies[edition.pk].figures(edition, exhibitors, flows_at_most, detail)
        for edition in editions
    }


class _Tally:
    """The visits of one edition, counted as they come (ordered by pass, then time)."""

    def __init__(self) -> None:
        self.edition_passes: dict[int, tuple[int, str]] = {}
        self.day_passes: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
        self.day_visits: Counter[int] = Counter()
        self.day_flows: dict[int, Counter[tuple[int, int]]] = defaultdict(Counter)
        self.hours: dict[int, Counter[int]] = defaultdict(Counter)
        self.exhibitor_day: dict[int, int] = {}
        self.last_of_pass_day: dict[tuple[int, int], int] = {}
        self.visits = 0

    def add(self, pass_id, adults, children, residence, exhibitor_id, day_id, visited_at) -> None:
        party = (adults + children, residence)
        self.edition_passes[pass_id] = party
        self.day_passes[day_id][pass_id] = party
        self.day_visits[day_id] += 1
        self.visits += 1
        self.exhibitor_day[exhibitor_id] = day_id
        self.hours[exhibitor_id][timezone.localtime(visited_at).hour] += 1
        # Rows come ordered by pass, then time: the previous visit of this pass on this day
        # is the factory the party came from.
        before = self.last_of_pass_day.get((pass_id, day_id))
        if before is not None and before != exhibitor_id:
            self.day_flows[day_id][(before, exhibitor_id)] += 1
        self.last_of_pass_day[(pass_id, day_id)] = exhibitor_id

    def figures(
        self, edition: Edition, exhibitors: dict, flows_at_most: int, detail: bool
    ) -> EditionPassFigures:
        days: dict[int, PassFigures] = {}
        for day_id, passes in self.day_passes.items():
            days[day_id] = _count(passes, self.day_visits[day_id])
        total = _count(self.edition_passes, self.visits)
        if not detail:
            return EditionPassFigures(edition=edition, total=total, days=days)
        all_flows: Counter[tuple[int, int]] = Counter()
        for day_id, flows in self.day_flows.items():
            all_flows.update(flows)
            days[day_id].flows = _flows(flows, exhibitors, flows_at_most)
        for exhibitor_id, by_hour in sorted(self.hours.items()):
            hour, count = min(by_hour.items(), key=lambda item: (-item[1], item[0]))
            days[self.exhibitor_day[exhibitor_id]].busiest_hours.append(
                FactoryHour(exhibitors[exhibitor_id], hour, count)
            )
        for figures in days.values():
            figures.busiest_hours.sort(
                key=lambda f: (f.exhibitor.order, f.exhibitor.company.name_kana)
            )
        total.flows = _flows(all_flows, exhibitors, flows_at_most)
        return EditionPassFigures(edition=edition, total=total, days=days)


def _flows(counted: Counter[tuple[int, int]], exhibitors: dict, at_most: int) -> list[Flow]:
    """The most taken steps first (then by the factories' ids, so the order is stable)."""
    ordered = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[:at_most]
    return [Flow(exhibitors[a], exhibitors[b], n) for (a, b), n in ordered]
