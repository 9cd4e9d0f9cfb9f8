"""A committee member answers an inspection visit on a phone, and changes their mind."""

import pytest
from playwright.sync_api import expect

from meetings.models import ActivityResponse, Visibility
from tests.conftest import PASSWORD
from tests.meetings.factories import ActivityFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_answers_an_activity_on_a_phone(live_server, phone_page, member, screenshot):
    me = MemberFactory(name="丸山", user=member)
    activity = ActivityFactory(title="燕三条 工場の祭典 視察", visibility=Visibility.MEMBERS)
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/?next={activity.get_absolute_url()}")
    page.get_by_label("メールアドレス").fill(member.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("燕三条 工場の祭典 視察")
    # Saving without choosing says what is missing and keeps the comment typed.
    page.get_by_label("コメント").fill("10日のみ参加できます")
    page.get_by_role("button", name="回答を保存する").click()
    expect(page.get_by_text("参加・不参加・未定のいずれかを選んでください。")).to_be_visible()
    expect(page.get_by_label("コメント")).to_have_value("10日のみ参加できます")
    screenshot(page, "missing-answer")

    page.get_by_label("参加", exact=True).check()
    page.get_by_role("button", name="回答を保存する").click()
    expect(page.get_by_text("回答を保存しました。")).to_be_visible()
    expect(page.get_by_role("cell", name="丸山")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "answered")

    page.get_by_label("不参加").check()
    page.get_by_role("button", name="回答を保存する").click()
    expect(page.get_by_text("現在の回答:不参加")).to_be_visible()
    answer = ActivityResponse.objects.get(activity=activity, member=me)
    assert (answer.answer, answer.comment) == ("decline", "10日のみ参加できます")
