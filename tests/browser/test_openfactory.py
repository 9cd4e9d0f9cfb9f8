"""A family on a phone finds a workshop for their child, reserves it and cancels it."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from companies import demo as companies_demo
from openfactory import demo as openfactory_demo
from openfactory.models import Reservation
from tests.browser.axe import assert_no_axe_violations
from tests.conftest import clear_test_cache

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_family_reserves_a_workshop_for_children_and_cancels_it(
    live_server, phone_page, screenshot
):
    clear_test_cache()
    companies_demo.load()
    openfactory_demo.load()
    page = phone_page

    page.goto(live_server.url + "/openfactory/")
    expect(page.get_by_role("heading", level=1)).to_have_text("あやせ工場オープンファクトリー")
    screenshot(page, "1-index")
    page.get_by_role("link", name="上土棚・与蔵山下エリア").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("上土棚・与蔵山下エリア")
    expect(page.get_by_role("link", name="地図を開く")).to_be_visible()
    assert_fits_the_phone(page)
    screenshot(page, "2-area-day")

    # Find a workshop for an 8-year-old on this day, with seats left.
    page.get_by_role("link", name="この日のプログラムを探す").click()
    page.get_by_label("種類").select_option("workshop")
    page.get_by_label("お子さまの年齢").fill("8")
    page.get_by_label("空きがあるものだけ").check()
    page.get_by_role("button", name="検索").click()
    results = page.locator(".programme-card")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("板金でキーホルダーづくり")
    assert_fits_the_phone(page)
    screenshot(page, "3-search")
    results.first.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("板金でキーホルダーづくり")
    expect(page.locator(".slot-row").first).to_contain_text("残り8席")
    assert_fits_the_phone(page)
    screenshot(page, "4-programme")
    page.locator(".slot-row").first.get_by_role("link", name=re.compile("予約する")).click()

    # The form: a typo first (an emoji in the name), told beside the field, nothing lost.
    page.get_by_label("お名前").fill("綾瀬 花子🌸")
    page.get_by_label("ふりがな").fill("あやせ はなこ")
    page.get_by_label("メールアドレス").fill("ｈａｎａｋｏ@example.jp")
    page.get_by_label("電話番号").fill("０９０−１２３４−５６７８")
    page.get_by_label("大人").fill("1")
    page.get_by_label("子ども").fill("2")
    page.get_by_label("個人情報の取り扱いを読み、同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("絵文字や記号は使えません")
    expect(page.get_by_label("電話番号")).to_have_value("０９０−１２３４−５６７８")
    assert_fits_the_phone(page)
    screenshot(page, "5-form-error")
    page.get_by_label("お名前").fill("綾瀬 花子")
    page.get_by_label("個人情報の取り扱いを読み、同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    expect(page.locator(".confirm-details")).to_contain_text("大人1人、子ども2人")
    expect(page.locator(".confirm-details")).to_contain_text("090-1234-5678")
    assert_fits_the_phone(page)
    screenshot(page, "6-confirm")
    page.get_by_label("注意事項を読みました").check()  # the demo edition has visitor rules
    page.get_by_role("button", name="この内容で予約する").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ご予約の内容")
    expect(
        page.get_by_text("予約が確定しました。hanako@example.jp にメールをお送りしました。")
    ).to_be_visible()
    expect(page.locator(".qr-code")).to_be_visible()
    reservation = Reservation.objects.get()
    expect(page.locator(".checkin-code")).to_contain_text(reservation.code)
    assert_fits_the_phone(page)
    screenshot(page, "7-reserved")

    # The confirmation mail, with the QR code and the link to the reservation.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["hanako@example.jp"]
    assert "予約が確定しました" in message.subject
    assert message.attachments[0][2] == "image/png"
    link = re.search(r"https?://\S+/openfactory/reservations/\S+/", message.body).group(0)
    path = link.split("/openfactory/", 1)[1]

    page.goto(f"{live_server.url}/openfactory/{path}")
    expect(page.locator(".reservation-status")).to_contain_text("予約確定")
    page.get_by_text("この予約をキャンセルする").click()
    screenshot(page, "8-cancel")
    page.get_by_role("button", name="はい、予約をキャンセルします").click()
    expect(page.get_by_text("予約をキャンセルしました。")).to_be_visible()
    expect(page.locator(".reservation-status")).to_contain_text("キャンセル済み")
    screenshot(page, "9-cancelled")
    reservation.refresh_from_db()
    assert reservation.status == Reservation.Status.CANCELLED
    assert len(mail.outbox) == 2 and "キャンセル" in mail.outbox[1].subject

    # The seats are free again on the programme page.
    page.goto(live_server.url + reservation.slot.programme.get_absolute_url())
    expect(page.locator(".slot-row").first).to_contain_text("残り8席")


def reception_setup(client):
    """A demo edition, a reservation of 3 people at 吉岡精密's tour, and a logged-in editor of
    the company; returns the reservation, the company and the editor's session cookie."""
    from django.db.models import F

    from companies.models import Company
    from openfactory import services
    from openfactory.models import AreaDay, Programme, Slot
    from tests.accounts.factories import UserFactory
    from tests.companies.factories import MembershipFactory

    clear_test_cache()
    companies_demo.load()
    openfactory_demo.load()
    company = Company.objects.get(slug="demo-yoshioka-seimitsu")
    tour = Programme.objects.get(exhibitor__company=company, kind="tour")
    reservation = services.reservation_create(
        slot_id=tour.slots.first().pk,
        name="綾瀬 太郎",
        name_kana="アヤセ タロウ",
        email="taro@example.jp",
        phone="090-1111-2222",
        adults=2,
        children=1,
    )
    # Reserved ahead; reception is on the area day: the day and its times move to today.
    area_day = AreaDay.objects.get(pk=tour.exhibitor.area_day_id)
    shift = timezone.localdate() - area_day.date
    AreaDay.objects.filter(pk=area_day.pk).update(date=area_day.date + shift)
    Slot.objects.filter(programme__exhibitor__area_day=area_day).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )
    reservation.refresh_from_db()
    staff_member = UserFactory()
    MembershipFactory(user=staff_member, company=company, role="editor")
    client.force_login(staff_member)
    return reservation, company, client.cookies["sessionid"].value


def test_company_staff_check_a_visitor_in_and_count_walk_ins_on_a_phone(
    live_server, phone_page, screenshot, client
):
    reservation, company, session = reception_setup(client)
    tour = reservation.slot.programme
    page = phone_page
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])

    page.goto(live_server.url + "/openfactory/")
    page.get_by_role("link", name="受付").click()
    # The demo company exhibits on two days (a joint booth on another): today's reception.
    exhibitor = tour.exhibitor
    day = exhibitor.area_day.date
    page.get_by_role("listitem").filter(
        has_text=f"{day.year}年{day.month}月{day.day}日"
    ).get_by_role("link", name=company.name).click()
    expect(page).to_have_url(f"{live_server.url}/openfactory/reception/{exhibitor.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("受付")
    expect(page.locator("#area-day-visits")).to_have_text("0")
    expect(page.get_by_text("綾瀬 太郎")).to_be_visible()
    assert_fits_the_phone(page)
    # The reception page passes axe, its red "no-shows" button included (4.26:1 once).
    expect(page.locator(".btn-outline-danger").first).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "1-reception")

    # The visitor tells the code; staff type it (lower case, as it comes).
    page.get_by_label("受付番号").fill(reservation.code.lower())
    page.get_by_role("button", name="受付する", exact=True).click()
    expect(page.get_by_text(f"受付しました: 綾瀬 太郎 様(3人)、{reservation.code}")).to_be_visible()
    expect(page.locator("#area-day-visits")).to_have_text("3")

    # Two people come without a reservation.
    plus = page.get_by_role("button", name=f"{tour.title}の予約なし来場を1人増やす")
    plus.click()
    expect(page.locator(f"#programme-{tour.pk} .walk-in-count")).to_have_text("1")
    page.get_by_role("button", name=f"{tour.title}の予約なし来場を1人増やす").click()
    expect(page.locator(f"#programme-{tour.pk} .walk-in-count")).to_have_text("2")
    expect(page.locator("#area-day-visits")).to_have_text("5")
    expect(page.locator("#company-visits")).to_have_text("5")
    assert_fits_the_phone(page)
    screenshot(page, "2-counted")

    # The public figures of the edition show the area's visits.
    page.goto(f"{live_server.url}/openfactory/{tour.exhibitor.area_day.edition.year}/statistics/")
    expect(page.locator(".visitor-table tbody tr").first).to_contain_text("5人")
    screenshot(page, "3-statistics")


def test_reception_checks_in_a_late_no_show_above_the_reduced_seats_on_a_phone(
    live_server, phone_page, screenshot, client
):
    """Marked a no-show, then the seats were reduced to those who came: the late family is
    told about, and checked in above the seats on purpose with one more tap."""
    import datetime as dt

    from openfactory import services

    reservation, _company, session = reception_setup(client)
    slot = reservation.slot
    started = slot.starts_at + dt.timedelta(minutes=10)
    services.slot_mark_no_shows(slot_id=slot.pk, now=started)
    services.slot_update(
        slot_id=slot.pk, starts_at=slot.starts_at, ends_at=slot.ends_at, seats=0, now=started
    )
    page = phone_page
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/openfactory/reception/{slot.programme.exhibitor.pk}/")

    page.get_by_label("受付番号").fill(reservation.code)
    page.get_by_role("button", name="受付する", exact=True).click()
    expect(page.get_by_text("綾瀬 太郎 様は無断不参加として記録された後")).to_be_visible()
    expect(page.locator("#area-day-visits")).to_have_text("0")
    assert_fits_the_phone(page)
    screenshot(page, "1-told")

    page.get_by_role("button", name="綾瀬 太郎 様を席数を超えて受付する").click()
    expect(page.get_by_text(f"受付しました: 綾瀬 太郎 様(3人)、{reservation.code}")).to_be_visible()
    expect(page.locator("#area-day-visits")).to_have_text("3")
    screenshot(page, "2-checked-in")
    reservation.refresh_from_db()
    slot.refresh_from_db()
    assert reservation.status == Reservation.Status.ATTENDED
    assert (slot.seats, slot.seats_taken) == (3, 3)
