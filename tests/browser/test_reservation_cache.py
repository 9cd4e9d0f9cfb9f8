"""Reserving on phones with the page cache on, as production has it (the test settings turn it
off): the programme page's seats are fresh after each reservation, a blank form's fields are
kept for the next visitor (views/reservation.py), and a signed-in visitor's details never
reach a stranger's phone."""

import pytest
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from playwright.sync_api import expect

from openfactory.models import Reservation
from tests.browser.conftest import PHONE
from tests.openfactory.factories import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phones(browser):
    """A phone of its own for each visitor: no cookie passes from one to another."""
    contexts = []

    def new_phone():
        context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE)
        contexts.append(context)
        return context.new_page()

    yield new_phone
    for context in contexts:
        context.close()


def open_the_form(page, base, slot, seats_left):
    page.goto(base + slot.programme.get_absolute_url())
    expect(page.locator(".slot-row").first).to_contain_text(f"残り{seats_left}席")
    page.locator(".slot-row").first.get_by_role("link", name="予約する").click()
    expect(page.get_by_label("お名前")).to_be_visible()


def reserve(page, name, email):
    page.get_by_label("お名前").fill(name)
    page.get_by_label("ふりがな").fill("あやせ")
    page.get_by_label("メールアドレス").fill(email)
    page.get_by_label("電話番号").fill("090-1234-5678")
    page.get_by_label("大人").fill("1")
    page.get_by_label("個人情報の取り扱いを読み、同意します。").check()
    page.get_by_role("button", name="確認画面へ進む").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("予約内容の確認")
    rules = page.get_by_label("注意事項を読みました")
    if rules.count():
        rules.check()
    page.get_by_role("button", name="この内容で予約する").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ご予約の内容")


@pytest.mark.usefixtures("page_cache_on")
def test_visitors_reserve_one_after_another_through_the_kept_form(
    live_server, phones, client, visitor
):
    slot = SlotFactory(seats=4, programme__max_party_size=5)
    kept = make_template_fragment_key("reservation_fields", ["ja", 5])

    first = phones()
    open_the_form(first, live_server.url, slot, seats_left=4)
    assert cache.get(kept) is not None  # the blank fields, kept for the next visitor
    first_key = first.locator("input[name=idempotency_key]").input_value()
    reserve(first, "綾瀬 一郎", "ichiro@example.jp")

    # A signed-in visitor: the seats already show the first reservation; their own form is
    # filled in with their name and address.
    visitor.email, visitor.name = "hanako@example.jp", "綾瀬 花子"
    visitor.save()
    client.force_login(visitor)
    signed_in = phones()
    signed_in.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    open_the_form(signed_in, live_server.url, slot, seats_left=3)
    expect(signed_in.get_by_label("メールアドレス")).to_have_value("hanako@example.jp")

    # A stranger next: the kept blank fields, never the signed-in visitor's details, and a
    # form key of their own.
    stranger = phones()
    open_the_form(stranger, live_server.url, slot, seats_left=3)
    expect(stranger.get_by_label("お名前")).to_have_value("")
    expect(stranger.get_by_label("メールアドレス")).to_have_value("")
    assert "hanako@example.jp" not in stranger.content()
    assert stranger.locator("input[name=idempotency_key]").input_value() != first_key
    reserve(stranger, "綾瀬 次郎", "jiro@example.jp")

    reserved = Reservation.objects.filter(slot=slot).order_by("pk")
    assert [(r.name, r.email, r.status) for r in reserved] == [
        ("綾瀬 一郎", "ichiro@example.jp", Reservation.Status.CONFIRMED),
        ("綾瀬 次郎", "jiro@example.jp", Reservation.Status.CONFIRMED),
    ]
    slot.refresh_from_db()
    assert slot.seats_taken == 2
    open_the_form(phones(), live_server.url, slot, seats_left=2)
