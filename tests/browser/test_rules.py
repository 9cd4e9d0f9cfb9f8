"""A visitor with a pushchair on a phone: only the step-free factories of the day, a
programme's own rules, and the box 注意事項を読みました before reserving."""

import pytest
from playwright.sync_api import expect

from openfactory.models import ExhibitorAccessibility, Reservation, VisitorRules
from tests.conftest import clear_test_cache
from tests.openfactory.factories import (
    AreaDayFactory,
    ExhibitorFactory,
    ProgrammeFactory,
    SlotFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_visitor_filters_by_step_free_access_reads_the_rules_and_ticks_them(
    live_server, phone_page, screenshot
):
    clear_test_cache()
    area_day = AreaDayFactory()
    VisitorRules.objects.create(
        edition=area_day.edition, body="金属加工の工場では長ズボンと閉じた靴でお越しください。"
    )
    flat = ExhibitorFactory(area_day=area_day, company__name="段差なし精工", order=1)
    steps = ExhibitorFactory(area_day=area_day, company__name="階段工業", order=2)
    ExhibitorAccessibility.objects.create(
        exhibitor=flat, step_free="yes", pushchairs="yes", note="入口はスロープです。"
    )
    ExhibitorAccessibility.objects.create(exhibitor=steps, step_free="no")
    programme = ProgrammeFactory(
        exhibitor=flat,
        title="切削の工場見学",
        extra_rules="切削機の近くを通ります。サンダルではお入りいただけません。",
    )
    SlotFactory(programme=programme, seats=6)
    ProgrammeFactory(exhibitor=steps, title="階段の上の見学")
    page = phone_page

    page.goto(live_server.url + area_day.get_absolute_url())
    expect(page.locator(".exhibitor-card")).to_have_count(2)
    page.get_by_label("段差のない入口").check()
    page.get_by_role("button", name="この条件で表示").click()
    cards = page.locator(".exhibitor-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("段差なし精工")
    expect(cards.first).to_contain_text("段差のない入口: あり")
    expect(page.get_by_label("段差のない入口")).to_be_checked()
    assert "step_free=1" in page.url
    assert_fits_the_phone(page)
    screenshot(page, "rules-1-area-day-step-free")

    cards.first.get_by_role("link", name="切削の工場見学").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("切削の工場見学")
    expect(page.locator(".programme-extra-rules")).to_contain_text(
        "サンダルではお入りいただけません"
    )
    expect(page.locator(".accessibility-facts")).to_contain_text("ベビーカー歓迎: あり")
    assert_fits_the_phone(page)
    screenshot(page, "rules-2-programme")

    page.locator(".slot-row").first.get_by_role("link").click()
    expect(page.locator(".programme-extra-rules")).to_contain_text("サンダル")
    page.get_by_label("お名前").fill("綾瀬 花子")
    page.get_by_label("ふりがな").fill("アヤセ ハナコ")
    page.get_by_label("メールアドレス").fill("hanako@example.jp")
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_label("大人").fill("1")
    page.get_by_label("子ども").fill("1")
    page.get_by_label("配慮が必要なこと").fill("ベビーカーで伺います")
    page.get_by_label("個人情報の取り扱いを読み、同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()

    # Reserving without the box: refused beside it, the details still there.
    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    page.get_by_role("button", name="この内容で予約する").click()
    expect(page.locator(".rules-read .invalid-feedback")).to_contain_text("注意事項をお読みになり")
    expect(page.locator(".confirm-details")).to_contain_text("ベビーカーで伺います")
    assert not Reservation.objects.exists()
    assert_fits_the_phone(page)
    screenshot(page, "rules-3-confirm-refused")

    page.get_by_label("注意事項を読みました").check()
    page.get_by_role("button", name="この内容で予約する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ご予約の内容")
    reservation = Reservation.objects.get()
    assert reservation.rules_accepted_at is not None
    assert reservation.accessibility_needs == "ベビーカーで伺います"
