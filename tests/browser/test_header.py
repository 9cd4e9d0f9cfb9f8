"""The header at every width from a small phone to a wide screen, in both languages, for a
visitor and for the person with the most menu items (city staff who also run a company's
page): no menu item breaks inside a word (企/業, 人材支/援), the menu button stays beside the
brand, and nothing scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from tests.companies.factories import MembershipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (360, 390, 768, 992, 1024, 1200, 1280, 1440, 1920)

MEASURE = """() => {
  const lines = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
  };
  const items = [...document.querySelectorAll('.site-header .navbar-nav .nav-link')]
    .filter(e => e.offsetParent)
    .map(e => [e.textContent.trim(), lines(e)]);
  const toggler = document.querySelector('.navbar-toggler');
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  return {
    items,
    menuButton: toggler.offsetParent ? toggler.getBoundingClientRect().top < brand.bottom : true,
    sideways: document.documentElement.scrollWidth > window.innerWidth,
  };
}"""


def header_at(browser, base, width, language, session=None):
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": width, "height": 900}
    )
    cookies = [{"name": "django_language", "value": language, "url": base}]
    if session:
        cookies.append({"name": "sessionid", "value": session, "url": base})
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(base + "/")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        menu = page.locator("#site-nav")
        expect(menu).to_have_class(re.compile(r"\bshow\b"))
        expect(menu).not_to_have_class(re.compile("collapsing"))
    found = page.evaluate(MEASURE)
    context.close()
    return found


@pytest.mark.parametrize("who", ["visitor", "staff running a company"])
def test_no_menu_item_breaks_inside_a_word_at_any_width(live_server, browser, client, staff, who):
    session = None
    if who != "visitor":
        MembershipFactory(user=staff, role="owner")
        client.force_login(staff)
        session = client.cookies["sessionid"].value
    problems = []
    for language in ("ja", "en"):
        for width in WIDTHS:
            found = header_at(browser, live_server.url, width, language, session)
            broken = [text for text, lines in found["items"] if lines > 1]
            if broken or not found["menuButton"] or found["sideways"]:
                problems.append((language, width, broken, found["menuButton"], found["sideways"]))
            assert found["items"], (language, width)  # the menu was measured, open
    assert problems == []
