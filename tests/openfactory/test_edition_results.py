"""開催結果 on an edition's public statistics page: its figures beside the previous edition's,
once its last area day is over (issue 15, item 8)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from openfactory.models import Survey, Visit
from openfactory.surveys import services as survey_services
from tests.openfactory.factories import (
    AreaDayFactory,
    AreaFactory,
    EditionFactory,
    ExhibitorFactory,
)
from tests.openfactory.pass_factories import VisitorPassFactory
from tests.openfactory.survey_factories import full_survey

pytestmark = pytest.mark.django_db


def past_edition(year: int, area, days_ago: int):
    edition = EditionFactory(year=year, number=year - 2018)
    day = AreaDayFactory(
        edition=edition, area=area, date=timezone.localdate() - dt.timedelta(days=days_ago)
    )
    return edition, [ExhibitorFactory(area_day=day) for _ in range(3)]


def visit(edition, factories, *, adults, children, residence):
    visitor_pass = VisitorPassFactory(
        edition=edition, adults=adults, children=children, residence=residence
    )
    for minutes, exhibitor in enumerate(factories):
        day = timezone.make_aware(dt.datetime.combine(exhibitor.area_day.date, dt.time(10)))
        Visit.objects.create(
            visitor_pass=visitor_pass,
            exhibitor=exhibitor,
            visited_at=day + dt.timedelta(minutes=30 * minutes),
        )


def rated(edition, stars):
    survey = full_survey(edition=edition, audience=Survey.Audience.VISITORS)
    for i, value in enumerate(stars):
        survey_services.response_submit(
            survey=survey, answers={survey.q["rating"].pk: {"number": value}}, browser_key=f"b{i}"
        )
    return survey


def results(client, year):
    body = client.get(f"/openfactory/{year}/statistics/").content.decode()
    rows = re.findall(
        r'data-result="(\w+)">.*?data-value>([^<]*)<.*?data-previous>([^<]*)<', body, flags=re.S
    )
    return {key: (value.strip(), previous.strip()) for key, value, previous in rows}


def test_the_results_stand_beside_the_previous_editions(client):
    area = AreaFactory()
    before, before_factories = past_edition(2024, area, days_ago=400)
    edition, factories = past_edition(2025, area, days_ago=30)
    # 2024: one party from the city at one factory.
    visit(before, before_factories[:1], adults=2, children=0, residence="city")
    # 2025: three parties; two of them from outside the city, one gave no postcode.
    visit(edition, factories, adults=2, children=2, residence="outside")
    visit(edition, factories[:2], adults=1, children=0, residence="prefecture")
    visit(edition, factories[:1], adults=3, children=1, residence="")
    Survey.objects.filter(pk=rated(edition, [5, 4, 4]).pk).update(results_published=True)
    rated(before, [2])  # not published: never shown

    page = client.get("/openfactory/2025/statistics/").content.decode()
    assert "開催結果" in page and "前回（2024年）" in page
    found = results(client, 2025)
    assert found["parties"] == ("3", "1")
    assert found["people"] == ("9", "2")
    assert found["average"] == ("2.0", "1.0")  # 6 visits by 3 parties; 1 by 1
    assert found["outside"] == ("100.0%", "0.0%")  # of the two parties that gave a postcode
    assert found["satisfaction"] == ("4.33", "—")
    assert set(found) == {
        "parties", "people", "visits", "exhibitors", "average", "outside", "satisfaction"
    }  # fmt: skip


def test_no_results_while_an_area_day_is_to_come(client):
    area = AreaFactory()
    edition, factories = past_edition(2025, area, days_ago=2)
    AreaDayFactory(edition=edition, date=timezone.localdate() + dt.timedelta(days=5))
    visit(edition, factories, adults=1, children=0, residence="city")
    assert results(client, 2025) == {}
    assert "開催結果" not in client.get("/openfactory/2025/statistics/").content.decode()
