"""A talent application from both sides, on a phone: a company owner applies with an
attachment, city staff return it with a comment on one field, the owner changes that field
and resubmits, staff approve with an amount, and the owner sees 承認 and the amount."""

import pytest
from playwright.sync_api import expect

from talent.models import Application
from tests.browser.conftest import log_in as log_in_as
from tests.conftest import PASSWORD
from tests.talent.factories import by_kind, scheme_with_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    log_in_as(page, user, PASSWORD)


def _pdf(tmp_path):
    path = tmp_path / "賃貸借契約書.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
    return path


def test_apply_return_resubmit_approve_on_a_phone(
    live_server, browser, phone_page, screenshot, owner, staff, company, tmp_path
):
    scheme = scheme_with_fields(title="地方採用者への住まい支援", slug="rent-support")
    f = by_kind(scheme)
    company.address = "神奈川県綾瀬市早園1-1-1"
    company.contact_phone = "0467-70-5611"
    company.save()

    # The owner applies on a phone: the profile fills the company's details.
    page = phone_page
    log_in(page, live_server, owner)
    page.goto(live_server.url + "/talent/")
    page.get_by_role("link", name="地方採用者への住まい支援").click()
    page.get_by_role("button", name="申請する(下書きの続きから)").click()
    expect(page.locator("#id_company_name")).to_have_value(company.name)
    expect(page.locator("#id_address")).to_have_value("神奈川県綾瀬市早園1-1-1")
    page.locator("#id_representative").fill("代表取締役 綾瀬 太郎")
    page.locator(f"#id_{f['text'].name}").fill("山田 花子")
    page.locator(f"#id_{f['amount'].name}").fill("６５，０００")
    page.locator(f"input[name='{f['choice'].name}'][value='3']").check()
    page.locator(f"#id_{f['file'].name}").set_input_files(str(_pdf(tmp_path)))
    # The draft is autosaved while typing (leaving a field posts it).
    page.locator("#id_representative").focus()
    expect(page.locator("[data-autosave-status]")).to_contain_text("下書きを保存しました")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "1-filled-in")
    page.get_by_role("button", name="申請を提出する").click()
    expect(page.locator("[data-status]").first).to_have_text("提出済み")
    application = Application.objects.get()
    assert application.status == "submitted"
    assert application.answers[f["amount"].name] == "65000"
    assert application.attachments.count() == 1
    screenshot(page, "2-submitted")

    # City staff take it in review and return it with a comment beside the rent.
    staff_page = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 390, "height": 844}
    ).new_page()
    log_in(staff_page, live_server, staff)
    staff_page.goto(live_server.url + "/talent/staff/")
    staff_page.get_by_role("link", name=company.name).click()
    expect(staff_page.get_by_role("link", name="賃貸借契約書.pdf")).to_be_visible()
    staff_page.get_by_label("審査を開始する").check()
    staff_page.get_by_role("button", name="判断を保存する").click()
    expect(staff_page.locator("[data-status]").first).to_have_text("審査中")
    staff_page.get_by_label("修正を依頼して差し戻す").check()
    staff_page.locator("summary").click()
    staff_page.locator(f"#id_comment_{f['amount'].name}").fill(
        "家賃は契約書の金額(62,000円)にしてください"
    )
    staff_page.get_by_role("button", name="判断を保存する").click()
    expect(staff_page.locator("[data-status]").first).to_have_text("差し戻し(修正依頼)")
    screenshot(staff_page, "3-returned")

    # The owner reads the comment beside the field, changes it and resubmits; the file stays.
    page.goto(live_server.url + application.get_absolute_url())
    expect(page.locator(f"[data-comment='{f['amount'].name}']")).to_contain_text("62,000円")
    expect(page.get_by_role("link", name="賃貸借契約書.pdf")).to_be_visible()
    expect(page.locator(f"#id_{f['text'].name}")).to_have_value("山田 花子")
    screenshot(page, "4-comment-beside-the-field")
    page.locator(f"#id_{f['amount'].name}").fill("62000")
    page.get_by_role("button", name="申請を提出する").click()
    expect(page.locator("[data-status]").first).to_have_text("提出済み")

    # Staff approve with an amount typed in 全角 with a comma.
    staff_page.reload()
    staff_page.get_by_label("審査を開始する").check()
    staff_page.get_by_role("button", name="判断を保存する").click()
    staff_page.get_by_label("承認する").check()
    staff_page.get_by_label("交付額(円)").fill("２４８，０００")
    staff_page.get_by_role("button", name="判断を保存する").click()
    expect(staff_page.locator("[data-status]").first).to_have_text("承認")

    # The owner sees 承認 and the amount, and the history.
    page.reload()
    expect(page.locator("[data-status]").first).to_have_text("承認")
    expect(page.locator("[data-amount]")).to_have_text("248,000円")
    expect(page.locator("#history ol > li")).to_have_count(6)
    expect(page.locator("#history")).to_contain_text("月額家賃: 家賃は契約書の金額")
    screenshot(page, "5-approved")
    application.refresh_from_db()
    assert application.status == "approved" and application.amount_granted == 248000
    assert application.answers[f["amount"].name] == "62000"
