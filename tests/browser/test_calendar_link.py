"""A committee member makes their private calendar URL on a phone."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import CalendarToken
from tests.conftest import PASSWORD
from tests.meetings.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_makes_and_renews_their_calendar_url(live_server, phone_page, member, screenshot):
    MemberFactory(user=member, name="斉藤")
    page = phone_page
    page.goto(live_server.url + "/meetings/calendar/")
    page.get_by_label("メールアドレス").fill(member.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("委員会のカレンダー")
    screenshot(page, "calendar-link-none")
    page.get_by_role("button", name="カレンダーのURLを作成").click()

    expect(page.get_by_text("新しいカレンダーのURLを作成しました")).to_be_visible()
    first = CalendarToken.objects.get(revoked_at__isnull=True)
    url_field = page.get_by_label(re.compile("URLをカレンダーアプリに登録"))
    expect(url_field).to_have_value(f"{live_server.url}/meetings/calendar/{first.key}.ics")
    expect(page.get_by_role("link", name="カレンダーアプリで開く")).to_have_attribute(
        "href", re.compile(r"^webcal://.*\.ics$")
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calendar-link")

    page.get_by_role("button", name=re.compile("新しいURLを作成")).click()
    renewed = CalendarToken.objects.get(revoked_at__isnull=True)
    assert renewed.key != first.key
    expect(url_field).to_have_value(f"{live_server.url}/meetings/calendar/{renewed.key}.ics")
