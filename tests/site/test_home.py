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
