"""A new member of the city staff sets up the second factor on first login, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import CITY_STAFF_GROUP
from tests.accounts.factories import UserFactory, totp_code
from tests.browser.conftest import log_in, open_account_menu, open_menu
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def new_staff_member(role_groups):
    """Made by a superuser in the admin: city staff, no authenticator app yet."""
    user = UserFactory(name="綾瀬 花子", is_staff=True, second_factor=False)
    user.groups.add(role_groups[0])
    assert user.groups.filter(name=CITY_STAFF_GROUP).exists()
    return user


def test_a_new_staff_member_sets_up_the_app_saves_the_codes_and_reaches_the_admin(
    live_server, desktop_page, screenshot, new_staff_member, tmp_path
):
    page = desktop_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, new_staff_member, PASSWORD)

    # Sent to set up the app; allauth asks for the password once more before a second
    # factor is added, and the portal's message says why.
    expect(page.get_by_text("スマートフォンに認証アプリを設定してください")).to_be_visible()
    expect(page.get_by_role("heading", name="アクセス確認")).to_be_visible()
    screenshot(page, "1-why")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="確認").click()

    expect(page.get_by_role("heading", name="認証アプリを有効化する")).to_be_visible()
    qr = page.get_by_role("img", name="認証アプリで読み取るQRコード")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    screenshot(page, "2-setup")
    # The phone's app shows a code computed from the secret; the person types it in.
    page.get_by_label("認証アプリコード").fill(totp_code(secret))
    page.get_by_role("button", name="有効化する").click()

    expect(page.get_by_role("heading", name="リカバリーコード")).to_be_visible()
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", code) for code in codes)
    with page.expect_download() as download:
        page.get_by_role("link", name="コードをダウンロードする").click()
    saved = tmp_path / "recovery-codes.txt"
    download.value.save_as(saved)
    assert all(code in saved.read_text() for code in codes)
    screenshot(page, "3-recovery-codes")
    # The second factor stays at hand in the account menu.
    open_account_menu(page)
    expect(page.get_by_role("link", name="多要素認証")).to_be_visible()
    screenshot(page, "4-account-menu")

    page.get_by_role("link", name="管理サイト").click()
    expect(page.locator("#site-name")).to_have_text("綾瀬イノベーション推進委員会 ポータル 管理")
    expect(page.get_by_role("link", name="招待").first).to_be_visible()
    screenshot(page, "5-admin")


def test_a_company_owner_finds_the_second_factor_in_the_account_menu_on_a_phone(
    live_server, phone_page, screenshot, owner
):
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, owner, PASSWORD)
    open_menu(page)
    open_account_menu(page)
    page.get_by_role("link", name="多要素認証").click()
    expect(page.get_by_role("heading", name="多要素認証", level=1)).to_be_visible()
    expect(page.get_by_text("認証アプリは有効ではありません")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "mfa-index")
