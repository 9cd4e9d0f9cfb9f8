"""A visitor reads long minutes on a phone: the contents, a part further on, back and forth,
and a search hit opened on its part."""

import re

import pytest
from playwright.sync_api import expect

from meetings.search import search_index_rebuild
from tests.meetings.factories import NoteFactory
from tests.meetings.test_minutes_parts import long_minutes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_long_minutes_in_parts(live_server, phone_page, screenshot):
    meeting = long_minutes()
    page = phone_page
    page.goto(live_server.url + meeting.get_absolute_url())
    contents = page.get_by_role("navigation", name=re.compile("この議事録は長いため"))
    expect(contents).to_contain_text("4ページに分けて表示しています")
    expect(page.get_by_role("heading", name="議題その1", exact=True)).to_be_visible()
    expect(page.get_by_text("出席 太郎")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "minutes-part-1")

    # An item on a later page, from the contents: that page opens at the item.
    contents.get_by_role("link", name="議題その8", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?part=3#agenda-\d+$"))
    expect(page.get_by_role("heading", name="議題その8", exact=True)).to_be_in_viewport()
    expect(page.get_by_role("heading", name="議題その1", exact=True)).to_have_count(0)
    expect(page).to_have_title(re.compile(r"\(3/4\)"))

    pages = page.get_by_role("navigation", name="この議事録のページ")
    pages.get_by_role("link", name="前へ").click()
    expect(page.get_by_role("heading", name="議題その4", exact=True)).to_be_visible()
    pages.get_by_role("link", name="4ページ目").click()
    # The last page closes the minutes with the action items, and has no "next".
    expect(page.get_by_text("寮の空室を調べる")).to_be_visible()
    expect(pages.get_by_role("link", name=re.compile("次へ"))).to_have_count(0)
    screenshot(page, "minutes-part-4")

    page.get_by_role("link", name="全文を1ページで表示（印刷用）").click()
    expect(page).to_have_url(re.compile(r"/print/$"))
    expect(page.get_by_role("heading", name="議題その1", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="議題その10", exact=True)).to_be_visible()


def test_a_search_hit_opens_on_its_part(live_server, phone_page):
    meeting = long_minutes()
    eighth = meeting.agenda_items.get(title="議題その8")
    NoteFactory(item=eighth, order=99, text="社宅の空きは3部屋。")
    search_index_rebuild(meeting=meeting)
    page = phone_page
    page.goto(live_server.url + "/meetings/search/")
    page.get_by_role("searchbox", name="検索語").fill("社宅")
    page.get_by_role("button", name="検索", exact=True).click()
    page.get_by_role("link", name="第200回 定例会").click()
    expect(page).to_have_url(re.compile(rf"\?part=3#agenda-{eighth.pk}$"))
    # The page opens at the item that holds the hit, on the part that shows it.
    expect(page.get_by_role("heading", name="議題その8", exact=True)).to_be_in_viewport()
    expect(page.get_by_text("社宅の空きは3部屋。")).to_be_visible()
