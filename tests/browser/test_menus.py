"""The header's menus and the messages' close button, on a phone, with the portal's own
script (static/js/portal.js) in place of Bootstrap's bundle: the menu button opens and
closes the menu, the account menu answers the keyboard (arrows, Escape back to its button)
and closes on a click elsewhere, and a message goes away with its close button;
aria-expanded says true or false throughout."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOWN = re.compile(r"(^|\s)show(\s|$)")


def test_menu_account_menu_and_message_on_a_phone(live_server, phone_page, screenshot, visitor):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, visitor, PASSWORD)

    # The login's message, closed with its button.
    message = page.get_by_role("alert").filter(has_text="ログインしました")
    expect(message).to_be_visible()
    screenshot(page, "1-message")
    message.get_by_role("button", name="閉じる").click()
    expect(message).to_have_count(0)

    # The phone's menu: hidden, opened, closed again.
    menu_button = page.get_by_role("button", name="メニューを開く")
    nav = page.locator("#site-nav")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="議事録")).to_be_hidden()
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(nav).to_have_class(SHOWN)
    expect(nav.get_by_role("link", name="議事録")).to_be_visible()

    # The account menu from the keyboard: the down arrow opens it on its first item,
    # Escape closes it and gives the focus back to its button.
    account = page.get_by_role("button", name="アカウント")
    expect(account).to_have_attribute("aria-expanded", "false")
    change_password = page.get_by_role("link", name="パスワードの変更")
    expect(change_password).to_be_hidden()
    account.focus()
    page.keyboard.press("ArrowDown")
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(change_password).to_be_visible()
    expect(change_password).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("button", name="ログアウト")).to_be_focused()
    screenshot(page, "2-account-menu")
    page.keyboard.press("Escape")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(change_password).to_be_hidden()
    expect(account).to_be_focused()

    # Opened with a click, closed by a click elsewhere on the page.
    account.click()
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(change_password).to_be_visible()
    page.locator("main h1").first.click()
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(change_password).to_be_hidden()

    # And its item leads where it says.
    account.click()
    change_password.click()
    page.wait_for_url(re.compile(r"/accounts/password/change/"))

    # The menu button closes the menu it opened.
    menu_button = page.get_by_role("button", name="メニューを開く")
    menu_button.click()
    expect(page.locator("#site-nav")).to_have_class(SHOWN)
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#site-nav").get_by_role("link", name="議事録")).to_be_hidden()
