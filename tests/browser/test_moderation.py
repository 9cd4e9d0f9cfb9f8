"""Moderation from both sides: city staff unpublish a post with a reason; the company's
editor reads it on a phone, fixes the post and asks for a review; city staff accept it and
the post is back on the timeline."""

import pytest
from playwright.sync_api import expect

from companies.models import AuditEntry, Post
from companies.services import post_unpublish
from tests.browser.conftest import log_in as log_in_as
from tests.companies.factories import PostFactory, add_photos
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "個人が特定できる写真が含まれています。差し替えてください。"


def log_in(page, live_server, user):
    """The portal's login page; staff then type their authenticator app's code."""
    page.goto(live_server.url + "/accounts/login/")
    log_in_as(page, user, PASSWORD)


def test_a_post_goes_back_online_only_through_city_staff(
    live_server, browser, phone_page, desktop_page, screenshot, editor, staff, company
):
    post = PostFactory(company=company, title="工場見学の様子")
    add_photos(post, 2)
    post_unpublish(post=post, actor=staff, reason=REASON)

    # The editor, on a phone: the reason, no way to publish, the request for a review.
    page = phone_page
    log_in(page, live_server, editor)
    page.goto(live_server.url + f"/companies/{company.slug}/posts/manage/")
    expect(page.locator(".moderation-reason")).to_contain_text(REASON)
    page.get_by_role("link", name="直してから再確認を依頼する").click()
    expect(page.locator(".moderation-reason")).to_contain_text(REASON)
    screenshot(page, "1-company-reads-the-reason")
    page.get_by_role("link", name="この記事を編集").click()
    expect(page.get_by_role("button", name="公開する", exact=True)).to_have_count(0)
    page.get_by_label("タイトル").fill("工場見学の様子(写真を差し替えました)")
    page.get_by_role("button", name="保存", exact=True).click()
    page.goto(live_server.url + post.get_absolute_url())
    page.get_by_label("どこを直しましたか").fill("顔が写った写真を外しました。")
    page.get_by_role("button", name="再確認を依頼する").click()
    expect(page.locator(".review-state")).to_contain_text("再確認を依頼済み")
    screenshot(page, "2-review-requested")
    post.refresh_from_db()
    assert post.status == Post.Status.UNPUBLISHED and post.review_requested_by == editor

    # City staff, on a desktop: the request beside the reason, and the decision.
    desk = desktop_page
    log_in(desk, live_server, staff)
    desk.goto(live_server.url + post.get_absolute_url())
    expect(desk.locator(".moderation")).to_contain_text("顔が写った写真を外しました。")
    screenshot(desk, "3-staff-see-the-request")
    desk.get_by_role("button", name="承認して公開に戻す").click()
    expect(desk.locator(".alert-success")).to_contain_text("公開に戻しました")
    post.refresh_from_db()
    assert post.is_public()
    assert list(
        AuditEntry.objects.filter(post=post).order_by("pk").values_list("action", flat=True)
    )[-3:] == ["post_changed", "review_requested", "review_accepted"]

    # Back on the timeline, for everyone.
    page.goto(live_server.url + "/companies/posts/")
    expect(page.get_by_role("link", name="工場見学の様子(写真を差し替えました)")).to_be_visible()
    screenshot(page, "4-back-on-the-timeline")
