"""City staff import the committee's minutes in the admin, as they do it in a real browser."""

import pytest
from playwright.sync_api import expect

from demo_data.seeds import committee_seed_text
from meetings.demo import SEED_MEMBERS
from meetings.models import Meeting, Visibility
from tests.browser.conftest import log_in
from tests.conftest import ADMIN, PASSWORD
from tests.meetings.factories import MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_staff_import_preview_and_publish_the_minutes(
    live_server, desktop_page, staff, screenshot, tmp_path
):
    for order, name in enumerate(dict.fromkeys(name for name, _role in SEED_MEMBERS)):
        MemberFactory(name=name, name_kana="", order=order)  # one 川崎: the second is unmatched
    minutes = tmp_path / "議事録_2022-09-05.txt"
    minutes.write_bytes(committee_seed_text().replace("\u00a0", " ").encode("cp932"))

    page = desktop_page
    page.goto(live_server.url + f"/accounts/login/?next={ADMIN}meetings/meeting/")
    log_in(page, staff, PASSWORD)

    page.get_by_role("link", name="議事録を取り込む").click()
    page.get_by_label("議事録ファイル").set_input_files(str(tmp_path / "議事録_2022-09-05.txt"))
    page.get_by_role("button", name="プレビュー").click()
    expect(page.locator("#preview-agenda")).to_contain_text(
        "あやせ工場オープンファクトリーについて"
    )
    expect(page.locator("#preview-attendees")).to_contain_text("未照合")
    screenshot(page, "preview")
    assert not Meeting.objects.exists()

    page.get_by_role("button", name="議事録を取り込む").click()
    expect(page.locator(".messagelist")).to_contain_text("新しい会議として取り込みました")
    screenshot(page, "meeting")

    page.goto(live_server.url + f"{ADMIN}meetings/meeting/")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("publish_public")
    page.get_by_role("button", name="実行").click()
    expect(page.locator(".messagelist")).to_contain_text("1件の会議を一般公開しました")
    screenshot(page, "published")
    assert Meeting.objects.get().visibility == Visibility.PUBLIC
