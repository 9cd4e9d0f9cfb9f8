"""A committee member searches the minutes on a phone, opens the meeting and its print view."""

import re

import pytest
from playwright.sync_api import expect

from demo_data.seeds import committee_seed_text
from meetings import demo
from meetings.models import Meeting
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_searches_the_minutes_for_a_dormitory(live_server, phone_page, member, screenshot):
    demo.load(committee_seed_text())
    meeting = Meeting.objects.get()
    page = phone_page
    page.goto(live_server.url + "/accounts/login/?next=/meetings/")
    page.get_by_label("メールアドレス").fill(member.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("委員会の議事録")
    page.get_by_role("searchbox", name="議事録を検索").fill("寮")
    page.get_by_role("button", name="検索", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("議事録を検索")
    box = page.get_by_role("searchbox", name="検索語")

    expect(page).to_have_url(re.compile(r"/meetings/search/\?q=%E5%AF%AE$"))
    expect(page.get_by_role("status")).to_have_text("「寮」を含む議事録は1件です。")
    result = page.get_by_role("link", name="綾瀬イノベーション推進委員会 定例会 議事録")
    expect(result).to_have_attribute("href", meeting.get_absolute_url())
    expect(page.get_by_text("2022年9月5日(月)")).to_be_visible()
    marks = page.locator(".search-snippets mark")
    expect(marks).to_have_count(2)
    expect(marks.first).to_have_text("寮")
    expect(page.get_by_text("実習生の寮について", exact=False)).to_be_visible()
    # The box keeps the query, and nothing is wider than the phone's screen.
    expect(box).to_have_value("寮")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "search-ryo")

    box.fill("ｲﾝﾄﾞﾈｼｱ 転職")
    box.press("Enter")
    # The line holding both words comes first, ｲﾝﾄﾞﾈｼｱ found as the minutes write it.
    first = page.locator(".search-snippets li").first
    expect(first.locator("mark", has_text="インドネシア")).to_have_count(1)
    expect(first.locator("mark", has_text="転職")).to_have_count(3)
    screenshot(page, "search-two-words")

    # Open the meeting from the results, then its print view.
    page.get_by_role("link", name="綾瀬イノベーション推進委員会 定例会 議事録").first.click()
    expect(page).to_have_url(re.compile(rf"{meeting.get_absolute_url()}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "綾瀬イノベーション推進委員会 定例会 議事録"
    )
    expect(page.get_by_text("実習生の寮について", exact=False)).to_be_visible()
    expect(
        page.get_by_role("heading", name="あやせ工場オープンファクトリーについて")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "meeting")
    page.get_by_role("link", name="印刷用(A4)").click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "綾瀬イノベーション推進委員会 定例会 議事録"
    )
    page.emulate_media(media="print")
    expect(page.get_by_text("ブラウザの印刷機能をお使いください", exact=False)).to_be_hidden()
    expect(page.get_by_role("link", name="HP")).to_be_visible()
    screenshot(page, "print")
