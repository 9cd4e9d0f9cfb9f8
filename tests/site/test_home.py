"""The home page leads with what is on: the coming open factory's days with their dates and
what can still be reserved (or when reservations open), then the companies' latest posts
with their photos, then the minutes."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.companies.factories import PostFactory, add_photos
from tests.openfactory.factories import AreaDayFactory, EditionFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = EditionFactory(year=2091, number=91, title="あやせ工場オープンファクトリー2091")
    yoshioka = AreaDayFactory(edition=edition)
    SlotFactory(programme__exhibitor__area_day=yoshioka, seats=4)  # open
    full = SlotFactory(programme__exhibitor__area_day=yoshioka, seats=2)
    full.seats_taken = 2
    full.save()
    AreaDayFactory(edition=edition, date=yoshioka.date + dt.timedelta(days=7))
    return edition


def test_the_coming_open_factory_comes_first_with_its_days(client, edition):
    html = client.get("/").content.decode()
    assert html.index("あやせ工場オープンファクトリー2091") < html.index("ポータルの内容")
    assert html.count("area-day-card") == 2
    first = edition.area_days.order_by("date").first()
    assert f"{first.date.month}月{first.date.day}日" in html
    assert 'data-reservable="1"' in html  # one of its two programmes still has a seat
    assert "予約できるプログラム1件" in html


def test_when_reservations_open_is_said_before_they_do(client, edition):
    edition.reservations_open_at = timezone.now() + dt.timedelta(days=3)
    edition.save()
    html = client.get("/").content.decode()
    assert "予約受付は" in html and "から" in html
    assert "予約できるプログラム" not in html
    programme = edition.area_days.order_by("date").first().exhibitors.first().programmes.first()
    page = client.get(programme.get_absolute_url()).content.decode()
    assert 'id="reservations-open-at"' in page
    assert "/reserve/" not in page


def test_latest_posts_show_their_cover_photos_lazily_with_their_size(client, edition):
    post = PostFactory(title="新しい旋盤")
    add_photos(post, 1)
    post.cover = post.photos.first()
    post.save()
    html = client.get("/").content.decode()
    assert "新しい旋盤" in html
    img = html[html.index("post-cover") - 400 : html.index("post-cover")]
    assert 'loading="lazy"' in img and 'width="' in img and 'height="' in img


def test_each_day_counts_its_companies_programmes_and_those_still_to_reserve(edition):
    """Each figure once per company or programme, however many times a programme has."""
    from openfactory.selectors import area_days_of
    from tests.openfactory.factories import ProgrammeFactory

    first = edition.area_days.order_by("date").first()
    exhibitor = first.exhibitors.order_by("pk").first()
    more = ProgrammeFactory(exhibitor=exhibitor)  # the company's second programme
    for hours in (2, 5):  # two times to come with seats: one programme to reserve
        start = timezone.now() + dt.timedelta(days=3, hours=hours)
        SlotFactory(programme=more, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    past = timezone.now() - dt.timedelta(days=1)  # over: nothing to reserve
    SlotFactory(
        programme=ProgrammeFactory(exhibitor=exhibitor),
        starts_at=past,
        ends_at=past + dt.timedelta(hours=1),
    )
    days = {d.pk: d for d in area_days_of(edition)}
    counted = days[first.pk]
    assert (counted.exhibitor_count, counted.programme_count, counted.reservable_count) == (
        2,
        4,
        2,
    )
    (other,) = [d for pk, d in days.items() if pk != first.pk]
    assert (other.exhibitor_count, other.programme_count, other.reservable_count) == (0, 0, 0)
