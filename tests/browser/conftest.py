"""Headless Chromium from Debian, driven by Playwright for Python, against the live server.

No browser can be downloaded here: Playwright launches /usr/bin/chromium (Debian's
``chromium`` package; ``fonts-noto-cjk`` renders Japanese in the screenshots, which land in
``test-artifacts/``).
"""

import os
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


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API keeps an event loop in the test's thread; the test's own ORM
    calls are ordinary synchronous code all the same (never set outside browser tests)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(live_server):
    """A browser per test: Playwright's event loop must be gone before the database is
    flushed, and the live server must be up before the browser is."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium and fonts-noto-cjk "
            "(apt-get install -y chromium fonts-noto-cjk) to run the browser tests."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        # While Playwright's loop runs, Django keeps this thread's connections apart from
        # the usual ones (asgiref's Local follows the async context): close those here, or
        # they outlive the test and block dropping the test database.
        connections.close_all()
        browser.close()


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
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)

    return take


def log_in(page, user, password):
    """Log in on the portal's login page as a person does: the address and the password, then,
    when the account has an authenticator app (staff always do), a code computed from its
    secret, as the app on the person's phone would show it."""
    from tests.accounts.factories import totp_code, totp_secret

    page.get_by_label("メールアドレス").fill(user.email)
    page.get_by_label("パスワード").fill(password)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        page.get_by_label("コード").fill(totp_code(totp_secret(user)))
        page.get_by_role("button", name="ログイン").click()
        page.wait_for_load_state()
