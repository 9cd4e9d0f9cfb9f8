"""On a phone, a reservation form sent back with errors starts at the summary of what to
correct (it takes the focus), and each entry takes the visitor to its field."""

import pytest
from playwright.sync_api import expect

from tests.conftest import clear_test_cache
from tests.openfactory.factories import SlotFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_error_summary_takes_the_focus_and_leads_to_the_field(
    live_server, phone_page, screenshot
):
    clear_test_cache()
    slot = SlotFactory(seats=4)
    page = phone_page
    page.goto(f"{live_server.url}/openfactory/slots/{slot.pk}/reserve/")
    page.locator("#id_name").fill("綾瀬 花子")
    page.get_by_role("button", name="確認画面へ進む").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("下の項目を修正してください")
    expect(page.locator("#id_name")).to_have_value("綾瀬 花子")  # kept
    screenshot(page, "1-summary")

    summary.get_by_role("link", name="メールアドレス").click()
    expect(page.locator("#id_email")).to_be_focused()
