"""The foundation's two journeys, as a person does them in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from demo_data.seeds import committee_seed_text
from meetings import demo
from tests.browser.conftest import log_in, open_menu
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_on_a_phone_switches_to_english_and_reads_about(
    live_server, phone_page, screenshot
):
    demo.load(committee_seed_text())
    page = phone_page
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text("ものづくりのまち あやせ")
    screenshot(page, "home-ja")

    # On a phone the navigation is behind the menu button.
    open_menu(page)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ayase, the town of monozukuri")

    open_menu(page, "Open the menu")
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="About the committee"
    ).click()
    expect(page).to_have_url(re.compile(r"/about/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("綾瀬イノベーション推進委員会")
    expect(page.get_by_text("平成27年10月（Oct 2015）")).to_be_visible()
    expect(page.get_by_role("heading", name="Purposes")).to_be_visible()
    expect(page.get_by_text("市内製造業の技術力のPR")).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "about-en")


def test_city_staff_log_in_and_reach_the_admin(live_server, desktop_page, staff, screenshot):
    page = desktop_page
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="ログイン").click()
    screenshot(page, "login")
    log_in(page, staff, PASSWORD)

    page.get_by_role("link", name="管理サイト").click()
    expect(page.locator("#site-name")).to_have_text("綾瀬イノベーション推進委員会 ポータル 管理")
    expect(page.get_by_role("link", name="招待").first).to_be_visible()
    screenshot(page, "admin")
