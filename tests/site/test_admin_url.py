"""The admin's path is a setting (``ADMIN_URL``); every link and rule follows it."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import clear_url_caches

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def _reload_urls():
    import ayase_portal.urls

    importlib.reload(ayase_portal.urls)
    clear_url_caches()


@pytest.fixture
def admin_at_kanri(settings):
    original = settings.ADMIN_URL
    settings.ADMIN_URL = "kanri/"
    _reload_urls()
    yield
    settings.ADMIN_URL = original
    _reload_urls()


def test_the_admin_answers_at_its_setting_only(admin_at_kanri, client, staff):
    client.force_login(staff)
    assert client.get("/kanri/").status_code == 200
    assert client.get("/kanri/accounts/invitation/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_the_header_links_to_the_admin_where_it_is(admin_at_kanri, client, staff):
    client.force_login(staff)
    assert 'href="/kanri/"' in client.get("/").content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_and_back(admin_at_kanri, client):
    response = client.get("/kanri/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/kanri/"


def test_staff_without_a_second_factor_are_stopped_there_too(admin_at_kanri, client, role_groups):
    user = UserFactory(is_staff=True, second_factor=False)
    user.groups.add(role_groups[0])
    client.force_login(user)
    assert client.get("/kanri/accounts/invitation/").url == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("value", ["kanri", "/kanri/", "kanri/"])
def test_the_setting_is_read_with_or_without_slashes(value):
    import os
    import subprocess
    import sys

    env = {**os.environ, "ADMIN_URL": value, "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.test"}
    code = "from django.urls import reverse; print(reverse('admin:index'))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "/kanri/", result.stderr


def test_nothing_outside_the_urls_writes_the_admins_path():
    """Templates, scripts, styles, settings and apps link to the admin by name."""
    hard_coded = re.compile(r"""["'(]/admin/""")
    roots = [
        "templates",
        "static/js",
        "static/css",
        "ayase_portal",
        "accounts",
        "companies",
        "meetings",
        "openfactory",
        "talent",
        "core",
        "images",
        "japanese",
    ]
    found = [
        f"{path.relative_to(BASE_DIR)}:{n}"
        for root in roots
        for path in (BASE_DIR / root).rglob("*")
        if path.suffix in {".py", ".html", ".txt", ".js", ".css"} and path.is_file()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if hard_coded.search(line)
    ]
    assert found == []
