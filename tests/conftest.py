"""Role fixtures shared by every test: one user per role of DESIGN.md."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from accounts import mfa, policies
from accounts.roles import CITY_STAFF_GROUP, COMMITTEE_GROUP, sync_role_groups
from tests.accounts.factories import UserFactory
from tests.companies.factories import CompanyFactory, MembershipFactory

PASSWORD = "correct-horse-battery-staple"
# Where the admin lives (settings.ADMIN_URL): tests address it from here, never as "/admin/".
ADMIN = f"/{settings.ADMIN_URL}"

# Tests that never run beside the parallel part: threads racing for a lock (their timing is the
# point), real servers stopped and started, a real Celery worker consuming the shared broker's
# queue, Chromium against the live server. `make test` runs the rest in parallel first
# (pytest-xdist, `--serial-tests=skip`), then the browser tests beside each other
# (`--serial-tests=browsers`: each process its own live server, database and Chromium), then
# the others alone (`--serial-tests=alone`). `--serial-tests=only` runs both of those kinds.
SERIAL_MARKS = ("serial", "browser", "faults", "worker")
ALONE_MARKS = ("serial", "faults", "worker")


def pytest_addoption(parser):
    parser.addoption(
        "--serial-tests",
        choices=("run", "skip", "only", "browsers", "alone"),
        default="run",
        help="the tests marked serial (and browser, faults, worker): run them with the rest "
        "(default), skip them (the parallel part of make test), run only them, only the "
        "browser tests among them, or only the others",
    )


def _kind(item) -> str:
    """'alone', 'browsers' (may run beside other browser tests) or 'parallel'."""
    if any(item.get_closest_marker(mark) for mark in ALONE_MARKS):
        return "alone"
    if item.get_closest_marker("browser"):
        return "browsers"
    return "parallel"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every browser, faults and worker test serial (before `-m` selects), then keep
    the part that `--serial-tests` asks for."""
    kinds = {item: _kind(item) for item in items}
    for item in items:
        if kinds[item] != "parallel" and not item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.serial)
    wanted = config.getoption("serial_tests")
    if wanted == "run":
        return
    keep_kinds = {
        "skip": {"parallel"},
        "only": {"browsers", "alone"},
        "browsers": {"browsers"},
        "alone": {"alone"},
    }[wanted]
    keep = [item for item in items if kinds[item] in keep_kinds]
    if len(keep) < len(items):
        kept = set(keep)
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = keep


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class PortalClient(Client):
    """Django's test client; ``force_login`` also proves the second factor, as at a real login.

    Staff and superusers reach no page before their session has proved a second factor
    (``accounts.middleware``). Where such a user has an authenticator app, logging in for
    real means a password and a code from the app; ``force_login`` stands for both, as it
    stands for the password alone for everyone else. A staff user without an app gets no such
    proof, so the tests of that case use this client as they use any other.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if policies.must_use_second_factor(user) and mfa.has_authenticator_app(user):
            session = self.session
            mfa.record_second_factor(session, user)
            session.save()


@pytest.fixture
def client():
    return PortalClient()


@pytest.fixture
def role_groups(db):
    sync_role_groups()
    return Group.objects.get(name=CITY_STAFF_GROUP), Group.objects.get(name=COMMITTEE_GROUP)


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def visitor(db):
    return UserFactory(password=PASSWORD)


@pytest.fixture
def editor(db, company):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, company=company, role="editor")
    return user


@pytest.fixture
def owner(db, company):
    user = UserFactory(password=PASSWORD)
    MembershipFactory(user=user, company=company, role="owner")
    return user


@pytest.fixture
def member(db, role_groups):
    user = UserFactory(password=PASSWORD)
    user.groups.add(role_groups[1])
    return user


@pytest.fixture
def staff(db, role_groups):
    user = UserFactory(password=PASSWORD, is_staff=True)
    user.groups.add(role_groups[0])
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(password=PASSWORD, is_staff=True, is_superuser=True)


ROLES = ["anonymous", "visitor", "editor", "owner", "member", "staff", "superuser"]


@pytest.fixture
def user_for_role(request):
    """Return the user of a role by name; None for anonymous."""

    def get(role):
        return None if role == "anonymous" else request.getfixturevalue(role)

    return get


@pytest.fixture
def client_for_role(client, user_for_role):
    def get(role):
        user = user_for_role(role)
        if user is not None:
            client.force_login(user)
        return client

    return get


@pytest.fixture
def page_cache_on(settings):
    """The page cache on, as production has it (the test settings turn it off), with this
    run's cache keys emptied before and after the test."""
    clear_test_cache()
    settings.PAGE_CACHE_SECONDS = 60
    yield
    clear_test_cache()


def clear_test_cache():
    """Empty this test run's cache keys only.

    ``cache.clear()`` on Redis flushes the whole database, and with it whatever else a
    developer keeps there; the test settings give every run a key prefix of its own.
    """
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        client = cache._cache.get_client(write=True)
        for key in client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*"):
            client.delete(key)
    else:
        cache.clear()
