"""On a phone (390 px): a company's owner registers a new hire for the joint entrance ceremony
and ticks an item of a hire's checklist; on the day, city staff mark the hire present with a
tap on the attendance page."""

import pytest
from playwright.sync_api import expect

from talent.models import CeremonyRegistration, HireCheck
from tests.browser.conftest import PHONE, log_in
from tests.conftest import PASSWORD
from tests.talent.people_factories import CeremonyEventFactory, ChecklistItemFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_company_registers_a_hire_and_staff_mark_them_present_on_a_phone(
    live_server, browser, phone_page, screenshot, owner, staff, company
):
    event = CeremonyEventFactory(title="あやせ工場合同入社式", capacity=20)
    item = ChecklistItemFactory(
        text_ja="在留期間の 満了日を 確認した", asks_date=True, date_label_ja="満了日"
    )
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, owner, PASSWORD)

    page.goto(live_server.url + "/talent/")
    page.get_by_role(
        "link", name="企業の方へ: 外国人社員のチェックリスト、合同入社式の登録、社員寮の申込み"
    ).click()
    page.get_by_role("link", name="合同入社式・合同研修: 登録").click()
    page.get_by_role("link", name="新入社員を登録").click()
    page.get_by_label("氏名").fill("綾瀬 花子")
    page.get_by_label("ふりがな").fill("綾瀬花子")  # kanji, not kana: refused beside the field
    page.get_by_label("入社日").fill("2099-04-01")
    page.get_by_label("職種").fill("CAD設計")
    page.get_by_role("button", name="登録する").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("カタカナかひらがな")
    expect(page.get_by_label("職種")).to_have_value("CAD設計")
    assert_fits_the_phone(page)
    screenshot(page, "1-kana-refused")
    page.get_by_label("ふりがな").fill("アヤセ ハナコ")
    page.get_by_role("button", name="登録する").click()
    expect(page.locator(".alert-success")).to_contain_text("綾瀬 花子")
    expect(page.locator(".registrations")).to_contain_text("アヤセ ハナコ")
    assert_fits_the_phone(page)
    screenshot(page, "2-registered")

    page.goto(live_server.url + f"/talent/people/{company.slug}/hires/")
    page.get_by_label("氏名またはイニシャル").fill("H.A.")
    page.get_by_role("button", name="追加", exact=True).click()
    page.get_by_label("在留期間の 満了日を 確認した").check()
    page.get_by_label("満了日", exact=True).fill("2027-03-31")
    page.get_by_role("button", name="チェックリストを保存").click()
    expect(page.locator(".alert-success")).to_contain_text("保存しました")
    expect(page.get_by_label("在留期間の 満了日を 確認した")).to_be_checked()
    assert_fits_the_phone(page)
    screenshot(page, "3-checklist")
    check = HireCheck.objects.get(item=item)
    assert check.done and check.date.isoformat() == "2027-03-31"

    # The day: city staff on their own phone.
    staff_page = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE).new_page()
    staff_page.goto(live_server.url + "/accounts/login/")
    log_in(staff_page, staff, PASSWORD)
    staff_page.goto(live_server.url + "/talent/staff/people/")
    staff_page.get_by_role("link", name="あやせ工場合同入社式").click()
    staff_page.get_by_role("link", name="当日の出席確認").click()
    expect(staff_page.locator("#present-count")).to_have_text("0")
    staff_page.get_by_role("button", name="綾瀬 花子さんを出席にする").click()
    expect(staff_page.locator("#present-count")).to_have_text("1")
    expect(staff_page.locator(".alert-success")).to_contain_text("出席: 綾瀬 花子")
    assert_fits_the_phone(staff_page)
    screenshot(staff_page, "4-present")
    registration = CeremonyRegistration.objects.get(event=event)
    assert registration.attended_at is not None
