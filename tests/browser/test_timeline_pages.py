"""A visitor on a phone reads the Smart Navi timeline back through its older posts."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.post_views import PAGE_SIZE
from tests.companies.factories import CompanyFactory, PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_reads_older_posts_and_comes_back_to_the_newest(
    live_server, phone_page, screenshot
):
    company = CompanyFactory(name="綾瀬精工")
    now = timezone.now()
    for n in range(PAGE_SIZE + 5):
        PostFactory(
            company=company, title=f"工場だより第{n:02d}号", publish_at=now - timedelta(hours=n + 1)
        )
    page = phone_page
    page.goto(live_server.url + "/companies/posts/")
    expect(page.get_by_role("heading", name="工場だより第00号")).to_be_visible()
    expect(page.get_by_role("link", name="最新の記事に戻る")).to_have_count(0)

    page.get_by_role("link", name="過去の記事").click()
    expect(page).to_have_url(re.compile(r"\?before=\d+-\d+$"))
    expect(page.get_by_role("heading", name=f"工場だより第{PAGE_SIZE:02d}号")).to_be_visible()
    expect(page.get_by_role("heading", name="工場だより第00号")).to_have_count(0)
    expect(page.get_by_role("link", name="過去の記事")).to_have_count(0)  # the last page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "older")

    page.get_by_role("link", name="最新の記事に戻る").click()
    # The filters kept, none here ({% querystring %} leaves a bare "?").
    expect(page).to_have_url(re.compile(r"/companies/posts/\??$"))
    expect(page.get_by_role("heading", name="工場だより第00号")).to_be_visible()
