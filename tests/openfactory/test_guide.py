"""The edition's printed guide: public for a published edition, built from the data."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from tests.openfactory.factories import (
    AreaDayFactory,
    EditionFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    SlotFactory,
)
from tests.openfactory.route_factories import RouteFactory, RouteStopFactory

pytestmark = pytest.mark.django_db


def guide_url(edition):
    return f"/openfactory/{edition.year}/guide/"


@pytest.fixture
def edition():
    edition = EditionFactory(title="オープンファクトリー")
    for n, slug in enumerate(["yoshioka-g", "danchi-g"]):
        area_day = AreaDayFactory(
            edition=edition,
            area__slug=slug,
            area__name=f"エリア{slug}",
            date=dt.date.today() + dt.timedelta(days=20 + n),
        )
        for m in range(2):
            exhibitor = ExhibitorFactory(
                area_day=area_day,
                company__name=f"工場{n}{m}",
                company__latitude=Decimal("35.44") + Decimal(n) / 100,
                company__longitude=Decimal("139.42") + Decimal(m) / 100,
                shows=f"見せるもの{n}{m}",
            )
            SlotFactory(
                programme=ProgrammeFactory(exhibitor=exhibitor, title=f"体験{n}{m}"), seats=7
            )
    return edition


def test_the_guide_holds_every_programme_of_the_edition_and_none_of_another(client, edition):
    draft = EditionFactory(is_published=False)
    ProgrammeFactory(exhibitor__area_day__edition=draft, title="下書きの体験")
    ProgrammeFactory(exhibitor__area_day__edition=EditionFactory(), title="別の回の体験")
    html = client.get(guide_url(edition)).content.decode()
    titles = re.findall(r'class="guide-programme-title">([^<]+)<', html)
    assert sorted(titles) == ["体験00", "体験01", "体験10", "体験11"]
    assert "下書きの体験" not in html and "別の回の体験" not in html


def test_the_guide_shows_areas_days_factories_times_seats_and_when_it_was_printed(client, edition):
    html = client.get(guide_url(edition)).content.decode()
    area_day = edition.area_days.order_by("date").first()
    assert "エリアyoshioka-g" in html and "エリアdanchi-g" in html
    assert f"{area_day.date.month}月{area_day.date.day}日" in html
    assert "見せるもの00" in html
    assert "10:00〜10:30 · 残り7席" in html
    assert "印刷した時点" in html
    # A map drawn on the server: one numbered dot per factory with a position, no script.
    assert html.count('class="guide-marker"') == 4
    assert "<script" not in html
    assert 'src="data:image/svg+xml' in html  # the QR code back to the edition's page


def test_the_guide_shows_the_routes(client, edition):
    area_day = edition.area_days.first()
    route = RouteFactory(area_day=area_day, title="就職活動中の方のコース", audience="job_seekers")
    RouteStopFactory(route=route, exhibitor=area_day.exhibitors.first(), minutes_to_next=15)
    RouteStopFactory(route=route, exhibitor=area_day.exhibitors.last())
    html = client.get(guide_url(edition)).content.decode()
    assert "就職活動中の方のコース" in html
    assert "移動時間の合計: 15分" in html


def test_an_unpublished_edition_has_no_guide_even_for_city_staff(client, staff):
    draft = EditionFactory(is_published=False)
    ProgrammeFactory(exhibitor__area_day__edition=draft)
    assert client.get(guide_url(draft)).status_code == 404
    client.force_login(staff)
    assert client.get(guide_url(draft)).status_code == 404
    assert client.get("/openfactory/1999/guide/").status_code == 404


def test_the_edition_page_links_to_the_guide(client, edition):
    html = client.get(edition.get_absolute_url()).content.decode()
    assert f'href="{guide_url(edition)}"' in html
    assert "ガイドを印刷する" in html


def test_the_guide_does_not_grow_with_the_data(client, edition, django_assert_num_queries):
    RouteStopFactory(route=RouteFactory(area_day=edition.area_days.first()))
    # edition; days, exhibitors, programmes, slots, routes, stops
    with django_assert_num_queries(7):
        assert client.get(guide_url(edition)).status_code == 200
    for area_day in list(edition.area_days.all()):
        route = RouteFactory(area_day=area_day)
        for _ in range(3):
            stop = RouteStopFactory(route=route)
            SlotFactory(programme=ProgrammeFactory(exhibitor=stop.exhibitor))
    AreaDayFactory(edition=edition)
    with django_assert_num_queries(7):
        assert client.get(guide_url(edition)).status_code == 200


def test_the_map_plots_north_up_and_shares_a_dot_between_factories_at_one_place():
    from openfactory.guide import plot
    from openfactory.maps import Point

    north, south = Point(35.44, 139.42), Point(35.42, 139.43)
    drawn = plot([(1, "甲", north), (2, "乙", south), (3, "丙", north)])
    assert [m.text for m in drawn.markers] == ["1・3", "2"]
    top, bottom = drawn.markers
    assert top.y < bottom.y and top.x < bottom.x
    assert min(top.x, bottom.x) >= 0 and max(top.x, bottom.x) <= drawn.width
    assert plot([]) is None
