"""Unique visitors beside のべ: the figures equal those counted here, independently, from the
stored visits; the statistics pages show them and do not grow in queries with the visits."""

import datetime as dt
import random
from collections import Counter, defaultdict
from itertools import pairwise

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from openfactory.models import Visit
from openfactory.pass_stats import edition_pass_figures
from tests.openfactory.factories import AreaDayFactory, EditionFactory, ExhibitorFactory
from tests.openfactory.pass_factories import VisitorPassFactory

pytestmark = pytest.mark.django_db

BANDS = ["", "city", "prefecture", "outside"]


@pytest.fixture
def edition():
    """Two past area days of one edition, four factories each, no visits yet."""
    edition = EditionFactory(year=2025, number=3)
    for offset in (8, 7):
        day = AreaDayFactory(edition=edition, date=timezone.localdate() - dt.timedelta(days=offset))
        for _ in range(4):
            ExhibitorFactory(area_day=day)
    return edition


def add_parties(edition, count: int, seed: int) -> None:
    """Parties visiting factories in a random order, some on both days."""
    rng = random.Random(seed)
    days = list(edition.area_days.order_by("date"))
    for _ in range(count):
        visitor_pass = VisitorPassFactory(
            edition=edition,
            adults=rng.randint(1, 3),
            children=rng.randint(0, 3),
            residence=rng.choice(BANDS),
        )
        for day in rng.sample(days, rng.randint(1, 2)):
            factories = list(day.exhibitors.all())
            start = timezone.make_aware(dt.datetime.combine(day.date, dt.time(10)))
            moment = start + dt.timedelta(minutes=rng.randint(0, 300))
            for exhibitor in rng.sample(factories, rng.randint(1, len(factories))):
                Visit.objects.create(
                    visitor_pass=visitor_pass, exhibitor=exhibitor, visited_at=moment
                )
                moment += dt.timedelta(minutes=rng.randint(5, 60))


def expected(visits):
    """Counted from the rows, the plain way."""
    parties = {v.visitor_pass_id: v.visitor_pass for v in visits}
    known = [p for p in parties.values() if p.residence]
    by_pass = defaultdict(list)
    for v in visits:
        by_pass[v.visitor_pass_id].append(v)
    flows = Counter()
    for own in by_pass.values():
        own.sort(key=lambda v: (v.visited_at, v.pk))
        for a, b in pairwise(own):
            flows[(a.exhibitor_id, b.exhibitor_id)] += 1
    hours = defaultdict(Counter)
    for v in visits:
        hours[v.exhibitor_id][timezone.localtime(v.visited_at).hour] += 1
    busiest = {e: max(sorted(c.items()), key=lambda item: item[1]) for e, c in hours.items()}
    return {
        "parties": len(parties),
        "people": sum(p.adults + p.children for p in parties.values()),
        "visits": len(visits),
        "outside": sum(p.residence in ("prefecture", "outside") for p in known),
        "known": len(known),
        "flows": flows,
        "busiest": busiest,
    }


def test_unique_visitors_and_flows_equal_those_counted_from_the_visits(edition):
    add_parties(edition, 40, seed=15)
    all_visits = list(Visit.objects.select_related("visitor_pass"))
    figures = edition_pass_figures(edition, flows_at_most=1000)

    for day in edition.area_days.all():
        of_day = [v for v in all_visits if v.exhibitor.area_day_id == day.pk]
        want = expected(of_day)
        got = figures.of_day(day.pk)
        assert (got.parties, got.people, got.visits) == (
            want["parties"],
            want["people"],
            want["visits"],
        )
        assert (got.from_outside, got.residence_known) == (want["outside"], want["known"])
        assert got.average_factories == round(want["visits"] / want["parties"], 1)
        assert {(f.source.pk, f.target.pk): f.count for f in got.flows} == dict(want["flows"])
        assert {h.exhibitor.pk: (h.hour, h.visits) for h in got.busiest_hours} == want["busiest"]

    # The edition: a party on two days counts once; flows never cross from one day to the next.
    want = expected(all_visits)
    total = figures.total
    assert (total.parties, total.people, total.visits) == (
        want["parties"],
        want["people"],
        want["visits"],
    )
    assert total.parties < sum(figures.of_day(d.pk).parties for d in edition.area_days.all())
    day_flows = Counter()
    for day in edition.area_days.all():
        day_flows.update(
            {(f.source.pk, f.target.pk): f.count for f in figures.of_day(day.pk).flows}
        )
    assert {(f.source.pk, f.target.pk): f.count for f in total.flows} == dict(day_flows)
    assert total.outside_share == round(100 * want["outside"] / want["known"], 1)


def test_an_edition_without_passes_has_no_unique_figures(edition):
    figures = edition_pass_figures(edition)
    assert figures.total.parties == 0
    assert figures.total.average_factories is None and figures.total.outside_share is None


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_statistics_pages_show_unique_visitors_in_the_same_queries_however_many_visits(
    client, staff, edition
):
    add_parties(edition, 5, seed=1)
    summary = f"/openfactory/{edition.year}/statistics/"
    client.force_login(staff)
    few = (queries_of(client, summary), queries_of(client, "/openfactory/statistics/"))
    add_parties(edition, 60, seed=2)
    many = (queries_of(client, summary), queries_of(client, "/openfactory/statistics/"))
    assert few == many
    # Within issue 16's budget of 8, with the session, the user, and the user's groups with
    # their memberships (one query).
    assert few[0] == 7

    total = edition_pass_figures(edition).total
    body = client.get(summary).content.decode()
    assert 'data-area-day="total"' in body
    assert f'<td class="text-end" data-figure="parties">{total.parties}</td>' in body
    assert f'data-figure="average">{total.average_factories}</td>' in body
    # The public page shows no factory's own figures; the secretariat's dashboard does.
    assert "busiest-hours" not in body and "flow-list" not in body
    dashboard = client.get("/openfactory/statistics/").content.decode()
    assert "flow-list" in dashboard and "busiest-hours" in dashboard
    top = total.flows[0]
    assert f"{top.source.company.name} → {top.target.company.name}" in dashboard
