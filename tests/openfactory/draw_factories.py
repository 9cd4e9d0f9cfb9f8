"""The stamp rally's prize draw in the site-wide world (tests/site/world.py): two past
editions (unpublished, so no public page shows them) whose draw asks for one stamp, each with
a pass that has it; one edition still to draw, one drawn (its draw and winner)."""

import datetime as dt

from django.utils import timezone

from openfactory.models import PrizeDraw, PrizeWinner, Stamp
from tests.openfactory.factories import (
    AreaDayFactory,
    AreaFactory,
    EditionFactory,
    ExhibitorFactory,
)
from tests.openfactory.pass_factories import VisitorPassFactory


def _past_edition_with_a_stamped_pass(o: dict, year: int, number: int):
    edition = EditionFactory(year=year, number=number, is_published=False, stamps_for_draw=1)
    day = AreaDayFactory(
        edition=edition,
        area=AreaFactory(name="さがみ野", slug="sagamino"),
        date=timezone.localdate() - dt.timedelta(days=365 * (2031 - year)),
    )
    exhibitor = ExhibitorFactory(area_day=day, company=o["company_a"])
    visitor_pass = VisitorPassFactory(edition=edition)
    Stamp.objects.create(
        visitor_pass=visitor_pass,
        exhibitor=exhibitor,
        stamped_at=timezone.now() - dt.timedelta(days=365 * (2031 - year)),
    )
    return edition, visitor_pass


def add_draw_world(o: dict) -> None:
    o["draw_edition"], o["draw_pass"] = _past_edition_with_a_stamped_pass(o, 2025, 3)
    o["drawn_edition"], o["won_pass"] = _past_edition_with_a_stamped_pass(o, 2024, 2)
    o["prize_draw"] = PrizeDraw.objects.create(
        edition=o["drawn_edition"],
        prizes=1,
        stamps_needed=1,
        entrants=1,
        seed=12345,
        drawn_at=timezone.now() - dt.timedelta(days=300),
        drawn_by=None,
        instructions="市役所 工業振興企業誘致課でお受け取りください。",
    )
    PrizeWinner.objects.create(draw=o["prize_draw"], visitor_pass=o["won_pass"], position=1)
