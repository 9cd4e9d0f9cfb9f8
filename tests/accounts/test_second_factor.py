"""A second factor for staff: an authenticator app (TOTP) and recovery codes (allauth.mfa).

Staff and superusers reach no page, the admin least of all, until their session has proved a
second factor; company owners may use one. Staff sessions end after a working day. These
tests log in as people do, with a password and a code computed from the app's secret, except
where a test says it uses Django's plain client (a session that proved nothing).
"""

import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import mfa
from tests.accounts.factories import UserFactory, totp_code, totp_secret
from tests.conftest import ADMIN, PASSWORD

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"
CONFIRM = "/accounts/2fa/reauthenticate/"


@pytest.fixture
def staff_without_app(role_groups):
    user = UserFactory(is_staff=True, second_factor=False)
    user.groups.add(role_groups[0])
    return user


@pytest.fixture
def superuser_without_app(db):
    return UserFactory(is_staff=True, is_superuser=True, second_factor=False)


def admin_pages(ordinary):
    """One URL of each kind the admin has."""
    return {
        "index": reverse("admin:index"),
        "changelist": reverse("admin:accounts_invitation_changelist"),
        "add": reverse("admin:accounts_invitation_add"),
        "change": reverse("admin:accounts_user_change", args=[ordinary.pk]),
        "password": reverse("admin:auth_user_password_change", args=[ordinary.pk]),
    }


def log_in(client, user, code=None):
    """Log in with the password, then (when asked) with a code from the app."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    if response.url.startswith("/accounts/2fa/authenticate/"):
        assert "_auth_user_id" not in client.session  # not logged in before the code
        response = client.post(
            "/accounts/2fa/authenticate/", {"code": code or totp_code(totp_secret(user))}
        )
    return response


def confirm_access(client, user):
    """allauth asks for the password again before a second factor is added or removed."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def secret_on(page) -> str:
    """The key the setup page shows beside the QR code, for typing into an app by hand."""
    body = page.content.decode()
    return body.split('id="authenticator_secret"')[1].split('value="')[1].split('"')[0]


# --- Staff without an authenticator app -------------------------------------------------


@pytest.mark.parametrize("kind", ["index", "changelist", "add", "change", "password"])
@pytest.mark.parametrize("who", ["staff_without_app", "superuser_without_app"])
def test_staff_without_an_app_are_sent_to_set_one_up_from_every_admin_page(
    request, client, visitor, who, kind
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = admin_pages(visitor)[kind]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == SETUP
    # Nor does a form posted straight to the admin change anything.
    client.post(url, {"email": "changed@example.jp", "password1": "x", "password2": "x"})
    visitor.refresh_from_db()
    assert visitor.email != "changed@example.jp"
    assert visitor.check_password(PASSWORD)


@pytest.mark.parametrize(
    "url", ["/", "/companies/dashboard/", "/openfactory/", "/accounts/password/change/"]
)
def test_staff_without_an_app_reach_no_other_page_either(client, staff_without_app, url):
    client.force_login(staff_without_app)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == SETUP


def test_the_setup_page_says_why_and_shows_the_key_inside_the_portal(client, staff_without_app):
    log_in(client, staff_without_app)
    # allauth first asks for the password again; the portal's message says why.
    confirm = client.get("/", follow=True)
    assert (
        confirm.redirect_chain[-1][0] == f"/accounts/reauthenticate/?{urlencode({'next': SETUP})}"
    )
    assert "認証アプリ" in confirm.content.decode()
    confirm_access(client, staff_without_app)
    page = client.get(SETUP)
    body = page.content.decode()
    assert "認証アプリを有効化する" in body
    assert 'class="site-header"' in body  # the portal's layout, not allauth's bare page
    assert len(secret_on(page)) == 32


def test_staff_may_log_out_and_switch_language_before_setting_up(client, staff_without_app):
    client.force_login(staff_without_app)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)  # allauth announces the new app once committed
def test_a_new_staff_member_logs_in_sets_up_the_app_and_reaches_the_admin(
    client, staff_without_app
):
    response = log_in(client, staff_without_app)
    assert client.session["_auth_user_id"] == str(staff_without_app.pk)
    assert client.get(response.url).url == SETUP
    confirm_access(client, staff_without_app)
    secret = secret_on(client.get(SETUP))

    wrong = client.post(SETUP, {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert "コードが正しくありません" in wrong.content.decode()
    assert client.get(ADMIN).status_code == 302

    done = client.post(SETUP, {"code": totp_code(secret)})
    assert done.url == "/accounts/2fa/recovery-codes/"
    codes = client.get(done.url).content.decode()
    assert "リカバリーコード" in codes
    assert client.get(ADMIN).status_code == 200
    assert totp_secret(staff_without_app) == secret


# --- Staff with an app ------------------------------------------------------------------


def test_staff_log_in_with_password_and_code_and_reach_the_admin(client, staff):
    response = client.post("/accounts/login/", {"login": staff.email, "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    assert client.get(ADMIN).url.startswith(f"{ADMIN}login/")

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "12345"})
    assert "コードが正しくありません" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(totp_secret(staff))})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get(ADMIN).status_code == 200


def test_a_recovery_code_stands_in_for_a_lost_phone(client, staff):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    log_in(client, staff, code=codes[0])
    assert client.get(ADMIN).status_code == 200
    # A recovery code works once.
    client.post("/accounts/logout/")
    log_in(client, staff, code=codes[0])
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("kind", ["index", "changelist", "add", "change", "password"])
@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_session_that_proved_no_second_factor_is_asked_for_a_code(request, visitor, who, kind):
    """Django's plain client: logged in (a session from before the app, say), no code given."""
    user = request.getfixturevalue(who)
    client = Client()
    client.force_login(user)
    url = admin_pages(visitor)[kind]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{CONFIRM}?{urlencode({'next': url})}"
    client.post(url, {"email": "changed@example.jp", "password1": "x", "password2": "x"})
    visitor.refresh_from_db()
    assert visitor.email != "changed@example.jp"
    # The code from the app opens the page.
    client.post(response.url, {"code": totp_code(totp_secret(user))})
    assert client.get(url).status_code == 200


def test_staff_cannot_switch_their_second_factor_off(client, staff):
    log_in(client, staff)
    confirm_access(client, staff)
    page = client.post("/accounts/2fa/totp/deactivate/")
    assert mfa.has_authenticator_app(staff)
    assert "システム管理者が管理サイトで登録を解除" in page.content.decode()


# --- Company owners: offered, not forced --------------------------------------------------


def test_an_owner_without_an_app_keeps_working(client, owner, company):
    client.force_login(owner)
    assert client.get(f"/companies/{company.slug}/edit/").status_code == 200


def test_owners_and_staff_find_the_second_factor_in_the_header(client, owner, visitor):
    client.force_login(owner)
    assert 'href="/accounts/2fa/"' in client.get("/").content.decode()
    client.force_login(visitor)
    assert 'href="/accounts/2fa/"' not in client.get("/").content.decode()


def test_an_owner_sets_up_the_app_and_then_logs_in_with_a_code(client, owner):
    log_in(client, owner)
    page = client.get("/accounts/2fa/").content.decode()
    assert "認証アプリ" in page
    confirm_access(client, owner)
    client.post(SETUP, {"code": totp_code(secret_on(client.get(SETUP)))})
    assert mfa.has_authenticator_app(owner)

    client.post("/accounts/logout/")
    response = client.post("/accounts/login/", {"login": owner.email, "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session


def test_an_owner_may_switch_the_app_off(client, owner):
    from tests.accounts.factories import give_second_factor

    give_second_factor(owner)
    log_in(client, owner)
    confirm_access(client, owner)
    client.post("/accounts/2fa/totp/deactivate/")
    assert not mfa.has_authenticator_app(owner)


# --- A working day ----------------------------------------------------------------------


def logged_in_ago(client, user, delta):
    client.force_login(user)
    session = client.session
    session[mfa.LOGIN_AT_SESSION_KEY] = time.time() - delta.total_seconds()
    session.save()


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_a_staff_session_ends_after_a_working_day(request, client, who):
    user = request.getfixturevalue(who)
    logged_in_ago(client, user, timedelta(hours=8, minutes=59))
    assert client.get(ADMIN).status_code == 200
    logged_in_ago(client, user, timedelta(hours=9, seconds=1))
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={ADMIN}"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "9時間" in page


def test_the_working_day_is_a_setting(client, staff, settings):
    settings.STAFF_SESSION_AGE = 60 * 60
    logged_in_ago(client, staff, timedelta(minutes=61))
    assert client.get(ADMIN).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_staff_session_cookie_ends_with_the_working_day(client, staff):
    client.force_login(staff)
    ends = client.session.get_expiry_date()
    assert timezone.now() + timedelta(hours=8, minutes=59) < ends
    assert ends <= timezone.now() + timedelta(hours=9)


def test_other_sessions_last_as_before(client, owner):
    logged_in_ago(client, owner, timedelta(hours=30))
    assert client.get("/companies/mine/").status_code == 200


# --- A lost phone -----------------------------------------------------------------------


def test_the_last_superuser_who_lost_the_phone_is_helped_on_the_command_line(client, superuser):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("remove_second_factor", superuser.email.upper(), stdout=out)
    assert "Removed" in out.getvalue()
    assert not mfa.has_authenticator_app(superuser)
    log_in(client, superuser)  # password only now, then sent to set up a new app
    assert client.get(ADMIN).url == SETUP
    with pytest.raises(CommandError):
        call_command("remove_second_factor", "nobody@example.jp")


def test_a_superuser_resets_a_lost_phone_in_the_admin_and_city_staff_cannot(
    client, superuser, staff, other_staff_with_app
):
    from allauth.mfa.models import Authenticator

    app = Authenticator.objects.get(user=other_staff_with_app, type=Authenticator.Type.TOTP)
    client.force_login(staff)
    client.post(f"{ADMIN}accounts/secondfactor/{app.pk}/delete/", {"post": "yes"})
    assert Authenticator.objects.filter(pk=app.pk).exists()
    page = client.get(f"{ADMIN}accounts/secondfactor/{app.pk}/change/")
    assert page.status_code == 403

    client.force_login(superuser)
    page = client.get(f"{ADMIN}accounts/secondfactor/{app.pk}/change/").content.decode()
    assert app.data["secret"] not in page  # the key that makes the codes is never shown
    client.post(f"{ADMIN}accounts/secondfactor/{app.pk}/delete/", {"post": "yes"})
    assert not Authenticator.objects.filter(pk=app.pk).exists()


@pytest.fixture
def other_staff_with_app(role_groups):
    user = UserFactory(is_staff=True)
    user.groups.add(role_groups[0])
    return user
