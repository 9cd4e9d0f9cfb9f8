"""A first-time visitor on a phone reads a family route on an area day, then opens the
edition's printable guide: printed, it shows no navigation of the site."""

import pytest
from playwright.sync_api import expect

from companies import demo as companies_demo
from openfactory import demo as openfactory_demo
from tests.conftest import clear_test_cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_a_family_route_and_prints_the_guide(live_server, phone_page, screenshot):
    clear_test_cache()
    companies_demo.load()
    openfactory_demo.load()
    page = phone_page

    page.goto(live_server.url + "/openfactory/")
    page.get_by_role("link", name="綾瀬工業団地エリア").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("綾瀬工業団地エリア")
    family = page.locator(".model-route").filter(has_text="親子で回るコース(デモ)")
    expect(family).to_contain_text("対象: 家族連れ")
    stops = family.locator(".route-stop")
    expect(stops).to_have_count(3)
    expect(stops.nth(0)).to_contain_text("あやせ樹脂工業(デモ)")
    expect(stops.nth(0)).to_contain_text("10分（徒歩）")
    expect(family.locator(".route-total")).to_have_text("移動時間の合計: 12分")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    family.scroll_into_view_if_needed()
    screenshot(page, "1-area-day-routes")
    # Each stop leads to the factory's programmes.
    stops.nth(0).get_by_role("link", name="射出成形の工場見学").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("射出成形の工場見学")
    page.go_back()

    # Up to the edition (the breadcrumb), and its guide.
    page.get_by_label("パンくずリスト").get_by_role("link").nth(1).click()
    page.get_by_role("link", name="ガイドを印刷する").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("あやせ工場オープンファクトリー")
    expect(
        page.locator(".guide-programme-title").filter(has_text="射出成形の工場見学")
    ).to_have_count(1)
    expect(page.locator(".guide-as-of")).to_contain_text("印刷した時点")
    # Six factories at four places: a joint booth's company shares its factory's dot.
    expect(page.locator(".guide-marker")).to_have_count(4)
    expect(page.locator(".guide-marker").filter(has_text="1・6")).to_have_count(1)
    screenshot(page, "2-guide-screen")

    page.emulate_media(media="print")
    expect(page.locator(".guide-screen-note")).to_be_hidden()
    assert page.locator("nav, header.site-header, footer.site-footer").count() == 0
    expect(page.locator(".guide-route").first).to_be_visible()
    screenshot(page, "3-guide-print")
