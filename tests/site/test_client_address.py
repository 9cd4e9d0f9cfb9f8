"""Behind a load balancer every rate limit counts the client, not the balancer.

One setting (``TRUSTED_PROXY_COUNT``) and one function (``core.http.client_ip``) serve
allauth's limits (login, password reset, sign-up) and the open factory's reservation limit.
No password is checked anywhere without a limit: the admin's own login and password-change
pages check none.
"""

import pytest
from django.test import RequestFactory

from accounts.models import User
from openfactory import ratelimit
from tests.accounts.factories import UserFactory
from tests.conftest import ADMIN, PASSWORD, clear_test_cache

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.10"
THROTTLED = "ログイン失敗が連続しています"
WRONG = "正しくありません"


@pytest.fixture(autouse=True)
def _behind_one_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    clear_test_cache()
    yield
    clear_test_cache()


def wrong_login(client, client_address, email):
    return client.post(
        "/accounts/login/",
        {"login": email, "password": "not-the-password"},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_wrong_passwords_from_one_client_are_throttled_and_another_client_is_not(client):
    # Ten wrong passwords a minute from one address (each for another account, so that only
    # the limit per address applies), then the eleventh is refused...
    for n in range(10):
        assert WRONG in wrong_login(client, "203.0.113.5", f"p{n}@example.jp").content.decode()
    assert THROTTLED in wrong_login(client, "203.0.113.5", "p10@example.jp").content.decode()
    # ...while a person behind the same balancer still gets an ordinary answer.
    assert WRONG in wrong_login(client, "198.51.100.7", "p11@example.jp").content.decode()


def test_a_throttled_client_cannot_log_in_and_another_client_can(client, visitor):
    for n in range(10):
        wrong_login(client, "203.0.113.5", f"p{n}@example.jp")
    attacker = client.post(
        "/accounts/login/",
        {"login": visitor.email, "password": PASSWORD},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert "_auth_user_id" not in client.session
    assert THROTTLED in attacker.content.decode()
    client.post(
        "/accounts/login/",
        {"login": visitor.email, "password": PASSWORD},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert client.session["_auth_user_id"] == str(visitor.pk)


def test_the_reservation_limit_counts_each_client_behind_the_balancer(settings):
    settings.OPENFACTORY_RATE_LIMIT = 2

    def attempt(address):
        request = RequestFactory().post(
            "/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {address}"
        )
        return ratelimit.too_many(request, "reserve")

    assert [attempt("203.0.113.5") for _ in range(3)] == [False, False, True]
    assert attempt("198.51.100.7") is False


def test_the_old_open_factory_setting_name_is_still_read():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_COUNT"}
    env |= {
        "OPENFACTORY_TRUSTED_PROXIES": "2",
        "DJANGO_SETTINGS_MODULE": "ayase_portal.settings.test",
    }
    code = "from django.conf import settings as s; print(s.TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["2", "2"], result.stderr


# --- The admin's own pages check no password --------------------------------------------


def test_the_admin_login_checks_no_password_for_a_signed_in_person(client, visitor, superuser):
    """A signed-in visitor could otherwise guess the superuser's password there, unlimited."""
    client.force_login(visitor)
    response = client.post(
        f"{ADMIN}login/", {"username": superuser.email, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(visitor.pk)


def test_the_admin_login_sends_an_anonymous_person_to_the_portals_login(client, superuser):
    response = client.post(f"{ADMIN}login/", {"username": superuser.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_password_change_is_the_portals(client, staff):
    """The portal's page asks for the current password under a rate limit; the admin's would not."""
    client.force_login(staff)
    response = client.post(
        f"{ADMIN}password_change/",
        {
            "old_password": "guess",
            "new_password1": "x-long-pass-1",
            "new_password2": "x-long-pass-1",
        },
    )
    assert response.status_code == 302
    assert response.url == "/accounts/password/change/"
    assert client.get(f"{ADMIN}password_change/").url == "/accounts/password/change/"


def test_guessing_the_current_password_is_throttled(client, visitor):
    client.force_login(visitor)
    answers = [
        client.post(
            "/accounts/password/change/",
            {
                "oldpassword": f"guess-{n}",
                "password1": "x-long-pass-1",
                "password2": "x-long-pass-1",
            },
        ).status_code
        for n in range(6)
    ]
    assert answers[-1] == 429
    assert User.objects.get(pk=visitor.pk).check_password(PASSWORD)


def test_a_new_person_can_still_sign_up_behind_the_balancer(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.jp",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code == 302
    assert UserFactory._meta.model.objects.filter(email="new@example.jp").exists()
