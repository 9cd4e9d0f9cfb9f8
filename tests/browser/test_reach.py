"""Issue 13, reach, on a phone (390 px): add a reservation to the calendar, share a
programme, walk an area day's factories, take another time of a full slot, download the open
data, and what robots, home screens and browsers ask the site's root for."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from icalendar import Calendar
from playwright.sync_api import expect

from openfactory.models import Slot
from tests.browser.axe import assert_no_axe_violations
from tests.conftest import clear_test_cache
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ReservationFactory,
    SlotFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOKYO = ZoneInfo("Asia/Tokyo")


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.fixture
def site_url(settings, live_server):
    settings.SITE_URL = live_server.url
    clear_test_cache()
    return live_server.url


def _slot(**extra):
    start = dt.datetime.combine(
        dt.date.today() + dt.timedelta(days=20), dt.time(10, 30), tzinfo=TOKYO
    )
    return SlotFactory(
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=45),
        programme__title="旋盤で文鎮づくり",
        programme__exhibitor__company__name="綾瀬精密工業",
        programme__exhibitor__company__address="神奈川県綾瀬市吉岡1-2-3",
        programme__exhibitor__company__latitude=Decimal("35.437000"),
        programme__exhibitor__company__longitude=Decimal("139.426000"),
        **extra,
    )


def test_a_visitor_adds_the_reservation_to_the_calendar(site_url, phone_page, screenshot):
    reservation = ReservationFactory(slot=_slot())
    page = phone_page
    page.goto(site_url + reservation.get_absolute_url())
    section = page.locator(".add-to-calendar")
    expect(section.get_by_role("heading")).to_have_text("カレンダーに追加")
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "reservation")

    ics_link = section.get_by_role("link", name="カレンダーファイル(.ics)")
    with page.expect_download() as download:
        ics_link.click()
    content = Path(download.value.path()).read_bytes()
    events = Calendar.from_ical(content).walk("VEVENT")
    assert len(events) == 1
    start = events[0].decoded("dtstart")
    assert start == reservation.slot.starts_at
    assert str(start.tzinfo) == "Asia/Tokyo"
    assert reservation.get_absolute_url() in str(events[0]["URL"])

    google = section.get_by_role("link", name="Googleカレンダー")
    href = google.get_attribute("href")
    utc = reservation.slot.starts_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert href.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert f"dates={utc}%2F" in href

    # Another visitor cannot guess the file: a token that is not one is a 404.
    response = page.request.get(f"{site_url}/openfactory/reservations/{'x' * 43}/calendar.ics")
    assert response.status == 404


def test_a_visitor_shares_a_programme(site_url, phone_page, screenshot):
    slot = _slot()
    programme = slot.programme
    page = phone_page
    # A browser with a share sheet: record what it is given.
    page.add_init_script("navigator.share = async (data) => { window.__shared = data; };")
    page.goto(site_url + programme.get_absolute_url())
    url = f"{site_url}/openfactory/programmes/{programme.pk}/"
    title = "旋盤で文鎮づくり | 綾瀬精密工業"
    assert page.locator('meta[property="og:title"]').get_attribute("content") == title
    assert page.locator('meta[property="og:url"]').get_attribute("content") == url
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == "summary"
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert page.request.get(image).status == 200

    share = page.locator(".share-links")
    expect(share.get_by_role("heading")).to_have_text("このページを共有")
    encoded_url, encoded_title = quote(url, safe=""), quote(title, safe="")
    x = share.get_by_role("link", name="X").get_attribute("href")
    assert x == f"https://x.com/intent/post?text={encoded_title}&url={encoded_url}"
    line = share.get_by_role("link", name="LINE").get_attribute("href")
    assert encoded_url in line and encoded_title in line
    facebook = share.get_by_role("link", name="Facebook").get_attribute("href")
    assert facebook == f"https://www.facebook.com/sharer/sharer.php?u={encoded_url}"
    # The programme's address and map links.
    expect(page.locator(".programme-address")).to_have_text("神奈川県綾瀬市吉岡1-2-3")
    geo = page.locator(".programme-map a[data-map='geo']").get_attribute("href")
    assert geo.startswith("geo:35.437000,139.426000")

    button = share.get_by_role("button", name="共有…")
    expect(button).to_be_visible()
    button.click()
    assert page.evaluate("window.__shared") == {"title": title, "url": url}
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "programme")


def test_without_a_share_sheet_the_plain_links_remain(site_url, phone_page):
    programme = _slot().programme
    page = phone_page
    page.add_init_script("delete Navigator.prototype.share; delete navigator.share;")
    page.goto(site_url + programme.get_absolute_url())
    expect(page.locator("[data-share]")).to_be_hidden()
    expect(page.locator(".share-links").get_by_role("link", name="LINE")).to_be_visible()


def test_the_area_day_lists_its_factories_in_walking_order(site_url, phone_page, screenshot):
    area_day = AreaDayFactory(
        area__name="吉岡",
        main_venue="吉岡地区センター",
        venue_address="神奈川県綾瀬市吉岡100",
        venue_latitude=Decimal("35.430000"),
        venue_longitude=Decimal("139.420000"),
    )
    for order, (name, lon) in enumerate(
        [("C工業", "139.440000"), ("A製作所", "139.422000"), ("B金属", "139.430000")]
    ):
        ExhibitorFactory(
            area_day=area_day,
            order=order,
            company__name=name,
            company__address=f"神奈川県綾瀬市吉岡{order + 1}",
            company__latitude=Decimal("35.430000"),
            company__longitude=Decimal(lon),
        )
    page = phone_page
    page.goto(site_url + area_day.get_absolute_url())
    route = page.locator(".walking-order")
    expect(route.get_by_role("heading")).to_have_text("歩いて回る順")
    expect(route.locator(".route-name")).to_have_text(["A製作所", "B金属", "C工業"])
    expect(route.locator(".route-distance")).to_have_text(
        ["メイン会場から180 m", "前の会場から720 m", "前の会場から910 m"]
    )
    venue_geo = page.locator(".venue-map a[data-map='geo']").get_attribute("href")
    assert venue_geo.startswith("geo:35.430000,139.420000")
    assert page.locator('meta[property="og:url"]').get_attribute("content") == (
        site_url + area_day.get_absolute_url()
    )
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "area-day")


def test_a_long_walking_order_opens_on_a_page_of_its_own(site_url, phone_page):
    from openfactory.views.public import WALKING_ORDER_ON_THE_DAYS_PAGE as INLINE

    area_day = AreaDayFactory(
        venue_latitude=Decimal("35.430000"), venue_longitude=Decimal("139.420000")
    )
    for n in range(INLINE + 1):
        ExhibitorFactory(
            area_day=area_day,
            order=n,
            company__name=f"工場{n:02d}",
            company__latitude=Decimal("35.430000"),
            company__longitude=Decimal(f"139.{421000 + n * 1000}"),
        )
    page = phone_page
    page.goto(site_url + area_day.get_absolute_url())
    page.get_by_role("link", name=f"{INLINE + 1}か所の工場を回る順").click()
    expect(page.get_by_role("heading", name="歩いて回る順")).to_be_visible()
    expect(page.locator(".route-name")).to_have_text([f"工場{n:02d}" for n in range(INLINE + 1)])
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)


def test_a_full_slot_offers_the_programmes_other_times(site_url, phone_page, screenshot):
    full = _slot(seats=2)
    Slot.objects.filter(pk=full.pk).update(seats_taken=2)
    later = SlotFactory(
        programme=full.programme,
        starts_at=full.starts_at + dt.timedelta(hours=3),
        ends_at=full.ends_at + dt.timedelta(hours=3),
        seats=6,
    )
    page = phone_page
    page.goto(f"{site_url}/openfactory/slots/{full.pk}/reserve/")
    page.get_by_label("お名前").fill("綾瀬 花子")
    page.get_by_label("ふりがな").fill("あやせ はなこ")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_label("大人").fill("1")
    page.get_by_label("子ども").fill("1")
    page.get_by_label("個人情報の取り扱いを読み、同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    other = page.locator(".other-slots")
    expect(other.get_by_role("heading")).to_have_text("空きのあるほかの時間")
    local = later.starts_at.astimezone(TOKYO)
    expect(other.locator(".other-slot")).to_have_count(1)
    expect(other.locator(".other-slot")).to_contain_text(local.strftime("%H:%M"))
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "confirm-full")
    # The other time's confirm step, with the details typed for the full one.
    other.get_by_role("button", name="予約する").click()
    expect(page).to_have_url(f"{site_url}/openfactory/slots/{later.pk}/reserve/")
    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    expect(page.locator(".confirm-details")).to_contain_text("hanako@example.jp")
    expect(page.locator(".other-slots")).to_have_count(0)
    page.get_by_role("button", name="この内容で予約する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ご予約の内容")
    assert later.reservations.get().email == "hanako@example.jp"


def test_the_open_data_of_an_edition_downloads_as_the_event_list(site_url, phone_page, screenshot):
    slot = _slot()
    edition = slot.programme.exhibitor.area_day.edition
    page = phone_page
    page.goto(site_url + edition.get_absolute_url())
    section = page.locator(".open-data")
    expect(section.get_by_role("heading")).to_have_text("オープンデータ")
    expect(section.locator(".open-data-license")).to_contain_text(settings.OPEN_DATA_LICENSE)
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "edition")
    with page.expect_download() as download:
        section.get_by_role("link", name="CSV(Excel)").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    kept = Path(settings.BASE_DIR) / "openfactory" / "opendata" / "event_columns.txt"
    columns = [
        line
        for line in kept.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert rows[0] == columns
    row = dict(zip(columns, rows[1], strict=True))
    assert row["イベント名"] == "旋盤で文鎮づくり"
    assert row["場所名称"] == "綾瀬精密工業"
    assert row["開始時間"] == "10:30" and row["終了時間"] == "11:15"
    assert row["URL"] == f"{site_url}/openfactory/programmes/{slot.programme.pk}/"


def test_robots_manifest_and_icons(site_url, phone_page, settings):
    page = phone_page
    page.goto(site_url + "/robots.txt")
    robots = page.locator("body").inner_text()
    for path in (f"/{settings.ADMIN_URL}", "/openfactory/reception/", "/openfactory/reservations/"):
        assert f"Disallow: {path}" in robots
    assert f"Sitemap: {site_url}/sitemap.xml" in robots

    response = page.request.get(site_url + "/manifest.webmanifest")
    assert response.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(response.body())
    assert manifest["start_url"] == "/openfactory/reception/"
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        served = page.request.get(site_url + icon["src"])
        assert served.status == 200 and served.headers["content-type"] == "image/png"
    for path in ("/static/img/apple-touch-icon.png", "/static/img/favicon.svg"):
        assert page.request.get(site_url + path).status == 200


def test_a_smart_navi_post_is_shared_with_its_cover(site_url, phone_page, screenshot):
    from tests.companies.factories import PostFactory, add_photos

    post = PostFactory(title="新しい旋盤が入りました", company__name="綾瀬精密工業")
    add_photos(post, 1)
    page = phone_page
    page.goto(site_url + post.get_absolute_url())
    title = "新しい旋盤が入りました — 綾瀬精密工業"
    url = site_url + post.get_absolute_url()
    assert page.locator('meta[property="og:title"]').get_attribute("content") == title
    assert page.locator('meta[property="og:type"]').get_attribute("content") == "article"
    image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert image.startswith(site_url) and page.request.get(image).status == 200
    assert page.locator('meta[name="twitter:card"]').get_attribute("content") == (
        "summary_large_image"
    )
    x = page.locator(".share-links").get_by_role("link", name="X").get_attribute("href")
    assert quote(url, safe="") in x and quote(title, safe="") in x
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    screenshot(page, "post")


def test_the_company_directory_links_its_open_data(site_url, phone_page):
    from tests.companies.factories import CompanyFactory

    CompanyFactory(name="綾瀬精密工業", latitude=Decimal("35.437"), longitude=Decimal("139.426"))
    page = phone_page
    page.goto(site_url + "/companies/")
    section = page.locator(".open-data")
    expect(section.get_by_role("heading")).to_have_text("オープンデータ")
    expect(section).to_contain_text("公共施設一覧")
    assert_fits_the_phone(page)
    assert_no_axe_violations(page)
    href = section.get_by_role("link", name="JSON").get_attribute("href")
    data = json.loads(page.request.get(site_url + href).body())
    assert data["records"][0]["名称"] == "綾瀬精密工業"
    assert data["records"][0]["緯度"] == "35.437000"


def test_a_full_slots_form_offers_the_other_times_at_once(site_url, phone_page):
    full = _slot(seats=2)
    Slot.objects.filter(pk=full.pk).update(seats_taken=2)
    later = SlotFactory(
        programme=full.programme,
        starts_at=full.starts_at + dt.timedelta(hours=1),
        ends_at=full.ends_at + dt.timedelta(hours=1),
        seats=3,
    )
    page = phone_page
    page.goto(f"{site_url}/openfactory/slots/{full.pk}/reserve/")
    expect(page.locator(".other-slots .other-slot")).to_have_count(1)
    expect(page.locator(".other-slots")).to_contain_text("残り3席")
    assert_no_axe_violations(page)
    # Half the form typed before choosing the other time: it goes along.
    page.get_by_label("お名前").fill("綾瀬 花子")
    page.get_by_label("メールアドレス").fill("family@example.jp")
    page.locator(".other-slots").get_by_role("button", name="予約する").click()
    expect(page).to_have_url(f"{site_url}/openfactory/slots/{later.pk}/reserve/")
    expect(page.locator(".other-slots")).to_have_count(0)
    expect(page.get_by_label("お名前")).to_have_value("綾瀬 花子")
    expect(page.get_by_label("メールアドレス")).to_have_value("family@example.jp")
    expect(page.locator(".is-invalid")).to_have_count(0)
