import datetime as dt

import factory
from django.utils import timezone

from openfactory.models import ExhibitorQuiz, QuizAnswer, Stamp, Visit, VisitorPass
from tests.openfactory.factories import (
    AreaDayFactory,
    AreaFactory,
    EditionFactory,
    ExhibitorFactory,
)


class VisitorPassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitorPass

    edition = factory.SubFactory(EditionFactory)
    adults = 2
    children = 1


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    visitor_pass = factory.SubFactory(VisitorPassFactory)
    exhibitor = factory.SubFactory(
        ExhibitorFactory, area_day__edition=factory.SelfAttribute("...visitor_pass.edition")
    )
    visited_at = factory.LazyFunction(timezone.now)


def add_pass_world(o: dict) -> None:
    """The site-wide world's passes (tests/site/world.py): an area day held today with company
    A's and B's factories (reception and posters work on the area day only), a pass that
    visited A's factory there, and one of the world's (future) area day."""
    o["today_area_day"] = AreaDayFactory(
        edition=o["edition"],
        area=AreaFactory(name="寺尾", slug="terao"),
        date=timezone.localdate(),
    )
    o["today_exhibitor_a"] = ExhibitorFactory(area_day=o["today_area_day"], company=o["company_a"])
    o["today_exhibitor_b"] = ExhibitorFactory(area_day=o["today_area_day"], company=o["company_b"])
    o["visitor_pass"] = VisitorPassFactory(edition=o["edition"], code="ACDE3467")
    o["visit"] = VisitFactory(
        visitor_pass=o["visitor_pass"],
        exhibitor=o["today_exhibitor_a"],
        visited_at=timezone.now() - dt.timedelta(minutes=30),
    )
    # The stamp rally: company B's quiz, and the pass's stamp at company A's factory.
    o["quiz"] = ExhibitorQuiz.objects.create(
        exhibitor=o["today_exhibitor_b"],
        question="この工場で使っている金属は？",
        choices="アルミ\n鉄\n銅",
        answer=2,
    )
    o["stamp"] = Stamp.objects.create(
        visitor_pass=o["visitor_pass"], exhibitor=o["today_exhibitor_a"], stamped_at=timezone.now()
    )
    # A wrong answer to company B's quiz (a right one would have stamped the pass there).
    o["quiz_answer"] = QuizAnswer.objects.create(
        visitor_pass=o["visitor_pass"],
        exhibitor=o["today_exhibitor_b"],
        choice=1,
        correct=False,
        answered_at=timezone.now(),
    )
