"""A company's owner, on a phone, writes a workshop and its time for the day the company
exhibits on; visitors then find it on the programme page with its seats."""

import pytest
from playwright.sync_api import expect

from openfactory.models import Programme
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.openfactory.factories import ExhibitorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_owner_adds_a_workshop_and_its_time_from_a_phone(
    live_server, phone_page, screenshot, owner, company
):
    exhibitor = ExhibitorFactory(company=company)
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, owner, PASSWORD)

    page.goto(live_server.url + "/openfactory/")
    page.get_by_role("link", name="プログラムと時間枠").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("プログラムと時間枠")
    page.get_by_role("link", name=company.name).click()
    page.get_by_role("link", name="プログラムを追加").click()

    page.get_by_label("種類").select_option("workshop")
    page.locator("#id_title").fill("ネームプレートに刻印しよう")
    page.locator("#id_description").fill("金属のプレートに名前を刻みます。\n軍手をお貸しします。")
    page.get_by_label("対象年齢(下限)").fill("６")
    page.get_by_label("対象年齢(上限)").fill("１２")
    page.get_by_label("参加費(円)").fill("３００円")
    page.get_by_role("button", name="プログラムを保存").click()
    expect(page.locator(".alert-success")).to_contain_text("ネームプレートに刻印しよう")
    assert_fits_the_phone(page)
    screenshot(page, "1-programme-added")

    page.get_by_role("link", name="時間枠を追加").click()
    page.get_by_label("開始時刻").fill("13:00")
    page.get_by_label("終了時刻").fill("12:30")
    page.get_by_label("定員").fill("８")
    page.get_by_role("button", name="時間枠を保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("終了は開始より後にしてください")
    assert_fits_the_phone(page)
    screenshot(page, "2-slot-error")
    page.get_by_label("終了時刻").fill("13:45")
    page.get_by_role("button", name="時間枠を保存").click()
    expect(page.locator(".manage-slot")).to_contain_text("13:00〜13:45")
    screenshot(page, "3-slot-added")

    programme = Programme.objects.get(title="ネームプレートに刻印しよう")
    assert (programme.age_min, programme.age_max, programme.fee) == (6, 12, 300)
    assert programme.exhibitor == exhibitor
    page.get_by_role("link", name="公開ページ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ネームプレートに刻印しよう")
    expect(page.locator(".slot-row")).to_contain_text("残り8席")
    assert_fits_the_phone(page)
    screenshot(page, "4-public-page")
