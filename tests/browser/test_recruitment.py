"""A company's owner, on a phone, reads the call for exhibitors on its company page and applies
(a mistake first, nothing typed lost); city staff accept in the admin; the owner then sees 採択
and the company listed on the area day."""

import pytest
from playwright.sync_api import expect

from openfactory.models import Exhibitor, ExhibitorApplication
from tests.browser.conftest import log_in
from tests.conftest import ADMIN, PASSWORD
from tests.openfactory.factories import AreaDayFactory, AreaFactory
from tests.openfactory.recruitment_factories import ExhibitorCallFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_an_owner_applies_to_exhibit_and_city_staff_accept(
    live_server, phone_page, desktop_page, screenshot, owner, company, staff
):
    call = ExhibitorCallFactory()
    area_day = AreaDayFactory(edition=call.edition, area=AreaFactory(name="吉岡", slug="yoshioka"))
    page = phone_page
    page.goto(live_server.url + "/accounts/login/")
    log_in(page, owner, PASSWORD)

    page.goto(live_server.url + company.get_absolute_url())
    expect(page.locator(".exhibitor-call")).to_contain_text("出展企業募集")
    screenshot(page, "1-company-page")
    page.get_by_role("link", name="募集要項を読んで応募").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("出展企業募集")
    expect(page.locator("main")).to_contain_text(call.benefits)

    page.get_by_label("出展するエリア開催日").select_option(str(area_day.pk))
    page.get_by_label("プログラムの案").fill("工場見学と、アルミの名札づくり体験")
    page.get_by_label("段差なしで入れる(車いす・ベビーカー)").select_option("yes")
    page.locator("#id_contact_name").fill("綾瀬 花子")
    page.locator("#id_contact_email").fill("hanako@example.jp")
    page.get_by_role("button", name="応募を送信").click()  # what it will show is missing
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(page.get_by_label("プログラムの案")).to_have_value("工場見学と、アルミの名札づくり体験")
    assert_fits_the_phone(page)
    screenshot(page, "2-error-kept")
    assert not ExhibitorApplication.objects.exists()

    page.get_by_label("出展内容").fill("5軸加工機による精密切削")
    page.get_by_role("button", name="応募を送信").click()
    expect(page.locator(".alert-success")).to_contain_text("応募を送信しました")
    expect(page.locator(".application-status-label")).to_have_text("審査待ち")
    assert_fits_the_phone(page)
    screenshot(page, "3-sent")

    admin = desktop_page
    admin.goto(live_server.url + f"/accounts/login/?next={ADMIN}openfactory/exhibitorapplication/")
    log_in(admin, staff, PASSWORD)
    expect(admin.locator("#result_list")).to_contain_text(company.name)
    admin.locator("input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("accept")
    admin.get_by_role("button", name="実行").click()
    expect(admin.locator(".messagelist")).to_contain_text("採択しました")
    screenshot(admin, "4-admin-accepted")

    page.reload()
    expect(page.locator(".application-status-label")).to_have_text("採択")
    page.get_by_role("link", name="エリア開催日を見る").click()
    expect(page.locator("main")).to_contain_text(company.name)
    assert_fits_the_phone(page)
    screenshot(page, "5-area-day")
    assert Exhibitor.objects.get().company == company
