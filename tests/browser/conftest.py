"""Headless Chromium from Debian, driven by Playwright for Python, against the live server.

No browser can be downloaded here: Playwright launches /usr/bin/chromium (Debian's
``chromium`` package; ``fonts-noto-cjk`` renders Japanese in the screenshots, which land in
``test-artifacts/``).
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(autouse=True, scope="package")
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the tests' thread from the first browser
    test to the last; the tests' own ORM calls, and the database flush after each test, are
    ordinary synchronous code all the same (never set outside the browser tests)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def playwright(live_server):
    """Playwright, started once for the browser tests (the live server must be up first).

    A test that needs a browser launched with flags of its own (the fake camera) launches it
    from here: a second ``sync_playwright()`` cannot start while this one runs.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk "
            "(apt-get install -y chromium fonts-noto-cjk) to run the browser tests."
        )
    from playwright.sync_api import expect, sync_playwright

    # A page may take longer than Playwright's default 5 s to come on a CI machine of two
    # cores shared with the rest of the suite's processes; waiting longer costs a passing test
    # nothing.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        yield playwright
        # While Playwright's loop runs, Django keeps this thread's connections apart from
        # the usual ones (asgiref's Local follows the async context): close those here, or
        # they outlive the browser tests and block dropping the test database.
        connections.close_all()


@pytest.fixture(scope="package")
def browser(playwright):
    """One Chromium for every browser test of the session; each test gets contexts of its
    own (``phone_page``, ``desktop_page``, or ``browser.new_context()``), so that no cookie,
    storage or cache passes from one test to the next."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _no_context_left_open(request):
    """A context a test opened itself and forgot is closed after it, as the browser per test
    closed it before."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(locale="ja-JP", timezone_id="Asia/Tokyo", **PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(
        locale="ja-JP", timezone_id="Asia/Tokyo", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """A picture of each step of a journey, and axe's rules on the page it shows: every page of
    the portal a journey stops to look at has 0 accessibility violations. Not the admin's:
    its change forms are Django's markup (tabular inlines label their fields by the column
    headers, which axe does not count), left as Django ships them."""
    from urllib.parse import urlsplit

    from django.conf import settings

    from tests.browser.axe import assert_no_axe_violations

    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)
        if not urlsplit(page.url).path.startswith(f"/{settings.ADMIN_URL}"):
            assert_no_axe_violations(page)

    return take


def log_in(page, user, password):
    """Log in on the portal's login page as a person does: the address and the password, then,
    when the account has an authenticator app (staff always do), a code computed from its
    secret, as the app on the person's phone would show it."""
    from tests.accounts.factories import totp_code, totp_secret

    page.get_by_label("メールアドレス").fill(user.email)
    page.get_by_label("パスワード").fill(password)
    # A click does not wait for the page it leads to: wait until the login page is gone, or
    # the next step may act on it (or on a page whose scripts have not run yet).
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/authenticate/" in page.url:
        page.get_by_label("コード").fill(totp_code(totp_secret(user)))
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_url(lambda url: "/accounts/2fa/authenticate/" not in url)


def open_menu(page, name="メニューを開く"):
    """Open the phone's menu and wait until it is open (static/js/portal.js opens it at once;
    under Bootstrap's animation a click on one of its items could be lost, seen once in CI)."""
    page.get_by_role("button", name=name).click()
    from playwright.sync_api import expect

    expect(page.locator("#site-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


def open_account_menu(page, name="アカウント"):
    """Open the header's account menu and check it did open."""
    from playwright.sync_api import expect

    button = page.get_by_role("button", name=name)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
